"""How often the courts adopt the sentencing recommendations: per province in the comparison, per
charge and province in its table, on the page and in the API."""

import datetime as dt

import pytest
from django.core.cache import cache
from django.urls import reverse

from casebank.comparison.adoption import adoption_by_charge
from casebank.comparison.selectors import (
    aggregate_in_database,
    aggregate_in_python,
    comparison_outcomes,
    sentencing_comparison,
)
from casebank.library.models import CaseStatus
from tests.casebank.extras_data import make_case, other, prison

NOW = dt.datetime(2026, 6, 1, 10, tzinfo=dt.UTC)
pytestmark = [
    pytest.mark.django_db,
    pytest.mark.clock(NOW, tick=False),
    pytest.mark.usefixtures("clock"),
]
API = "/api/v1/cases/compare/adoption/"


@pytest.fixture(autouse=True)
def no_cached_summary():
    cache.clear()  # the summary by charge is cached for a few minutes


def recommended(months, adopted=True, **more) -> dict:
    """A prison term after a plea, with the recommendation adopted or not."""
    return prison(
        months,
        plea_leniency=True,
        recommendation=f"有期徒刑{months}个月",
        recommendation_adopted="adopted" if adopted else "not_adopted",
        **more,
    )


@pytest.fixture
def library():
    """Theft: GS 2 of 3 adopted, SN 1 of 1; fraud: SN 0 of 1; QH recommends nothing."""
    make_case("GS", outcomes=[recommended(12), recommended(10), recommended(24, adopted=False)])
    make_case("GS", outcomes=[prison(30)])  # no recommendation: not counted either way
    make_case("SN", outcomes=[recommended(8), recommended(40, charge="诈骗罪", adopted=False)])
    make_case("SN", outcomes=[other("not_prosecuted", non_prosecution="discretionary")])
    make_case("QH", outcomes=[prison(18)])
    # Never counted: a draft and a withdrawn case.
    make_case("NX", status=CaseStatus.DRAFT, outcomes=[recommended(12)])
    make_case("XJ", status=CaseStatus.WITHDRAWN, outcomes=[recommended(12, adopted=False)])


def test_adoption_per_province_for_one_charge(library, gs_prosecutor):
    comparison = sentencing_comparison(user=gs_prosecutor, charge="盗窃罪")
    rows = {row.province: row for row in comparison.provinces}
    assert (rows["GS"].recommended, rows["GS"].adopted) == (3, 2)
    assert rows["GS"].adoption_rate == pytest.approx(2 / 3)
    assert (rows["SN"].recommended, rows["SN"].adopted, rows["SN"].adoption_rate) == (1, 1, 1)
    for code in ("QH", "NX", "XJ", "BT"):
        assert rows[code].recommended == 0 and rows[code].adoption_rate is None
    assert (comparison.overall.recommended, comparison.overall.adopted) == (4, 3)
    fraud = sentencing_comparison(user=gs_prosecutor, charge="诈骗罪").overall
    assert (fraud.recommended, fraud.adopted, fraud.adoption_rate) == (1, 0, 0)


def test_database_and_python_count_adoption_alike(library, gs_prosecutor):
    outcomes = comparison_outcomes(user=gs_prosecutor, charge="盗窃罪")
    assert aggregate_in_python(outcomes) == aggregate_in_database(outcomes)


def test_adoption_per_charge_and_province(library, gs_prosecutor):
    table = adoption_by_charge(user=gs_prosecutor)
    assert [summary.charge for summary in table.charges] == ["盗窃罪", "诈骗罪"]
    theft, fraud = table.charges
    assert [(cell.recommended, cell.adopted) for cell in theft.cells] == [
        (3, 2), (1, 1), (0, 0), (0, 0), (0, 0), (0, 0),
    ]  # fmt: skip
    assert theft.overall.rate == pytest.approx(3 / 4)
    assert fraud.overall.rate == 0 and fraud.cells[0].rate is None
    totals = {code: adoption for code, _label, adoption in table.provinces}
    assert (totals["GS"].recommended, totals["GS"].adopted) == (3, 2)
    assert (totals["SN"].recommended, totals["SN"].adopted) == (2, 1)
    assert totals["QH"].rate is None and table.overall.rate == pytest.approx(3 / 5)


def test_the_page_shows_rates_and_a_dash_where_there_is_none(client, library, qh_liaison):
    client.force_login(qh_liaison)
    content = client.get(reverse("casebank:compare"), {"charge": "盗窃罪"}).content.decode()
    row = content.split('data-testid="compare-GS"')[1].split("</tr>")[0]
    assert "67%" in row and "(2/3)" in row
    row = content.split('data-testid="compare-QH"')[1].split("</tr>")[0]
    adoption = row.split('data-testid="adoption"')[1]
    assert "—" in adoption and "0%" not in adoption
    table = content.split('data-testid="adoption-table"')[1].split("</table>")[0]
    fraud = table.split('data-testid="adoption-诈骗罪"')[1].split("</tr>")[0]
    assert "0%" in fraud and "(0/1)" in fraud and fraud.count("—") == 5
    assert "量刑建议采纳" in content
    # Without a charge chosen, the table by charge is there already.
    content = client.get(reverse("casebank:compare")).content.decode()
    assert 'data-testid="adoption-盗窃罪"' in content


def test_an_empty_library_says_so(client, gs_prosecutor):
    client.force_login(gs_prosecutor)
    content = client.get(reverse("casebank:compare")).content.decode()
    assert 'data-testid="adoption-empty"' in content


def test_the_api_answers_rates_and_nulls(client, library, sn_prosecutor):
    client.force_login(sn_prosecutor)
    body = client.get(API).json()
    theft = body["charges"][0]
    assert theft["charge"] == "盗窃罪"
    assert theft["overall"] == {"recommended": 4, "adopted": 3, "rate": 0.75}
    gs = theft["provinces"][0]
    assert gs["province"] == "GS" and (gs["recommended"], gs["adopted"]) == (3, 2)
    assert theft["provinces"][2] == {"province": "QH", "recommended": 0, "adopted": 0, "rate": None}
    assert body["overall"]["rate"] == 0.6
    compare = client.get("/api/v1/cases/compare/", {"charge": "盗窃罪"}).json()
    sn = next(row for row in compare["provinces"] if row["province"] == "SN")
    assert (sn["recommended"], sn["adopted"], sn["adoption_rate"]) == (1, 1, 1.0)
    qh = next(row for row in compare["provinces"] if row["province"] == "QH")
    assert qh["adoption_rate"] is None


def test_no_role_gets_nothing_and_anonymous_visitors_are_refused(client, library):
    from tests.factories import UserFactory

    nobody = UserFactory(username="t-no-role")
    assert adoption_by_charge(user=nobody).is_empty
    client.force_login(nobody)
    assert client.get(API).json()["charges"] == []
    client.logout()
    assert client.get(API).status_code in (401, 403)


@pytest.mark.parametrize("more", [0, 30])
def test_the_api_queries_do_not_grow_with_the_library(
    client, library, gs_prosecutor, more, django_assert_max_num_queries
):
    for index in range(more):
        make_case(
            ["GS", "SN", "QH", "NX", "XJ", "BT"][index % 6],
            outcomes=[recommended(6 + index, adopted=index % 2, charge=f"罪名{index % 7}罪")],
        )
    client.force_login(gs_prosecutor)
    with django_assert_max_num_queries(6):
        assert client.get(API).status_code == 200
