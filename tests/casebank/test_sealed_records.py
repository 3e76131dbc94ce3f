"""Sealed juvenile records (犯罪记录封存, 刑事诉讼法 art. 286): a sealed case never goes to the
shared library; sealed after it was shared, it leaves it, and from then on no search, comparison
or export shows it, and no other province sees it at all."""

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.urls import reverse

from casebank.comparison.selectors import sentencing_comparison
from casebank.library import selectors, services
from casebank.library.models import CaseStatus, TypicalCase
from casebank.library.permissions import case_policy
from tests.factories import draft_case, published_case

pytestmark = pytest.mark.django_db

TITLE = "阿某某盗窃案"
CHARGE = "非法吸收公众存款罪"  # the charge of the factory's defendants
JUVENILE = {"title": TITLE, "category": "juvenile", "keywords": ["未成年人", "帮教"]}


@pytest.fixture
def sealed(sn_prosecutor, sn_liaison):
    """A juvenile case of Shaanxi, published to the library, then sealed by its reviewer."""
    case = published_case(sn_prosecutor, sn_liaison, **JUVENILE)
    return services.case_seal(user=sn_liaison, case=case)


def test_a_sealed_draft_is_never_submitted(sn_prosecutor):
    case = draft_case(sn_prosecutor, **JUVENILE, sealed=True)
    assert "submit" not in services.case_steps(user=sn_prosecutor, case=case)
    with pytest.raises(ValidationError) as error:
        services.case_submit(user=sn_prosecutor, case=case, confirmed=True)
    assert "第二百八十六条" in " ".join(error.value.messages)  # the article is named
    assert TypicalCase.objects.get(pk=case.pk).status == CaseStatus.DRAFT


def test_only_a_juvenile_case_is_sealed(sn_prosecutor, sn_liaison):
    with pytest.raises(ValidationError) as error:
        draft_case(sn_prosecutor, sealed=True)  # a fund-raising case
    assert list(error.value.message_dict) == ["sealed"]
    assert not TypicalCase.objects.exists()
    fundraising = published_case(sn_prosecutor, sn_liaison)
    with pytest.raises(ValidationError):
        services.case_seal(user=sn_liaison, case=fundraising)
    assert not TypicalCase.objects.get(pk=fundraising.pk).sealed


def test_only_the_provinces_reviewers_seal(sn_prosecutor, sn_liaison, qh_liaison):
    case = published_case(sn_prosecutor, sn_liaison, **JUVENILE)
    for user in (qh_liaison, sn_prosecutor):
        with pytest.raises(Http404):
            services.case_seal(user=user, case=case)
    assert "seal" in services.case_steps(user=sn_liaison, case=case)
    services.case_seal(user=sn_liaison, case=case)
    case.refresh_from_db()
    assert case.sealed and case.events.last().action == "seal"
    assert "seal" not in services.case_steps(user=sn_liaison, case=case)


def test_a_sealed_case_leaves_the_library(sealed, sn_prosecutor, qh_liaison, gs_researcher):
    for outsider in (qh_liaison, gs_researcher):
        assert not case_policy.can(outsider, "view", sealed)
        assert not selectors.library_cases(user=outsider).exists()
        with pytest.raises(Http404):
            selectors.case_detail(user=outsider, pk=sealed.pk)
    # Its own province keeps it, marked, but not in the library either.
    assert not selectors.library_cases(user=sn_prosecutor).exists()
    assert selectors.library_counts(user=sn_prosecutor)["category"] == []
    assert list(selectors.province_cases(user=sn_prosecutor)) == [sealed]


def test_a_sealed_case_is_never_compared(sealed, sn_prosecutor, sn_liaison):
    assert sentencing_comparison(user=sn_prosecutor, charge=CHARGE).overall.defendants == 0
    published_case(sn_prosecutor, sn_liaison, title="李某某非法吸收公众存款案")
    assert sentencing_comparison(user=sn_prosecutor, charge=CHARGE).overall.defendants == 2


def test_pages_search_and_exports_skip_a_sealed_case(
    client, sealed, sn_prosecutor, sn_liaison, gs_researcher
):
    published_case(sn_prosecutor, sn_liaison, title="阿某某非法吸收公众存款案")
    for user in (gs_researcher, sn_prosecutor):
        client.force_login(user)
        for path in (
            reverse("casebank:home"),
            reverse("casebank:search") + "?q=阿某某",
            reverse("casebank:search-export") + "?q=阿某某",
            "/api/v1/cases/search/?q=阿某某",
            "/api/v1/cases/",
            reverse("casebank:compare") + f"?charge={CHARGE}",
        ):
            content = client.get(path).content.decode()
            # A search highlights the words found (<mark>阿某某</mark>): the titles' ends tell.
            assert "盗窃案" not in content, path
            assert "非法吸收公众存款案" in content or "compare" in path, path
        assert client.get(reverse("casebank:case-pdf", args=[sealed.pk])).status_code == 404

    client.force_login(gs_researcher)  # of another province: the case does not exist
    assert client.get(sealed.get_absolute_url()).status_code == 404
    assert client.get(f"/api/v1/cases/{sealed.pk}/").status_code == 404

    client.force_login(sn_prosecutor)  # its own province: the page, marked sealed
    page = client.get(sealed.get_absolute_url()).content.decode()
    assert 'data-testid="sealed-notice"' in page and 'data-testid="case-pdf"' not in page
    listed = client.get(reverse("casebank:province-cases")).content.decode()
    assert TITLE in listed and 'data-testid="case-sealed"' in listed

    client.logout()
    assert client.get(sealed.get_absolute_url()).status_code == 302


def test_sealing_in_the_browser_and_the_api(client, sn_prosecutor, sn_liaison, qh_liaison):
    case = published_case(sn_prosecutor, sn_liaison, **JUVENILE)
    client.force_login(qh_liaison)
    assert client.post(f"/api/v1/cases/{case.pk}/seal/").status_code == 404
    assert client.post(reverse("casebank:case-step", args=[case.pk, "seal"])).status_code == 404
    assert not TypicalCase.objects.get(pk=case.pk).sealed

    client.force_login(sn_liaison)
    assert 'data-testid="step-seal"' in client.get(case.get_absolute_url()).content.decode()
    response = client.post(reverse("casebank:case-step", args=[case.pk, "seal"]))
    assert response.status_code == 302
    assert TypicalCase.objects.get(pk=case.pk).sealed
    refused = client.post(f"/api/v1/cases/{case.pk}/seal/")  # sealed already
    assert refused.status_code == 400

    other = published_case(sn_prosecutor, sn_liaison, **JUVENILE | {"title": "马某某盗窃案"})
    body = client.post(f"/api/v1/cases/{other.pk}/seal/").json()
    assert body["sealed"] is True and body["steps"] == ["revise", "withdraw"]
