"""The library's pages and API as the owner, the reviewer, an outsider and an anonymous visitor."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from casebank.library import services
from casebank.library.models import CaseStatus, TypicalCase
from portal.models import DocumentDownload, Notification
from tests.factories import draft_case, published_case

pytestmark = pytest.mark.django_db


def form_data(**overrides) -> dict:
    data = {
        "title": "张三非法采矿案",
        "category": "ecology",
        "decided_on": "2025-09-01",
        "keywords": "非法采矿、生态修复",
        "charges": "非法采矿罪",
        "key_points": "无证开采砂石，破坏黄河河道生态。",
        "facts": "被告人张三在黄河河道无证采砂二万余吨。",
        "handling": "提起刑事附带民事公益诉讼。",
        "significance": "守护黄河生态安全。",
        "legal_provisions": "刑法第三百四十三条",
        "other_names": "",
        "outcomes-TOTAL_FORMS": "2",
        "outcomes-INITIAL_FORMS": "0",
        "outcomes-MIN_NUM_FORMS": "0",
        "outcomes-MAX_NUM_FORMS": "50",
        "outcomes-0-defendant": "张三",
        "outcomes-0-charge": "非法采矿罪",
        "outcomes-0-sentence_type": "imprisonment",
        "outcomes-0-term_months": "30",
        "outcomes-0-fine_yuan": "50000",
        **overrides,
    }
    return data


def test_a_prosecutor_writes_checks_and_submits_a_case(client, sn_prosecutor):
    client.force_login(sn_prosecutor)
    pdf = SimpleUploadedFile("判决书.pdf", b"%PDF-1.4 judgment", content_type="application/pdf")
    response = client.post(
        reverse("casebank:case-new"), {**form_data(), "preview": "1", "file-upload": pdf}
    )
    case = TypicalCase.objects.get()
    assert response.url == reverse("casebank:case-submit", args=[case.pk])
    assert case.attachments.count() == 1
    preview = client.get(response.url)
    assert "张某非法采矿案" in preview.content.decode()
    # Submitting without confirming changes nothing and says why.
    refused = client.post(response.url, {})
    assert refused.status_code == 400
    assert "确认" in refused.content.decode()
    assert TypicalCase.objects.get().status == CaseStatus.DRAFT
    client.post(response.url, {"confirmed": "on"})
    case.refresh_from_db()
    assert case.status == CaseStatus.SUBMITTED and case.title == "张某非法采矿案"


def test_a_wrong_outcome_is_named_in_chinese_and_nothing_is_saved(client, sn_prosecutor):
    client.force_login(sn_prosecutor)
    response = client.post(
        reverse("casebank:case-new"), form_data(**{"outcomes-0-term_months": ""})
    )
    assert response.status_code == 400
    assert "请填写该刑罚的刑期（月）" in response.content.decode()
    assert not TypicalCase.objects.exists()


def test_the_reviewer_publishes_and_the_case_page_shows_it(client, sn_prosecutor, sn_liaison):
    case = draft_case(sn_prosecutor)
    services.case_submit(user=sn_prosecutor, case=case, confirmed=True)
    client.force_login(sn_liaison)
    page = client.get(case.get_absolute_url()).content.decode()
    assert 'data-testid="step-publish"' in page
    assert "尚未发布：仅本省可见。" in page
    response = client.post(reverse("casebank:case-step", args=[case.pk, "publish"]))
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == CaseStatus.PUBLISHED
    assert "尚未发布" not in client.get(case.get_absolute_url()).content.decode()
    assert case.code in client.get(reverse("casebank:home")).content.decode()


def test_return_without_comments_is_refused_on_the_page(client, sn_prosecutor, sn_liaison):
    case = draft_case(sn_prosecutor)
    services.case_submit(user=sn_prosecutor, case=case, confirmed=True)
    client.force_login(sn_liaison)
    response = client.post(reverse("casebank:case-step", args=[case.pk, "return"]), {})
    assert response.status_code == 400
    assert TypicalCase.objects.get(pk=case.pk).status == CaseStatus.SUBMITTED


def test_another_province_gets_404_on_a_draft_and_its_document(
    client, sn_prosecutor, sn_liaison, xj_prosecutor
):
    case = draft_case(sn_prosecutor)
    # What the lists below must show: a published case matching the search, and the
    # outsider's own draft on the lists of their province.
    shared = published_case(sn_prosecutor, sn_liaison, title="李四非法吸收公众存款案")
    own_draft = draft_case(xj_prosecutor, title="新疆草稿非法吸收公众存款案")
    attachment = services.case_attach(
        user=sn_prosecutor,
        case=case,
        upload=SimpleUploadedFile("a.pdf", b"%PDF-1.4 x", content_type="application/pdf"),
    )
    client.force_login(xj_prosecutor)
    for url in [
        case.get_absolute_url(),
        reverse("casebank:case-edit", args=[case.pk]),
        reverse("casebank:case-submit", args=[case.pk]),
        reverse("casebank:case-attachment", args=[case.pk, attachment.pk]),
        reverse("api:typical-case-detail", args=[case.pk]),
        reverse("api:typical-case-preview", args=[case.pk]),
    ]:
        assert client.get(url).status_code == 404, url
    assert client.post(reverse("casebank:case-step", args=[case.pk, "publish"])).status_code == 404
    assert case.title not in client.get(reverse("casebank:home")).content.decode()
    # The home page lists published cases only; these lists could show another draft.
    search = {"q": "非法吸收公众存款"}
    for url, params, expected in [
        (reverse("casebank:search"), search, shared.code),
        (reverse("casebank:search-export"), search, shared.code),
        (reverse("api:case-search"), search, shared.code),
        (reverse("api:typical-case-list"), {}, shared.code),
        (reverse("api:typical-case-list"), {"scope": "province"}, own_draft.title),
        (reverse("casebank:province-cases"), {}, own_draft.title),
    ]:
        response = client.get(url, params)
        body = response.content.decode()
        assert response.status_code == 200, url
        assert expected in body, url
        # The draft's unmasked name is checked too: a search highlights words of a title.
        for sign in (case.title, "张三丰", case.get_absolute_url()):
            assert sign not in body, (url, sign)


def published_case_with_document(author, reviewer):
    """A published case with a judgment attached while it was a draft (names unmasked)."""
    case = draft_case(author)
    attachment = services.case_attach(
        user=author,
        case=case,
        upload=SimpleUploadedFile(
            "张三丰判决书.pdf", b"%PDF-1.4 judgment", content_type="application/pdf"
        ),
    )
    services.case_submit(user=author, case=case, confirmed=True)
    return services.case_publish(user=reviewer, case=case), attachment


@pytest.mark.parametrize("reader", ["sn_prosecutor", "sn_liaison"])
def test_the_cases_own_province_lists_and_downloads_its_documents_and_each_download_is_logged(
    client, sn_prosecutor, sn_liaison, reader
):
    case, attachment = published_case_with_document(sn_prosecutor, sn_liaison)
    user = {"sn_prosecutor": sn_prosecutor, "sn_liaison": sn_liaison}[reader]
    client.force_login(user)
    page = client.get(case.get_absolute_url()).content.decode()
    url = reverse("casebank:case-attachment", args=[case.pk, attachment.pk])
    assert 'data-testid="case-attachments"' in page and url in page
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 judgment"
    (logged,) = DocumentDownload.objects.all()
    assert (logged.user, logged.document) == (user, attachment)


@pytest.mark.parametrize("outsider", ["gs_researcher", "xj_prosecutor", "qh_liaison"])
def test_other_provinces_read_a_published_case_but_neither_see_nor_download_its_documents(
    client, sn_prosecutor, sn_liaison, gs_researcher, xj_prosecutor, qh_liaison, outsider
):
    case, attachment = published_case_with_document(sn_prosecutor, sn_liaison)
    user = {"gs_researcher": gs_researcher, "xj_prosecutor": xj_prosecutor}.get(
        outsider, qh_liaison
    )
    client.force_login(user)
    response = client.get(case.get_absolute_url())
    assert response.status_code == 200  # the masked text is shared with all six
    page = response.content.decode()
    url = reverse("casebank:case-attachment", args=[case.pk, attachment.pk])
    assert 'data-testid="case-attachments"' not in page
    assert url not in page and "张三丰判决书" not in page
    assert client.get(url).status_code == 404
    # An unknown document answers the same.
    assert client.get(reverse("casebank:case-attachment", args=[case.pk, 0])).status_code == 404
    assert not DocumentDownload.objects.exists()


def test_anonymous_visitors_get_no_document(client, sn_prosecutor, sn_liaison):
    case, attachment = published_case_with_document(sn_prosecutor, sn_liaison)
    response = client.get(reverse("casebank:case-attachment", args=[case.pk, attachment.pk]))
    assert response.status_code == 302 and "/accounts/login/" in response.url
    assert not DocumentDownload.objects.exists()


def case_state(case) -> dict:
    """Everything a write could change about a case, to compare before and after."""
    case = TypicalCase.objects.get(pk=case.pk)
    return {
        "row": {f.attname: getattr(case, f.attname) for f in TypicalCase._meta.concrete_fields},
        "outcomes": list(case.outcomes.values()),
        "events": case.events.count(),
        "versions": case.versions.count(),
        "attachments": case.attachments.count(),
        "notifications": Notification.objects.count(),
    }


JSON = "application/json"
OUTSIDER_WRITES = {
    "revise page": ("get", "casebank:case-revise", (), None),
    "revise form": ("post", "casebank:case-revise", (), {**form_data(), "note": "改"}),
    "edit page": ("get", "casebank:case-edit", (), None),
    "edit form": ("post", "casebank:case-edit", (), form_data()),
    "submit page": ("get", "casebank:case-submit", (), None),
    "submit form": ("post", "casebank:case-submit", (), {"confirmed": "on"}),
    "withdraw step": ("post", "casebank:case-step", ("withdraw",), {"withdraw-comment": "撤"}),
    "return step": ("post", "casebank:case-step", ("return",), {"return-comment": "退"}),
    "publish step": ("post", "casebank:case-step", ("publish",), {}),
    "api revise": ("post", "api:typical-case-revise", (), {"title": "改", "note": "改"}),
    "api withdraw": ("post", "api:typical-case-withdraw", (), {"comment": "撤"}),
    "api return": ("post", "api:typical-case-return-case", (), {"comment": "退"}),
    "api submit": ("post", "api:typical-case-submit", (), {"confirmed": True}),
    "api publish": ("post", "api:typical-case-publish", (), {}),
    "api patch": ("patch", "api:typical-case-detail", (), {"title": "改"}),
    "api preview": ("get", "api:typical-case-preview", (), None),
}


@pytest.mark.parametrize("write", OUTSIDER_WRITES.values(), ids=OUTSIDER_WRITES.keys())
def test_another_provinces_liaison_reads_a_published_case_but_gets_404_on_every_write(
    client, sn_prosecutor, sn_liaison, qh_liaison, write
):
    method, url_name, extra_args, data = write
    case = published_case(sn_prosecutor, sn_liaison)
    client.force_login(qh_liaison)
    assert client.get(case.get_absolute_url()).status_code == 200  # the library is shared
    before = case_state(case)
    url = reverse(url_name, args=[case.pk, *extra_args])
    if method == "get":
        response = client.get(url)
    elif url_name.startswith("api:"):
        response = getattr(client, method)(url, data, content_type=JSON)
    else:
        response = client.post(url, data)
    assert response.status_code == 404
    assert case_state(case) == before


def test_anonymous_visitors_are_sent_to_sign_in(client, sn_prosecutor, sn_liaison):
    case = published_case(sn_prosecutor, sn_liaison)
    for url in [reverse("casebank:home"), case.get_absolute_url()]:
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response.url
    assert client.get(reverse("api:typical-case-list")).status_code in (401, 403)


def test_every_member_reads_a_published_case(client, sn_prosecutor, sn_liaison, xj_prosecutor):
    case = published_case(sn_prosecutor, sn_liaison)
    client.force_login(xj_prosecutor)
    page = client.get(case.get_absolute_url()).content.decode()
    assert "张某某非法吸收公众存款案" in page and "张三丰" not in page
    assert 'data-testid="case-history"' not in page  # the review history stays in Shaanxi
    assert 'data-testid="case-actions"' not in page


@pytest.mark.parametrize(
    ("url_name", "budget"),
    [("casebank:home", 10), ("casebank:province-cases", 7), ("api:typical-case-list", 6)],
)
def test_lists_have_a_fixed_number_of_queries(
    client, sn_prosecutor, sn_liaison, django_assert_max_num_queries, url_name, budget
):
    client.force_login(sn_liaison)
    published_case(sn_prosecutor, sn_liaison)
    draft_case(sn_prosecutor)
    with django_assert_max_num_queries(budget):
        assert client.get(reverse(url_name)).status_code == 200
    for number in range(8):
        published_case(sn_prosecutor, sn_liaison, title=f"第{number}号案")
        draft_case(sn_prosecutor)
    with django_assert_max_num_queries(budget):
        assert client.get(reverse(url_name)).status_code == 200


def test_case_page_has_a_fixed_number_of_queries(
    client, sn_prosecutor, sn_liaison, django_assert_max_num_queries
):
    case = published_case(sn_prosecutor, sn_liaison)
    for number in range(3):
        services.case_revise(
            user=sn_liaison, case=case, data={}, outcomes=None, note=f"第{number}次修订"
        )
    client.force_login(sn_liaison)
    with django_assert_max_num_queries(12):
        assert client.get(case.get_absolute_url()).status_code == 200


def test_api_writes_submits_and_publishes(client, sn_prosecutor, sn_liaison):
    client.force_login(sn_prosecutor)
    body = {
        "title": "王五走私文物案",
        "keywords": ["文物", "走私"],
        "key_points": "要旨",
        "facts": "被告人王五走私文物三件。",
        "handling": "依法起诉。",
        "significance": "保护文物。",
        "category": "cultural_relics",
        "charges": ["走私文物罪"],
        "decided_on": "2025-01-10",
        "outcomes": [
            {
                "defendant": "王五",
                "charge": "走私文物罪",
                "sentence_type": "imprisonment",
                "term_months": 60,
                "suspended": False,
            }
        ],
    }
    created = client.post(reverse("api:typical-case-list"), body, content_type="application/json")
    assert created.status_code == 201, created.json()
    pk = created.json()["id"]
    preview = client.get(reverse("api:typical-case-preview", args=[pk])).json()
    assert preview["fields"]["title"] == "王某走私文物案"
    refused = client.post(
        reverse("api:typical-case-submit", args=[pk]), {"confirmed": False}, "application/json"
    )
    assert refused.status_code == 400 and "confirmed" in refused.json()["fields"]
    client.post(
        reverse("api:typical-case-submit", args=[pk]), {"confirmed": True}, "application/json"
    )
    client.force_login(sn_liaison)
    published = client.post(reverse("api:typical-case-publish", args=[pk]))
    assert published.status_code == 200 and published.json()["status"] == "published"
    assert published.json()["outcomes"][0]["defendant"] == "王某"


def test_api_bad_outcome_names_the_row(client, sn_prosecutor):
    client.force_login(sn_prosecutor)
    body = {
        "title": "案", "key_points": "x", "facts": "x", "handling": "x", "significance": "x",
        "category": "drugs", "decided_on": "2025-01-10",
        "outcomes": [{"defendant": "甲", "charge": "贩卖毒品罪", "sentence_type": "fine_only"}],
    }  # fmt: skip
    response = client.post(reverse("api:typical-case-list"), body, content_type="application/json")
    assert response.status_code == 400
    assert "outcomes-0-fine_yuan" in response.json()["fields"]
    assert not TypicalCase.objects.exists()
