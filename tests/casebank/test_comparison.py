"""Sentencing comparison: the figures against hand-computed ones, the page, the API, the chart."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.urls import reverse

from casebank.comparison.selectors import (
    aggregate_in_database,
    aggregate_in_python,
    comparison_outcomes,
    quartiles,
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


@pytest.fixture(autouse=True)
def no_cached_charges():
    cache.clear()  # the charges suggested are cached for a few minutes


@pytest.fixture
def library():
    """Five published cases of three provinces, and cases that must never be counted."""
    cases = {
        "A": make_case(
            "GS",
            decided_on=dt.date(2024, 5, 10),
            outcomes=[
                prison(12, fine=5000),
                prison(4, kind="detention", suspended_for=6, fine=2000),
                prison(50, charge="诈骗罪"),  # another charge in the same case
            ],
        ),
        "B": make_case(
            "GS",
            decided_on=dt.date(2025, 3, 1),
            outcomes=[prison(36, fine=20000), other("fine_only", fine=3000)],
        ),
        "C": make_case(
            "SN",
            decided_on=dt.date(2025, 6, 15),
            category="cybercrime",
            outcomes=[
                prison(24, suspended_for=36, fine=10000),
                prison(60, fine=50000),
                other("surveillance", months=6),
            ],
        ),
        "D": make_case(
            "SN",
            decided_on=dt.date(2023, 9, 20),
            outcomes=[prison(120), other("exempted")],
        ),
        "E": make_case("QH", decided_on=dt.date(2025, 1, 8), outcomes=[prison(18)]),
    }
    # Never counted: drafts and cases under review of any province, withdrawn cases, other charges.
    make_case("GS", status=CaseStatus.DRAFT, outcomes=[prison(300, fine=900000)])
    make_case("SN", status=CaseStatus.SUBMITTED, outcomes=[prison(200)])
    make_case("XJ", status=CaseStatus.RETURNED, outcomes=[prison(150)])
    make_case("QH", status=CaseStatus.WITHDRAWN, outcomes=[prison(240)])
    make_case("GS", outcomes=[prison(100, charge="诈骗罪")])
    return cases


def by_province(comparison):
    return {row.province: row for row in comparison.provinces}


def test_figures_per_province_match_hand_computation(library, gs_prosecutor):
    comparison = sentencing_comparison(user=gs_prosecutor, charge="盗窃罪")
    rows = by_province(comparison)
    assert [row.province for row in comparison.provinces] == ["GS", "SN", "QH", "NX", "XJ", "BT"]

    gs = rows["GS"]  # terms 4, 12, 36; fines 2000, 3000, 5000, 20000
    assert gs.defendants == 4 and gs.terms.count == 3
    assert (gs.terms.minimum, gs.terms.q1, gs.terms.median, gs.terms.q3, gs.terms.maximum) == (
        4,
        8,
        12,
        24,
        36,
    )
    assert gs.suspended == 1 and gs.suspended_share == pytest.approx(1 / 3)
    assert gs.fined == 4 and gs.median_fine == Decimal("4000.00")
    assert gs.others == {"surveillance": 0, "fine_only": 1, "exempted": 0}

    sn = rows["SN"]  # terms 24, 60, 120; fines 10000, 50000
    assert sn.defendants == 5 and sn.terms.count == 3
    assert (sn.terms.q1, sn.terms.median, sn.terms.q3) == (42, 60, 90)
    assert (sn.terms.minimum, sn.terms.maximum) == (24, 120)
    assert sn.suspended == 1 and sn.median_fine == Decimal("30000.00")
    assert sn.others == {"surveillance": 1, "fine_only": 0, "exempted": 1}

    qh = rows["QH"]  # one term of 18; no fine
    assert (qh.terms.q1, qh.terms.median, qh.terms.q3) == (18, 18, 18)
    assert qh.suspended_share == 0 and qh.median_fine is None and qh.fined == 0

    for code in ("NX", "XJ", "BT"):
        assert rows[code].defendants == 0 and rows[code].terms.median is None
        assert rows[code].suspended_share is None


def test_six_province_median_and_the_outliers(library, gs_prosecutor):
    comparison = sentencing_comparison(user=gs_prosecutor, charge="盗窃罪")
    overall = comparison.overall  # terms 4, 12, 18, 24, 36, 60, 120
    assert overall.defendants == 10 and overall.terms.count == 7
    assert (overall.terms.q1, overall.terms.median, overall.terms.q3) == (15, 24, 48)
    assert overall.suspended == 2
    # fines 2000, 3000, 5000, 10000, 20000, 50000
    assert overall.median_fine == Decimal("7500.00") and overall.fined == 6
    # Distance from 24: 120 → 96, 60 → 36, 4 → 20, then 36 and 12 (both 12): the later case first.
    assert [(o.term_months, o.distance) for o in comparison.outliers] == [
        (120, 96),
        (60, 36),
        (4, 20),
        (36, 12),
        (12, 12),
        (18, 6),
        (24, 0),
    ]
    assert comparison.outliers[0].case_id == library["D"].pk
    assert comparison.outliers[0].case_code == library["D"].code
    assert comparison.outliers[3].case_id == library["B"].pk
    short = sentencing_comparison(user=gs_prosecutor, charge="盗窃罪", outlier_limit=2)
    assert [o.term_months for o in short.outliers] == [120, 60]


def test_year_and_category_filters(library, gs_prosecutor):
    recent = sentencing_comparison(user=gs_prosecutor, charge="盗窃罪", year_from=2025)
    rows = by_province(recent)  # A (2024) and D (2023) drop out
    assert rows["GS"].terms.count == 1 and rows["GS"].median_fine == Decimal("11500.00")
    assert (rows["SN"].terms.q1, rows["SN"].terms.median, rows["SN"].terms.q3) == (33, 42, 51)
    assert (recent.overall.terms.q1, recent.overall.terms.median) == (22.5, 30)
    assert recent.overall.terms.q3 == 42
    until_2024 = sentencing_comparison(user=gs_prosecutor, charge="盗窃罪", year_to=2024)
    assert until_2024.overall.terms.count == 3  # 12, 4 and 120
    cyber = sentencing_comparison(user=gs_prosecutor, charge="盗窃罪", category="cybercrime")
    assert cyber.overall.defendants == 3 and by_province(cyber)["GS"].defendants == 0
    none = sentencing_comparison(user=gs_prosecutor, charge="抢劫罪")
    assert none.is_empty and none.outliers == [] and none.overall.terms.median is None


def test_database_and_python_give_the_same_figures(library, gs_prosecutor):
    """The embedded SQLite's way (Python) agrees with PostgreSQL's percentile_cont."""
    for filters in ({}, {"year_from": 2025}, {"category": "cybercrime"}):
        outcomes = comparison_outcomes(user=gs_prosecutor, charge="盗窃罪", **filters)
        assert aggregate_in_python(outcomes) == aggregate_in_database(outcomes)
    assert quartiles([1, 2, 3, 4]) == (1.75, 2.5, 3.25)
    assert quartiles([]) is None


def test_no_role_sees_nothing(library, db):
    from tests.factories import UserFactory

    nobody = UserFactory(username="t-no-role")
    assert sentencing_comparison(user=nobody, charge="盗窃罪").is_empty


def test_the_page_shows_table_chart_and_outliers(client, library, qh_liaison):
    client.force_login(qh_liaison)
    url = reverse("casebank:compare")
    response = client.get(url, {"charge": "盗窃罪"})
    assert response.status_code == 200
    content = response.content.decode()
    assert 'data-testid="compare-table"' in content and 'data-testid="box-plot"' in content
    assert '<title id="box-plot-title">' in content and '<desc id="box-plot-desc">' in content
    assert "甘肃" in content and "陕西" in content and "新疆生产建设兵团" in content
    assert reverse("casebank:case-detail", args=[library["D"].pk]) in content
    assert "盗窃罪" in content and 'list="charge-options"' in content
    assert '<option value="诈骗罪">' in content  # the charges present are suggested
    table = content.split('data-testid="compare-table"')[1].split("</table>")[0]
    assert "4–36" in table and "24–120" in table and "4–120" in table  # the drafts' 300 is not
    assert "–300" not in table and "–240" not in table


def test_the_page_without_a_charge_and_with_wrong_years(client, library, gs_prosecutor):
    client.force_login(gs_prosecutor)
    url = reverse("casebank:compare")
    response = client.get(url)
    assert response.status_code == 200 and 'data-testid="box-plot"' not in response.content.decode()
    response = client.get(url, {"charge": "盗窃罪", "year_from": 2025, "year_to": 2020})
    content = response.content.decode()
    assert response.status_code == 400 and 'data-testid="error-year_to"' in content
    assert "调换" in content
    response = client.get(url, {"charge": "抢劫罪"})
    assert 'data-testid="compare-empty"' in response.content.decode()


def test_anonymous_visitors_are_sent_to_sign_in(client, library):
    response = client.get(reverse("casebank:compare"), {"charge": "盗窃罪"})
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    response = client.get("/api/v1/cases/compare/", {"charge": "盗窃罪"})
    assert response.status_code in (401, 403)


@pytest.mark.parametrize("more", [0, 30])
def test_page_queries_do_not_grow_with_the_library(
    client, library, gs_prosecutor, more, django_assert_max_num_queries
):
    for index in range(more):
        make_case(
            ["GS", "SN", "QH", "NX", "XJ", "BT"][index % 6],
            outcomes=[prison(6 + index, fine=1000 * index), other("fine_only", fine=500)],
        )
    client.force_login(gs_prosecutor)
    # session, user, roles, procuratorate, two for the figures, the charges, the badge
    with django_assert_max_num_queries(8):
        response = client.get(reverse("casebank:compare"), {"charge": "盗窃罪"})
    assert response.status_code == 200
    with django_assert_max_num_queries(7):  # the charges now come from the cache
        response = client.get(reverse("casebank:compare"), {"charge": "盗窃罪"})
    assert response.status_code == 200


def test_api_answers_the_same_figures(client, library, sn_prosecutor):
    client.force_login(sn_prosecutor)
    response = client.get("/api/v1/cases/compare/", {"charge": "盗窃罪", "year_from": 2025})
    assert response.status_code == 200
    body = response.json()
    assert body["overall"]["terms"]["median"] == 30
    gs = next(row for row in body["provinces"] if row["province"] == "GS")
    assert gs["median_fine"] == "11500.00" and gs["defendants"] == 2
    assert body["outliers"][0]["case_url"] == reverse(
        "casebank:case-detail", args=[library["C"].pk]
    )
    response = client.get("/api/v1/cases/compare/", {"year_from": 2025})
    assert response.status_code == 400 and set(response.json()["fields"]) == {"charge"}
    response = client.get("/api/v1/cases/compare/", {"charge": "盗窃罪", "year_from": 2030})
    assert response.status_code == 400 and set(response.json()["fields"]) == {"year_from"}


def test_comparison_is_in_the_openapi_schema(client, gs_prosecutor):
    client.force_login(gs_prosecutor)
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/json").json()
    operation = schema["paths"]["/api/v1/cases/compare/"]["get"]
    assert operation["operationId"] == "cases_compare"
    assert {parameter["name"] for parameter in operation["parameters"]} >= {
        "charge",
        "category",
        "year_from",
        "year_to",
    }


def test_box_plot_places_quartiles_on_one_axis(library, gs_prosecutor):
    from casebank.comparison.charts import box_plot, tick_step

    plot = box_plot(sentencing_comparison(user=gs_prosecutor, charge="盗窃罪"))
    rows = {row.label: row for row in plot.rows}
    gansu = rows["甘肃"]
    assert gansu.minimum < gansu.q1 < gansu.median < gansu.q3 < gansu.maximum
    assert rows["宁夏"].count == 0 and rows["宁夏"].median is None
    assert plot.rows[-1].pooled and plot.rows[-1].label == "五省（区）和兵团合计"
    # The axis runs 0-120 months by 12; the six-province median (24) sits at its fifth.
    assert [months for _, months in plot.ticks] == list(range(0, 121, 12))
    assert plot.median_x == pytest.approx(plot.plot_left + (plot.plot_right - plot.plot_left) / 5)
    assert (tick_step(10), tick_step(40), tick_step(300)) == (1, 6, 36)


def test_box_plot_makes_room_for_english_names(library, gs_prosecutor, client):
    from django.utils import translation

    from casebank.comparison.charts import box_plot, text_width

    with translation.override("en"):
        plot = box_plot(sentencing_comparison(user=gs_prosecutor, charge="盗窃罪"))
        longest = text_width("Xinjiang Production and Construction Corps (0)")
    assert plot.label_x >= longest and plot.plot_right - plot.plot_left > 300
    client.force_login(gs_prosecutor)
    content = client.get(
        reverse("casebank:compare"), {"charge": "盗窃罪"}, HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    assert "Prison terms for 盗窃罪 by province" in content and "Six provinces" in content
