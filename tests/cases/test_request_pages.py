"""The request pages: lists, forms, detail, actions and downloads, as each kind of user."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from icalendar import Calendar

from cases.models import AssistanceRequest, Status
from cases.requests import services
from portal.models import DocumentDownload, Role
from tests.factories import (
    INTERROGATION_DETAILS,
    ProcuratorateFactory,
    UserFactory,
    make_request,
    member,
    signoff_people,
)

PDF = b"%PDF-1.4\n% test document\n"


def form_payload(requested, **overrides):
    payload = {
        "requested_procuratorate": requested.pk,
        "urgency": "urgent",
        "due_date": (dt.date.today() + dt.timedelta(days=20)).isoformat(),
        "case_name": "王某某走私文物案",
        "case_number": "甘检刑诉〔2026〕9号",
        "category": "cultural_relics",
        "legal_basis": "《人民检察院刑事诉讼规则》",
        "description": "请协助讯问犯罪嫌疑人。",
        "contact_person": "张伟",
        "contact_phone": "0931-1234567",
        "needs_venue": "on",
        **{f"details-{k}": v for k, v in INTERROGATION_DETAILS.items() if v is not True},
        "details-video_link": "on",
        "slots-slot1_start": (dt.date.today() + dt.timedelta(days=9)).isoformat() + "T09:00",
        "slots-slot1_end": (dt.date.today() + dt.timedelta(days=9)).isoformat() + "T11:00",
    }
    payload.update(overrides)
    return payload


def test_file_a_request_in_the_browser(client, gs_prosecutor, qh_liaison):
    client.force_login(gs_prosecutor)
    assert client.get(reverse("cases:request-new")).status_code == 200
    url = reverse("cases:request-create", args=["remote_interrogation"])
    form = client.get(url).content.decode()
    assert "犯罪嫌疑人姓名" in form and "羁押场所" in form
    payload = form_payload(member("QH"), submit="1")
    payload["file-upload"] = SimpleUploadedFile("提讯证.pdf", PDF, "application/pdf")
    response = client.post(url, payload)
    assert response.status_code == 302, response.content.decode()[:3000]
    request = AssistanceRequest.objects.get()
    # Submitted into sign-off: no number yet, and Qinghai gets 404 on it and on its draft.
    assert request.status == Status.IN_REVIEW and not request.number
    detail = reverse("cases:request-detail", args=[request.pk])
    draft = reverse("cases:request-draft-letter", args=[request.pk])
    client.force_login(qh_liaison)
    assert client.get(detail).status_code == 404 and client.get(draft).status_code == 404
    client.force_login(gs_prosecutor)
    assert client.get(draft).status_code == 404  # the drafter is not its reviewer
    reviewer, chief = signoff_people(gs_prosecutor.procuratorate)
    for user, action in ((reviewer, "review"), (chief, "sign_off")):
        client.force_login(user)
        page = client.get(detail).content.decode()
        assert 'data-testid="signoff"' in page and 'data-testid="draft-letter"' in page
        assert f'data-testid="panel-{action}"' in page
        pdf = client.get(draft)
        assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
        action_url = reverse("cases:request-action", args=[request.pk, action])
        assert client.post(action_url, {"comment": ""}).status_code == 302
    request.refresh_from_db()
    assert request.status == Status.SUBMITTED and request.number
    assert request.attachments.get().original_name == "提讯证.pdf"
    assert request.proposed_slots.count() == 1
    client.force_login(qh_liaison)
    assert client.get(detail).status_code == 200
    assert client.get(draft).status_code == 404  # signed off: no draft any more


def test_urgency_is_offered_in_the_standard_s_two_marks(client, gs_prosecutor):
    """GB/T 9704-2012 knows 特急 and 加急; the form offers those, and says nothing classified
    belongs in the portal."""
    client.force_login(gs_prosecutor)
    url = reverse("cases:request-create", args=["remote_interrogation"])
    form = client.get(url).content.decode()
    assert ">加急<" in form and ">特急<" in form and ">紧急<" not in form
    assert "涉密" in form


def test_wrong_fields_are_named_inline_and_nothing_is_saved(client, gs_prosecutor):
    client.force_login(gs_prosecutor)
    url = reverse("cases:request-create", args=["remote_interrogation"])
    payload = form_payload(member("QH"), **{"details-suspect_name": "", "case_name": ""})
    payload.pop("slots-slot1_start")
    payload["details-suspect_id_number"] = "123"
    response = client.post(url, payload)
    content = response.content.decode()
    assert response.status_code == 400
    assert 'data-testid="error-suspect_name"' in content
    assert 'data-testid="error-case_name"' in content
    assert "18 位" in content or "18" in content
    assert 'data-testid="error-slots"' in content
    assert not AssistanceRequest.objects.exists()


def test_wrong_file_type_is_refused_with_a_message(client, gs_prosecutor):
    client.force_login(gs_prosecutor)
    url = reverse("cases:request-create", args=["remote_interrogation"])
    payload = form_payload(member("QH"))
    payload["file-upload"] = SimpleUploadedFile(
        "run.exe", b"MZ\x90\x00", "application/octet-stream"
    )
    response = client.post(url, payload)
    assert response.status_code == 400
    assert "不接受" in response.content.decode() or "not accepted" in response.content.decode()
    assert not AssistanceRequest.objects.exists()
    payload["file-upload"] = SimpleUploadedFile("fake.pdf", b"not a pdf", "application/pdf")
    assert client.post(url, payload).status_code == 400
    assert not AssistanceRequest.objects.exists()


def test_lists_show_sent_and_received(client, gs_prosecutor, qh_liaison, nx_prosecutor):
    request = make_request(gs_prosecutor, submit=True)
    draft = make_request(gs_prosecutor)
    client.force_login(gs_prosecutor)
    sent = client.get(reverse("cases:request-list", args=["sent"])).content.decode()
    assert request.number in sent and draft.get_absolute_url() in sent
    client.force_login(qh_liaison)
    received = client.get(reverse("cases:request-list", args=["received"])).content.decode()
    assert request.number in received
    assert draft.get_absolute_url() not in received
    # The suspect's identity number never appears in a list.
    assert INTERROGATION_DETAILS["suspect_id_number"] not in received
    client.force_login(nx_prosecutor)
    for box in ("sent", "received"):
        content = client.get(reverse("cases:request-list", args=[box])).content.decode()
        assert request.number not in content


def test_list_filters_and_search(client, gs_prosecutor, qh_liaison):
    first = make_request(gs_prosecutor, submit=True, case_name="甲案")
    second = make_request(gs_prosecutor, submit=True, case_name="乙案")
    services.request_transition(user=qh_liaison, request=second, action="accept")
    client.force_login(qh_liaison)
    url = reverse("cases:request-list", args=["received"])
    content = client.get(url, {"status": "accepted"}).content.decode()
    assert second.number in content and first.number not in content
    content = client.get(url, {"q": first.number}).content.decode()
    assert first.number in content and second.number not in content
    content = client.get(url, {"province": "SN"}).content.decode()
    assert first.number not in content


@pytest.mark.parametrize("count", [2, 25])
def test_list_query_count_is_fixed(client, gs_prosecutor, count, django_assert_max_num_queries):
    for _ in range(count):
        make_request(gs_prosecutor)
    client.force_login(gs_prosecutor)
    with django_assert_max_num_queries(9):
        response = client.get(reverse("cases:request-list", args=["sent"]))
    assert response.status_code == 200


@pytest.mark.parametrize("messages", [1, 15])
def test_detail_query_count_is_fixed(
    client, gs_prosecutor, qh_liaison, messages, django_assert_max_num_queries
):
    request = make_request(gs_prosecutor, submit=True)
    for i in range(messages):
        services.request_transition(
            user=qh_liaison, request=request, action="message", comment=f"消息{i}"
        )
    client.force_login(qh_liaison)
    with django_assert_max_num_queries(24):
        response = client.get(request.get_absolute_url())
    assert response.status_code == 200


def test_detail_masks_identity_for_non_handlers(client, gs_prosecutor, qh_liaison):
    request = make_request(gs_prosecutor, submit=True)
    chief = UserFactory(username="qh-chief", procuratorate=member("QH"), roles=[Role.CHIEF])
    number = INTERROGATION_DETAILS["suspect_id_number"]
    client.force_login(qh_liaison)
    assert number in client.get(request.get_absolute_url()).content.decode()
    client.force_login(chief)
    content = client.get(request.get_absolute_url()).content.decode()
    assert number not in content and "110***" in content


def test_actions_in_the_browser(client, gs_prosecutor, qh_liaison):
    request = make_request(gs_prosecutor, submit=True)
    client.force_login(qh_liaison)
    page = client.get(request.get_absolute_url()).content.decode()
    assert 'data-testid="action-accept"' in page and 'data-testid="action-confirm"' not in page
    response = client.post(reverse("cases:request-action", args=[request.pk, "return"]), {})
    assert response.status_code == 400
    assert 'data-testid="action-return"' in response.content.decode()
    request.refresh_from_db()
    assert request.status == Status.SUBMITTED
    client.post(reverse("cases:request-action", args=[request.pk, "accept"]))
    request.refresh_from_db()
    assert request.status == Status.ACCEPTED
    # The requester may not take the requested side's step: refused, nothing changes.
    client.force_login(gs_prosecutor)
    response = client.post(reverse("cases:request-action", args=[request.pk, "start"]))
    assert response.status_code == 400
    assert "您不能" in response.content.decode() or "may not" in response.content.decode()
    request.refresh_from_db()
    assert request.status == Status.ACCEPTED


def test_forms_with_fields_are_fetched_when_their_panel_opens(
    client, gs_prosecutor, qh_liaison, nx_prosecutor
):
    city = ProcuratorateFactory(parent=member("QH"))
    request = make_request(gs_prosecutor, submit=True)
    services.request_transition(user=qh_liaison, request=request, action="accept")
    form_url = reverse("cases:request-action-form", args=[request.pk, "forward"])
    client.force_login(qh_liaison)
    page = client.get(request.get_absolute_url()).content.decode()
    # One-click steps are on the page; a form with fields waits in its folded panel.
    assert 'data-testid="action-start"' in page
    assert 'data-testid="panel-forward"' in page and f'hx-get="{form_url}"' in page
    assert 'data-testid="action-forward"' not in page
    response = client.get(form_url)
    assert response.status_code == 200
    form = response.content.decode()
    assert 'data-testid="action-forward"' in form and 'name="target"' in form
    assert f'value="{city.pk}"' in form and "<html" not in form
    # Only what the user may do now: not a step of this state, nor the other side's step.
    assert (
        client.get(reverse("cases:request-action-form", args=[request.pk, "complete"])).status_code
        == 404
    )
    assert (
        client.get(reverse("cases:request-action-form", args=[request.pk, "edit"])).status_code
        == 404
    )
    assert (
        client.get(reverse("cases:request-action-form", args=[request.pk, "nothing"])).status_code
        == 404
    )
    client.force_login(gs_prosecutor)
    assert client.get(form_url).status_code == 404
    client.force_login(nx_prosecutor)
    assert client.get(form_url).status_code == 404
    client.logout()
    assert client.get(form_url).status_code == 302


def test_outsider_gets_404_everywhere(client, gs_prosecutor, nx_prosecutor, qh_liaison):
    request = make_request(gs_prosecutor, submit=True)
    services.request_transition(
        user=gs_prosecutor,
        request=request,
        action="attach",
        upload=SimpleUploadedFile("a.pdf", PDF, "application/pdf"),
    )
    attachment = request.attachments.get()
    client.force_login(nx_prosecutor)
    urls = [
        request.get_absolute_url(),
        reverse("cases:request-edit", args=[request.pk]),
        reverse("cases:attachment-download", args=[request.pk, attachment.pk]),
        reverse("cases:letter-download", args=[request.pk, "request"]),
        reverse("cases:slot-ics", args=[request.pk]),
    ]
    for url in urls:
        assert client.get(url).status_code == 404, url
    for action in services.TRANSITIONS:
        url = reverse("cases:request-action", args=[request.pk, action])
        assert client.post(url, {"comment": "x"}).status_code == 404, action
        url = reverse("cases:request-action-form", args=[request.pk, action])
        assert client.get(url).status_code == 404, action
    assert not DocumentDownload.objects.exists()
    client.logout()
    assert client.get(request.get_absolute_url()).status_code == 302


def test_downloads_are_logged_and_letters_go_to_handlers_only(
    client, gs_prosecutor, qh_liaison, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        request = make_request(gs_prosecutor, submit=True)
    client.force_login(qh_liaison)
    response = client.get(reverse("cases:letter-download", args=[request.pk, "request"]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert DocumentDownload.objects.get().user == qh_liaison
    chief = UserFactory(username="qh-chief", procuratorate=member("QH"), roles=[Role.CHIEF])
    client.force_login(chief)
    assert (
        client.get(reverse("cases:letter-download", args=[request.pk, "request"])).status_code
        == 404
    )


def test_agreed_slot_as_ics(client, gs_prosecutor, qh_liaison):
    request = make_request(gs_prosecutor, submit=True)
    services.request_transition(user=qh_liaison, request=request, action="accept")
    slot = request.proposed_slots.first()
    services.request_transition(
        user=qh_liaison, request=request, action="agree_slot", slot=slot, venue="青海省院讯问室"
    )
    client.force_login(gs_prosecutor)
    response = client.get(reverse("cases:slot-ics", args=[request.pk]))
    event = Calendar.from_ical(response.content).walk("VEVENT")[0]
    start = event.decoded("dtstart")
    assert start == slot.starts_at
    assert str(start.tzinfo) == "Asia/Shanghai" and start.hour == 9
    assert str(event["location"]) == "青海省院讯问室"


def test_admin_lists_requests_within_reach_only(client, gs_prosecutor, gs_liaison, qh_liaison):
    mine = make_request(gs_prosecutor, submit=True, case_name="甘肃发出的案件")
    client.force_login(gs_liaison)
    content = client.get("/admin/cases/assistancerequest/").content.decode()
    assert "甘检协" in content
    assert client.get(f"/admin/cases/assistancerequest/{mine.pk}/change/").status_code == 200
    outsider = UserFactory(
        username="nx-liaison-x", procuratorate=member("NX"), roles=[Role.LIAISON]
    )
    client.force_login(outsider)
    assert mine.number not in client.get("/admin/cases/assistancerequest/").content.decode()
    response = client.get(f"/admin/cases/assistancerequest/{mine.pk}/change/")
    assert response.status_code == 302
