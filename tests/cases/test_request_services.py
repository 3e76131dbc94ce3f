"""The life of an assistance request through its services."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.test import Client
from django.urls import reverse

from cases.models import AssistanceRequest, Letter, RequestEvent, Status
from cases.requests import services
from portal.models import Notification, Role
from portal.scope import procuratorate_scope_ids
from tests.factories import (
    INTERROGATION_DETAILS,
    UserFactory,
    make_request,
    member,
    proposed_slots,
    request_data,
    sign_off,
)


def act(user, request, action, **data):
    return services.request_transition(user=user, request=request, action=action, **data)


def test_whole_life_of_a_request(
    gs_prosecutor, qh_liaison, xining, xining_prosecutor, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        request = make_request(gs_prosecutor)
        assert request.status == Status.DRAFT and request.number == ""
        request = act(gs_prosecutor, request, "submit")
        # In sign-off: no number, no letter, and the other province neither sees nor hears.
        assert request.status == Status.IN_REVIEW and request.number == ""
        assert not Letter.objects.filter(request=request).exists()
        assert not Notification.objects.filter(recipient=qh_liaison).exists()
        with pytest.raises(Http404):
            act(qh_liaison, request, "accept")
        request = sign_off(request, gs_prosecutor.procuratorate)
    assert request.status == Status.SUBMITTED
    assert request.number.startswith("甘检协〔") and request.number.endswith("〕1号")
    letter = Letter.objects.get(request=request, kind="request")
    assert letter.state == Letter.State.ISSUED and letter.file.read(4) == b"%PDF"
    assert Notification.objects.filter(recipient=qh_liaison).count() == 1

    with django_capture_on_commit_callbacks(execute=True):
        request = act(qh_liaison, request, "accept")
        request = act(qh_liaison, request, "forward", target=xining)
        request = act(xining_prosecutor, request, "start")
        slot = request.proposed_slots.first()
        request = act(xining_prosecutor, request, "agree_slot", slot=slot, venue="西宁市院讯问室")
        request = act(
            xining_prosecutor,
            request,
            "complete",
            result="已完成讯问，笔录附后。",
            completion="full",
        )
        # The reply is signed off at Xining before Gansu is told.
        assert request.status == Status.REPLY_IN_REVIEW
        assert not Letter.objects.filter(request=request, kind="reply").exists()
        request = sign_off(request, xining)
    assert request.status == Status.COMPLETED
    reply = Letter.objects.get(request=request, kind="reply")
    assert reply.number.startswith("西宁检协复〔") and reply.issuer == xining
    assert reply.state == Letter.State.ISSUED
    request = act(gs_prosecutor, request, "confirm")
    assert request.status == Status.CONFIRMED
    actions = list(RequestEvent.objects.filter(request=request).values_list("action", flat=True))
    assert actions == [
        "create",
        "submit",
        "review",
        "sign_off",
        "accept",
        "forward",
        "start",
        "agree_slot",
        "complete",
        "review",
        "sign_off",
        "confirm",
    ]
    forward = RequestEvent.objects.get(request=request, action="forward")
    assert forward.changes == {"forwarded_to_id": [None, xining.pk]}
    assert forward.actor == qh_liaison


def test_forbidden_transitions_change_nothing(gs_prosecutor, qh_liaison, qh_prosecutor):
    request = make_request(gs_prosecutor, submit=True)
    with pytest.raises(PermissionDenied):
        act(gs_prosecutor, request, "accept")  # the requester cannot accept its own request
    with pytest.raises(PermissionDenied):
        act(qh_prosecutor, request, "accept")  # only a liaison officer receives
    with pytest.raises(ValidationError) as error:
        act(qh_liaison, request, "complete", result="x", completion="full")  # not accepted yet
    assert "cannot" in str(error.value) or "不能" in str(error.value)
    request.refresh_from_db()
    assert request.status == Status.SUBMITTED
    # create, submit, review, sign_off
    assert RequestEvent.objects.filter(request=request).count() == 4


def test_outsider_gets_404(gs_prosecutor, nx_prosecutor):
    request = make_request(gs_prosecutor, submit=True)
    with pytest.raises(Http404):
        act(nx_prosecutor, request, "withdraw")


def test_draft_is_invisible_to_the_requested_side(gs_prosecutor, qh_liaison):
    from cases.requests.permissions import request_policy

    request = make_request(gs_prosecutor)
    assert not request_policy.visible(qh_liaison).filter(pk=request.pk).exists()
    with pytest.raises(Http404):
        act(qh_liaison, request, "accept")


def test_one_request_and_the_boxes_agree_with_the_policy_list(
    gs_prosecutor, qh_liaison, nx_prosecutor
):
    """`is_visible` answers most users from the request's columns and `visible_through` drops
    the grant tables for the boxes: both must give exactly what the policy's list gives."""
    from guardian.shortcuts import assign_perm

    from cases.requests.permissions import request_policy
    from cases.requests.selectors import BOX_COLUMNS

    sent = make_request(gs_prosecutor, submit=True)
    draft = make_request(gs_prosecutor)
    chief = UserFactory(username="qh-chief", procuratorate=member("QH"), roles=[Role.CHIEF])
    researcher = UserFactory(procuratorate=member("QH"), roles=[Role.RESEARCHER])
    admin = UserFactory(username="root", is_superuser=True, procuratorate=None)
    granted = UserFactory(procuratorate=member("NX"), roles=[Role.PROSECUTOR])
    assign_perm("cases.view_assistancerequest", researcher, sent)
    # A grant opens a sent request, never another side's draft.
    assign_perm("cases.view_assistancerequest", granted, draft)
    assign_perm("cases.view_assistancerequest", granted, sent)
    users = [gs_prosecutor, qh_liaison, nx_prosecutor, chief, researcher, admin, granted]
    for user in users:
        listed = set(request_policy.visible(user).values_list("pk", flat=True))
        for request in (sent, draft):
            assert request_policy.is_visible(user, "view", request) == (request.pk in listed)
            assert request_policy.can(user, "view", request) == (request.pk in listed), user
        for columns in BOX_COLUMNS.values():
            in_box = request_policy.visible(user).filter(
                request_policy.scope_q(procuratorate_scope_ids(user), columns)
            )
            assert set(request_policy.visible_through(user, columns)) == set(in_box), user
    assert request_policy.is_visible(researcher, "view", sent)
    assert not request_policy.is_visible(granted, "view", draft)
    assert not request_policy.can(granted, "view", draft)
    assert not request_policy.is_visible(nx_prosecutor, "view", sent)


def test_return_needs_a_reason_and_the_requester_can_resubmit(gs_prosecutor, qh_liaison):
    request = make_request(gs_prosecutor, submit=True)
    number = request.number
    with pytest.raises(ValidationError) as error:
        act(qh_liaison, request, "return", reason="")
    assert "reason" in error.value.message_dict
    request = act(qh_liaison, request, "return", reason="incomplete", comment="缺少讯问提纲")
    assert request.status == Status.RETURNED
    services.request_update(
        user=gs_prosecutor,
        request=request,
        data=request_data(member("QH"), description="补充讯问提纲后重新报送。"),
        details=dict(INTERROGATION_DETAILS),
        slots=proposed_slots(),
    )
    request = act(gs_prosecutor, request, "submit")
    # Re-sending goes through sign-off again, and the returned request stays visible.
    assert request.status == Status.IN_REVIEW
    request = sign_off(request, gs_prosecutor.procuratorate)
    assert request.status == Status.SUBMITTED and request.number == number  # never renumbered
    edit = RequestEvent.objects.get(request=request, action="edit")
    assert edit.changes["description"][1] == "补充讯问提纲后重新报送。"
    # The corrected letter is version 2, numbered anew; version 1 is kept.
    letters = list(Letter.objects.filter(request=request, kind="request").order_by("version"))
    assert [letter.version for letter in letters] == [1, 2]
    assert letters[0].number == number and letters[1].number.endswith("〕2号")
    # Both versions are listed, on the page and through the API.
    client = Client()
    client.force_login(gs_prosecutor)
    page = client.get(reverse("cases:request-detail", args=[request.pk])).content.decode()
    assert 'data-testid="letter-request-v1"' in page
    assert 'data-testid="letter-request-v2"' in page
    api = client.get(f"/api/v1/requests/{request.pk}/").json()
    assert [(item["kind"], item["version"]) for item in api["letters"]] == [
        ("request", 1),
        ("request", 2),
    ]


def test_missing_and_wrong_type_fields_are_named(gs_prosecutor):
    details = dict(INTERROGATION_DETAILS, suspect_name="", suspect_id_number="110105194912310021")
    with pytest.raises(ValidationError) as error:
        services.request_create(
            user=gs_prosecutor, data=request_data(member("QH")), details=details, slots=[]
        )
    errors = error.value.message_dict
    assert {"details.suspect_name", "details.suspect_id_number", "slots"} <= set(errors)
    assert not AssistanceRequest.objects.exists()


def test_requests_go_to_another_province(gs_prosecutor):
    with pytest.raises(ValidationError) as error:
        services.request_create(
            user=gs_prosecutor,
            data=request_data(member("GS")),
            details=dict(INTERROGATION_DETAILS),
            slots=proposed_slots(),
        )
    assert "requested_procuratorate" in error.value.message_dict


def test_partial_completion_must_say_what_was_not_done(gs_prosecutor, qh_liaison):
    request = make_request(gs_prosecutor, submit=True)
    request = act(qh_liaison, request, "accept")
    request = act(qh_liaison, request, "start")
    with pytest.raises(ValidationError) as error:
        act(qh_liaison, request, "complete", result="部分完成", completion="partial")
    assert "comment" in error.value.message_dict
    request = act(
        qh_liaison,
        request,
        "complete",
        result="部分完成",
        completion="partial",
        comment="嫌疑人已转押外省，改为书面询问。",
    )
    assert request.reply_alternative == "嫌疑人已转押外省，改为书面询问。"


def test_extension_asked_and_approved(gs_prosecutor, qh_liaison):
    request = make_request(gs_prosecutor, submit=True)
    request = act(qh_liaison, request, "accept")
    new_date = request.due_date + dt.timedelta(days=15)
    request = act(
        qh_liaison, request, "ask_extension", proposed_due_date=new_date, comment="证人外出"
    )
    with pytest.raises(ValidationError):
        act(qh_liaison, request, "ask_extension", proposed_due_date=new_date, comment="again")
    request = act(gs_prosecutor, request, "decide_extension", approve=True)
    assert request.due_date == new_date
    event = RequestEvent.objects.get(request=request, action="decide_extension")
    assert event.changes["due_date"][1] == new_date.isoformat()


def test_forward_only_below_the_requested_procuratorate(gs_prosecutor, qh_liaison):
    from tests.factories import ProcuratorateFactory

    lanzhou = ProcuratorateFactory(code="GS-LZ", parent=member("GS"))
    request = act(qh_liaison, make_request(gs_prosecutor, submit=True), "accept")
    with pytest.raises(ValidationError) as error:
        act(qh_liaison, request, "forward", target=lanzhou)
    assert "target" in error.value.message_dict


def test_internal_notes_stay_on_one_side(gs_prosecutor, qh_liaison):
    from cases.requests.selectors import request_detail

    request = make_request(gs_prosecutor, submit=True)
    told = Notification.objects.filter(recipient=gs_prosecutor).count()  # the sign-off
    act(qh_liaison, request, "note", comment="内部：先核实看守所排期")
    act(qh_liaison, request, "message", comment="已收到，正在安排")
    mine = [m.body for m in request_detail(user=qh_liaison, pk=request.pk).visible_messages]
    theirs = [m.body for m in request_detail(user=gs_prosecutor, pk=request.pk).visible_messages]
    assert mine == ["内部：先核实看守所排期", "已收到，正在安排"]
    assert theirs == ["已收到，正在安排"]
    # The note notified nobody; the message notified the requester.
    assert Notification.objects.filter(recipient=gs_prosecutor).count() == told + 1
    # Nor does the timeline show the note, or that one was written, to the other side: on the
    # page or through the API.
    note = "内部：先核实看守所排期"
    for user, sees in ((qh_liaison, True), (gs_prosecutor, False)):
        events = request_detail(user=user, pk=request.pk).visible_events
        assert ("note" in [event.action for event in events]) is sees
        client = Client()
        client.force_login(user)
        page = client.get(reverse("cases:request-detail", args=[request.pk])).content.decode()
        api = client.get(f"/api/v1/requests/{request.pk}/").content.decode()
        assert (note in page) is sees
        assert (note in api) is sees
        assert "已收到，正在安排" in page and "已收到，正在安排" in api


def test_withdraw_before_completion_only(gs_prosecutor, qh_liaison):
    request = make_request(gs_prosecutor, submit=True)
    request = act(gs_prosecutor, request, "withdraw", comment="案件已撤销")
    assert request.status == Status.WITHDRAWN
    with pytest.raises(ValidationError):
        act(gs_prosecutor, request, "withdraw")


def test_only_a_handler_of_the_handling_procuratorate_can_be_assigned(
    gs_prosecutor, qh_liaison, qh_prosecutor
):
    request = act(qh_liaison, make_request(gs_prosecutor, submit=True), "accept")
    with pytest.raises(ValidationError):
        act(qh_liaison, request, "assign", handler=gs_prosecutor)
    request = act(qh_liaison, request, "assign", handler=qh_prosecutor)
    assert request.handler == qh_prosecutor
    assert Notification.objects.filter(recipient=qh_prosecutor).exists()


def test_chief_above_sees_but_cannot_act(gs_prosecutor, qh_liaison):
    from cases.requests.permissions import request_policy

    chief = UserFactory(username="qh-chief", procuratorate=member("QH"), roles=[Role.CHIEF])
    request = make_request(gs_prosecutor, submit=True)
    assert request_policy.can(chief, "view", request)
    with pytest.raises(PermissionDenied):
        act(chief, request, "accept")


def test_only_steps_that_make_sense_are_offered(gs_prosecutor, qh_liaison):
    request = act(qh_liaison, make_request(gs_prosecutor, submit=True), "accept")
    assert "decide_extension" not in services.available_actions(gs_prosecutor, request)
    assert "ask_extension" in services.available_actions(qh_liaison, request)
    request = act(
        qh_liaison,
        request,
        "ask_extension",
        proposed_due_date=request.due_date + dt.timedelta(days=5),
        comment="需要更多时间",
    )
    request = AssistanceRequest.objects.get(pk=request.pk)
    assert "decide_extension" in services.available_actions(gs_prosecutor, request)
    assert "ask_extension" not in services.available_actions(qh_liaison, request)
    evidence = make_request(
        gs_prosecutor,
        request_type="evidence_gathering",
        details={"evidence_sought": "银行流水", "evidence_location": "兰州市"},
    )
    assert evidence.proposed_slots.count() == 0  # a type without slots keeps none


def test_juvenile_identity_is_masked_for_non_handlers():
    from cases.requests.types import details_display, person_label

    details = {
        "juvenile_name": "陈小明",
        "juvenile_id_number": "11010519491231002X",
        "guardian_name": "陈建国",
        "guardian_phone": "13800000000",
        "residence": "乌鲁木齐",
        "education_plan": "心理辅导",
    }
    shown = {"category": "juvenile", "reveal": False}
    masked = dict(details_display("juvenile_education", details, **shown))
    assert masked["未成年人姓名"] == "陈某某"
    assert masked["未成年人身份证号码"] == "110***********002X"
    # The guardian and the home would name the juvenile as well: masked too.
    assert masked["监护人姓名"] == "陈某某"
    assert masked["监护人电话"] == "138****0000"
    assert masked["居住地"] == "×××"
    assert person_label("juvenile_education", details, **shown) == "陈某某"
    assert person_label("juvenile_education", details, category="juvenile", reveal=True) == "陈小明"
