"""The search page, its CSV export and the search API, for a researcher, a prosecutor of another
province, and an anonymous visitor."""

import csv
import io

import pytest
from django.urls import reverse

from casebank.library.models import CaseStatus
from casebank.search.backends.postgres import FACET_VALUES
from portal.models import AuditEntry, Role
from tests.casebank.search_data import make_case
from tests.factories import UserFactory, member

SEARCH = "/library/search/"
API = "/api/v1/cases/search/"


@pytest.fixture
def library(db):
    """Published cases of two provinces and a Shaanxi draft."""
    return {
        "drugs": make_case(title="王某贩卖毒品案", facts="贩卖毒品海洛因五十克。", province="GS"),
        "relics": make_case(
            title="李某走私文物案", facts="走私文物出境，兼涉毒品。", province="SN"
        ),
        "draft": make_case(title="草稿毒品案", status=CaseStatus.DRAFT, province="SN"),
    }


def test_search_page_shows_ranked_highlighted_results_with_counts(client, gs_researcher, library):
    client.force_login(gs_researcher)
    response = client.get(SEARCH, {"q": "毒品"})
    assert response.status_code == 200
    page = response.content.decode()
    assert reverse("casebank:search") == SEARCH
    assert "王某贩卖<mark>毒品</mark>案" in page
    assert "李某走私文物案" in page
    assert "草稿毒品案" not in page
    assert page.index("王某贩卖") < page.index("李某走私")
    assert 'data-testid="facet-province"' in page
    assert "?q=%E6%AF%92%E5%93%81&amp;province=SN" in page  # a filter link with its count
    results = response.context["results"]
    assert results.total == 2


def test_search_page_filters_within_sort_and_empty_state(client, gs_researcher, library):
    client.force_login(gs_researcher)
    response = client.get(SEARCH, {"q": "毒品", "province": "SN"})
    assert [hit.case.title for hit in response.context["results"].hits] == ["李某走私文物案"]
    response = client.get(SEARCH, {"q": "毒品", "within": "海洛因"})
    assert [hit.case.title for hit in response.context["results"].hits] == ["王某贩卖毒品案"]
    response = client.get(SEARCH, {"q": "毒品", "sort": "date"})
    assert response.context["results"].sort == "date"
    response = client.get(SEARCH, {"q": "枪支"})
    assert 'data-testid="search-empty"' in response.content.decode()
    assert response.context["results"].total == 0


def test_search_page_refuses_bad_input_with_a_message(client, gs_researcher, library):
    client.force_login(gs_researcher)
    response = client.get(SEARCH, {"q": "毒品", "province": "XX", "year": "abc"})
    assert response.status_code == 200
    assert 'data-testid="search-errors"' in response.content.decode()
    assert response.context["results"] is None


def test_search_page_answers_htmx_with_the_same_page(client, gs_researcher, library):
    client.force_login(gs_researcher)
    response = client.get(SEARCH, {"q": "文物"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert 'id="search-area"' in response.content.decode()


def test_other_provinces_see_the_same_library_and_no_draft(client, library):
    outsider = UserFactory(
        username="t-qh-prosecutor", procuratorate=member("QH"), roles=[Role.PROSECUTOR]
    )
    client.force_login(outsider)
    response = client.get(SEARCH, {"q": "毒品"})
    titles = [hit.case.title for hit in response.context["results"].hits]
    assert sorted(titles) == ["李某走私文物案", "王某贩卖毒品案"]


def test_anonymous_visitors_get_the_login_page(client, library):
    for url in (SEARCH + "?q=毒品", reverse("casebank:search-export") + "?q=毒品"):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))
    assert client.get(API, {"q": "毒品"}).status_code == 401


def test_search_page_query_count_does_not_grow(
    client, gs_researcher, django_assert_max_num_queries
):
    for index in range(3):
        make_case(title=f"{index}号毒品案")
    client.force_login(gs_researcher)
    # Both searches meet combinations of facet values this process has not read yet.
    FACET_VALUES.clear()
    with django_assert_max_num_queries(11) as few:
        client.get(SEARCH, {"q": "毒品"})
    for index in range(30):
        make_case(title=f"{index}号又一毒品案", province=["GS", "SN", "QH"][index % 3])
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(SEARCH, {"q": "毒品"})
    assert len(response.context["results"].hits) == 20


def test_csv_export(client, gs_researcher, library):
    make_case(title="=HYPERLINK(1)毒品案", province="QH")
    client.force_login(gs_researcher)
    response = client.get(reverse("casebank:search-export"), {"q": "毒品", "sort": "date"})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment;" in response["Content-Disposition"]
    body = response.content.decode("utf-8")
    assert body.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(body.removeprefix("\ufeff"))))
    assert len(rows) == 4
    assert rows[0][:2] == ["案例编号", "案例标题"]
    titles = {row[1] for row in rows[1:]}
    assert titles == {"王某贩卖毒品案", "李某走私文物案", "'=HYPERLINK(1)毒品案"}
    assert "草稿毒品案" not in body
    (export,) = AuditEntry.objects.filter(action=AuditEntry.Action.EXPORT)  # who, what, how many
    assert export.actor == gs_researcher and export.detail.startswith("case-library-")
    assert ": 3 ?" in export.detail and "sort=date" in export.detail
    filtered = client.get(reverse("casebank:search-export"), {"q": "毒品", "province": "GS"})
    assert len(list(csv.reader(io.StringIO(filtered.content.decode("utf-8-sig"))))) == 2
    assert client.get(reverse("casebank:search-export"), {"province": "XX"}).status_code == 400


def test_api_search(client, gs_researcher, library):
    client.force_login(gs_researcher)
    response = client.get(API, {"q": "毒品", "province": "GS"})
    assert response.status_code == 200
    data = response.json()
    assert data["count"] == 1
    hit = data["results"][0]
    assert hit["title"] == "王某贩卖毒品案"
    assert hit["title_html"] == "王某贩卖<mark>毒品</mark>案"
    assert "<mark>毒品</mark>" in hit["snippet_html"]
    assert hit["code"] == library["drugs"].code
    facets = {facet["name"]: facet for facet in data["facets"]}
    assert facets["province"]["values"] == [
        {"value": "GS", "label": facets["province"]["values"][0]["label"], "count": 1,
         "selected": True}
    ]  # fmt: skip
    assert data["next"] is None


def test_api_search_pages_and_errors(client, gs_researcher):
    for index in range(5):
        make_case(title=f"{index}号毒品案")
    client.force_login(gs_researcher)
    data = client.get(API, {"q": "毒品", "page_size": 2, "page": 2, "sort": "date"}).json()
    assert (data["count"], data["page"], data["num_pages"], len(data["results"])) == (5, 2, 3, 2)
    assert (data["previous"], data["next"]) == (1, 3)
    response = client.get(API, {"q": "毒品", "province": "XX"})
    assert response.status_code == 400
    assert response.json()["code"] == "invalid"
    assert "province" in response.json()["fields"]


def test_api_search_is_in_the_schema(client, gs_researcher):
    client.force_login(gs_researcher)
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/json").json()
    operation = schema["paths"]["/api/v1/cases/search/"]["get"]
    assert operation["operationId"] == "cases_search"
    names = {parameter["name"] for parameter in operation["parameters"]}
    assert {"q", "within", "category", "charge", "province", "level", "year", "keyword"} <= names
    assert {"sort", "page", "page_size"} <= names
    assert "SearchResponse" in schema["components"]["schemas"]
