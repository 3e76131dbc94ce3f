"""The API of assistance requests: the same services as the pages, in the API's conventions."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from cases.models import AssistanceRequest, RequestEvent, Status
from cases.requests import services
from portal.models import DocumentDownload, Role
from tests.factories import (
    INTERROGATION_DETAILS,
    UserFactory,
    make_request,
    member,
    proposed_slots,
    request_payload as payload,
    signoff_people,
)

API = "/api/v1/requests/"
STEPS = [name for name in services.TRANSITIONS if name != "edit"]
OTHER_ID_NUMBER = "62010219900307123X"  # valid, with its check digit


def url(request_or_pk, step: str = "") -> str:
    pk = getattr(request_or_pk, "pk", request_or_pk)
    return f"{API}{pk}/" + (f"{step.replace('_', '-')}/" if step else "")


def post(client, path, data=None, **headers):
    return client.post(path, data or {}, content_type="application/json", **headers)


def step(client, user, request_or_pk, name, data=None, **headers):
    client.force_login(user)
    return post(client, url(request_or_pk, name), data, **headers)


def detail_value(body: dict, name: str):
    return next(item["value"] for item in body["details"] if item["name"] == name)


def text_file(name="提纲.txt", content=b"questions"):
    return SimpleUploadedFile(name, content, "text/plain")


@pytest.fixture
def sent(gs_prosecutor, django_capture_on_commit_callbacks):
    """A request sent by Gansu to Qinghai, its letter issued, with one attachment."""
    with django_capture_on_commit_callbacks(execute=True):
        request = make_request(gs_prosecutor, submit=True)
    services.request_transition(
        user=gs_prosecutor, request=request, action="attach", upload=text_file()
    )
    return request


@pytest.fixture
def qh_chief(db):
    """The chief procurator of Qinghai: sees what Qinghai receives, handles nothing."""
    return UserFactory(username="t-qh-chief", procuratorate=member("QH"), roles=[Role.CHIEF])


def test_create_makes_a_draft(client, gs_prosecutor):
    client.force_login(gs_prosecutor)
    response = post(client, API, payload(member("QH")))
    assert response.status_code == 201, response.json()
    body = response.json()
    request = AssistanceRequest.objects.get()
    assert body["id"] == request.pk and request.status == Status.DRAFT
    assert body["status"] == "draft" and body["number"] == ""
    assert body["requested_procuratorate"] == member("QH").pk
    assert detail_value(body, "suspect_id_number") == INTERROGATION_DETAILS["suspect_id_number"]
    assert detail_value(body, "video_link") is True
    assert len(body["proposed_slots"]) == 2
    assert [event["action"] for event in body["events"]] == ["create"]
    assert {"edit", "submit"} <= set(body["available_actions"])


def test_wrong_fields_are_named_and_nothing_is_created(client, gs_prosecutor):
    client.force_login(gs_prosecutor)
    details = dict(INTERROGATION_DETAILS, suspect_name="", suspect_id_number="110105194912310021")
    response = post(client, API, payload(member("QH"), details=details), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid"
    assert body["message"] == "Some fields are not valid; see below."
    assert {"details.suspect_name", "details.suspect_id_number"} <= set(body["fields"])
    assert "check digit" in body["fields"]["details.suspect_id_number"][0]

    for overrides, field in [
        ({"requested_procuratorate": 999999}, "requested_procuratorate"),
        ({"requested_procuratorate": member("GS").pk}, "requested_procuratorate"),
        ({"due_date": "not a date"}, "due_date"),
        ({"case_name": ""}, "case_name"),
        ({"request_type": "no_such_type"}, "request_type"),
        ({"proposed_slots": []}, "proposed_slots"),
    ]:
        response = post(client, API, payload(member("QH"), **overrides))
        assert response.status_code == 400, overrides
        assert field in response.json()["fields"], (overrides, response.json())
    slot = proposed_slots()[0]
    backwards = [{"starts_at": slot[1].isoformat(), "ends_at": slot[0].isoformat()}]
    response = post(client, API, payload(member("QH"), proposed_slots=backwards))
    assert set(response.json()["fields"]) == {"proposed_slots"}
    assert not AssistanceRequest.objects.exists()


def test_a_chief_may_not_file_requests(client, qh_chief):
    client.force_login(qh_chief)
    response = post(client, API, payload(member("GS")), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 403
    assert response.json() == {
        "code": "permission_denied",
        "message": "You may not file assistance requests.",
    }
    assert not AssistanceRequest.objects.exists()


def test_whole_life_through_the_api(
    client,
    gs_prosecutor,
    qh_liaison,
    xining,
    xining_prosecutor,
    django_capture_on_commit_callbacks,
):
    client.force_login(gs_prosecutor)
    pk = post(client, API, payload(member("QH"))).json()["id"]
    with django_capture_on_commit_callbacks(execute=True):
        response = step(client, gs_prosecutor, pk, "submit")
        assert response.status_code == 200, response.json()
        assert response.json()["status"] == "review" and response.json()["number"] == ""
        # Qinghai learns nothing of it until it is signed off.
        client.force_login(qh_liaison)
        assert client.get(url(pk)).status_code == 404
        assert step(client, qh_liaison, pk, "accept").status_code == 404
        reviewer, chief = signoff_people(gs_prosecutor.procuratorate)
        assert step(client, reviewer, pk, "review").json()["status"] == "signature"
        client.force_login(chief)
        assert "sign_off" in client.get(url(pk)).json()["available_actions"]
        draft = client.get(url(pk, "draft-letter"), HTTP_ACCEPT="application/pdf")
        assert draft.status_code == 200 and draft.content.startswith(b"%PDF")
        response = step(client, chief, pk, "sign-off")
    assert response.status_code == 200, response.json()
    assert response.json()["status"] == "submitted"
    assert response.json()["number"].startswith("甘检协〔")

    client.force_login(qh_liaison)
    offered = client.get(url(pk)).json()["available_actions"]
    assert {"accept", "return"} <= set(offered) and "submit" not in offered
    assert step(client, qh_liaison, pk, "accept").json()["status"] == "accepted"
    body = step(client, qh_liaison, pk, "forward", {"target": xining.pk}).json()
    assert body["forwarded_to"] == xining.pk
    assert body["forwarded_to_name"] == "西宁市人民检察院"

    assert step(client, xining_prosecutor, pk, "start").json()["status"] == "in_progress"
    slot = client.get(url(pk)).json()["proposed_slots"][0]["id"]
    body = step(
        client, xining_prosecutor, pk, "agree_slot", {"slot": slot, "venue": "西宁市院讯问室"}
    ).json()
    assert body["agreed_slot"] == slot and body["agreed_venue"] == "西宁市院讯问室"
    calendar = client.get(body["ics_url"])
    assert calendar.status_code == 200 and calendar["Content-Type"].startswith("text/calendar")
    assert b"BEGIN:VEVENT" in calendar.getvalue()
    response = client.post(url(pk, "attach"), {"upload": text_file("讯问笔录.txt")})
    assert response.status_code == 200, response.json()
    attachment = response.json()["attachments"][0]
    assert attachment["name"] == "讯问笔录.txt" and attachment["side"] == "requested"
    with django_capture_on_commit_callbacks(execute=True):
        response = step(
            client,
            xining_prosecutor,
            pk,
            "complete",
            {"result": "已完成讯问，笔录附后。", "completion": "full"},
        )
        assert response.json()["status"] == "reply_review", response.json()
        # Gansu does not read the reply before it is signed off.
        client.force_login(gs_prosecutor)
        hidden = client.get(url(pk)).json()
        assert hidden["reply_result"] == "" and hidden["reply_completion"] == ""
        assert "complete" not in [event["action"] for event in hidden["events"]]
        reviewer, chief = signoff_people(xining)
        step(client, reviewer, pk, "review")
        response = step(client, chief, pk, "sign-off")
    assert response.json()["status"] == "completed", response.json()

    body = step(client, gs_prosecutor, pk, "confirm").json()
    assert body["status"] == "confirmed"
    assert body["available_actions"] == []
    # The requester sees its own letter's review, not the reply's drafting and review at
    # Xining: the reply reaches it with its signature.
    assert [event["action"] for event in body["events"]] == [
        "create", "submit", "review", "sign_off", "accept", "forward", "start", "agree_slot",
        "attach", "sign_off", "confirm",
    ]  # fmt: skip
    forward = body["events"][5]
    assert forward["actor_name"] == qh_liaison.full_name
    assert forward["from_status"] == forward["to_status"] == "accepted"
    assert forward["changes"] == {"forwarded_to_id": [None, xining.pk]}
    assert body["reply_result"] == "已完成讯问，笔录附后。" and body["reply_completion"] == "full"
    letters = {letter["kind"]: letter for letter in body["letters"]}
    assert letters["reply"]["number"].startswith("西宁检协复〔")
    assert all(
        letter["state"] == "issued" and letter["download_url"] for letter in letters.values()
    )
    pdf = client.get(letters["reply"]["download_url"], HTTP_ACCEPT="application/pdf")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert b"".join(pdf.streaming_content).startswith(b"%PDF")
    download = client.get(attachment["download_url"])
    assert b"".join(download.streaming_content) == b"questions"
    assert DocumentDownload.objects.filter(user=gs_prosecutor).count() == 2


def test_forbidden_step_is_403_in_the_reader_language_and_changes_nothing(
    client, gs_prosecutor, qh_prosecutor
):
    request = make_request(gs_prosecutor, submit=True)
    events = RequestEvent.objects.filter(request=request).count()
    response = step(client, gs_prosecutor, request, "accept", HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert response.status_code == 403
    assert response.json() == {
        "code": "permission_denied",
        "message": "您不能对该请求执行“受理”。",
    }
    response = step(client, qh_prosecutor, request, "accept", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 403
    assert response.json()["message"] == "You may not accept this request."
    request.refresh_from_db()
    assert request.status == Status.SUBMITTED
    assert RequestEvent.objects.filter(request=request).count() == events


def test_step_in_the_wrong_state_or_with_wrong_fields_is_400(client, gs_prosecutor, qh_liaison):
    request = make_request(gs_prosecutor, submit=True)
    other = make_request(gs_prosecutor, submit=True)
    response = step(
        client,
        qh_liaison,
        request,
        "complete",
        {"result": "x", "completion": "full"},
        HTTP_ACCEPT_LANGUAGE="zh-hans",
    )
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid" and "不能" in body["message"] and "fields" not in body
    response = step(client, qh_liaison, request, "return", {"reason": ""})
    assert set(response.json()["fields"]) == {"reason"}
    response = step(client, qh_liaison, request, "return", {"reason": "other"})
    assert set(response.json()["fields"]) == {"comment"}

    assert step(client, qh_liaison, request, "accept").status_code == 200
    for name, data, field in [
        ("forward", {"target": 999999}, "target"),
        ("forward", {"target": "x"}, "target"),
        ("forward", {"target": member("GS").pk}, "target"),
        ("assign", {"handler": 999999}, "handler"),
        ("assign", {"handler": gs_prosecutor.pk}, "handler"),
        ("agree_slot", {"slot": other.proposed_slots.first().pk, "venue": "x"}, "slot"),
        ("ask_extension", {"proposed_due_date": "2000-01-01", "comment": "x"}, "proposed_due_date"),
        ("message", {"comment": " "}, "comment"),
    ]:
        response = step(client, qh_liaison, request, name, data)
        assert response.status_code == 400, (name, data)
        assert field in response.json()["fields"], (name, data, response.json())
    request.refresh_from_db()
    assert request.status == Status.ACCEPTED and request.forwarded_to is None


def test_handler_assignment_and_extension(client, gs_prosecutor, qh_liaison, qh_prosecutor):
    request = make_request(gs_prosecutor, submit=True)
    step(client, qh_liaison, request, "accept")
    body = step(client, qh_liaison, request, "assign", {"handler": qh_prosecutor.pk}).json()
    assert body["handler"] == qh_prosecutor.pk and body["handler_name"] == qh_prosecutor.full_name

    new_date = (request.due_date + dt.timedelta(days=15)).isoformat()
    data = {"proposed_due_date": new_date, "comment": "证人外出"}
    body = step(client, qh_prosecutor, request, "ask_extension", data).json()
    assert body["extensions"][0]["decision"] == "pending"
    # Left out of a form, `approve` is no decision rather than a refusal.
    client.force_login(gs_prosecutor)
    response = client.post(url(request, "decide_extension"), {"comment": "?"})
    assert response.status_code == 400 and set(response.json()["fields"]) == {"approve"}
    body = step(client, gs_prosecutor, request, "decide_extension", {"approve": True}).json()
    assert body["due_date"] == new_date
    assert body["extensions"][0]["decision"] == "approved"
    assert body["extensions"][0]["decided_by_name"] == gs_prosecutor.full_name


def test_partial_update_of_drafts_and_returned_requests_only(client, gs_prosecutor, qh_liaison):
    draft = make_request(gs_prosecutor)
    client.force_login(gs_prosecutor)
    response = client.patch(
        url(draft), {"case_name": "李某某诈骗案"}, content_type="application/json"
    )
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["case_name"] == "李某某诈骗案"
    assert detail_value(body, "suspect_name") == INTERROGATION_DETAILS["suspect_name"]
    assert len(body["proposed_slots"]) == 2
    assert body["events"][-1]["action"] == "edit"
    changes = {"case_name": ["张某某非法吸收公众存款案", "李某某诈骗案"]}
    assert body["events"][-1]["changes"] == changes
    response = client.patch(url(draft), {"due_date": "x"}, content_type="application/json")
    assert set(response.json()["fields"]) == {"due_date"}

    sent = make_request(gs_prosecutor, submit=True)
    response = client.patch(url(sent), {"case_name": "x"}, content_type="application/json")
    assert response.status_code == 400
    client.force_login(qh_liaison)
    response = client.patch(url(sent), {"case_name": "x"}, content_type="application/json")
    assert response.status_code == 403
    sent.refresh_from_db()
    assert sent.case_name == "张某某非法吸收公众存款案"


def test_outsider_gets_404_everywhere_and_an_empty_list(client, sent, gs_prosecutor, nx_prosecutor):
    attachment = sent.attachments.get()
    client.force_login(nx_prosecutor)
    assert client.get(url(sent)).status_code == 404
    assert client.patch(url(sent), {}, content_type="application/json").status_code == 404
    for name in STEPS:
        response = post(client, url(sent, name))
        assert response.status_code == 404, name
        assert response.json()["code"] == "not_found"
    assert client.get(f"{url(sent)}attachments/{attachment.pk}/").status_code == 404
    response = client.get(f"{url(sent)}letters/request/", HTTP_ACCEPT="application/pdf")
    assert response.status_code == 404 and response.json()["code"] == "not_found"
    assert client.get(url(sent, "ics")).status_code == 404
    assert client.get(API).json()["count"] == 0
    assert not DocumentDownload.objects.exists()
    # The same addresses answer the requester: the 404s are the policy's.
    client.force_login(gs_prosecutor)
    assert client.get(f"{url(sent)}attachments/{attachment.pk}/").status_code == 200
    assert client.get(f"{url(sent)}letters/request/").status_code == 200


def test_requested_side_does_not_see_a_draft(client, gs_prosecutor, qh_liaison):
    draft = make_request(gs_prosecutor)
    client.force_login(qh_liaison)
    assert client.get(url(draft)).status_code == 404
    assert post(client, url(draft, "accept")).status_code == 404
    assert client.get(API).json()["count"] == 0


def test_identity_numbers_are_masked_for_those_who_do_not_handle(
    client, sent, gs_prosecutor, qh_liaison, qh_chief
):
    masked = "110***********002X"
    # A change of the details is masked in the timeline too: return, correct, send again.
    step(client, qh_liaison, sent, "return", {"reason": "incomplete"})
    client.force_login(gs_prosecutor)
    details = dict(INTERROGATION_DETAILS, suspect_id_number=OTHER_ID_NUMBER)
    response = client.patch(url(sent), {"details": details}, content_type="application/json")
    assert response.status_code == 200, response.json()
    step(client, gs_prosecutor, sent, "submit")

    client.force_login(qh_chief)
    body = client.get(url(sent)).json()
    assert detail_value(body, "suspect_id_number") == "620***********123X"
    edit = next(event for event in body["events"] if event["action"] == "edit")
    assert [change["suspect_id_number"] for change in edit["changes"]["details"]] == [
        masked,
        "620***********123X",
    ]
    assert body["letters"][0]["state"] == "issued" and body["letters"][0]["download_url"] is None
    assert client.get(f"{url(sent)}letters/request/").status_code == 404
    assert body["available_actions"] == ["message"]

    for handler in (qh_liaison, gs_prosecutor):
        client.force_login(handler)
        body = client.get(url(sent)).json()
        assert detail_value(body, "suspect_id_number") == OTHER_ID_NUMBER
        edit = next(event for event in body["events"] if event["action"] == "edit")
        assert edit["changes"]["details"][0]["suspect_id_number"] == "11010519491231002X"
        assert body["letters"][0]["download_url"]


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", API),
        ("post", API),
        ("get", f"{API}1/"),
        ("patch", f"{API}1/"),
        ("post", f"{API}1/submit/"),
        ("post", f"{API}1/agree-slot/"),
        ("get", f"{API}1/attachments/1/"),
        ("get", f"{API}1/letters/request/"),
        ("get", f"{API}1/ics/"),
    ],
)
def test_anonymous_is_refused(client, db, method, path):
    response = getattr(client, method)(path)
    assert response.status_code in (401, 403)
    assert set(response.json()) == {"code", "message"}


def test_list_is_paginated_and_filtered(client, gs_prosecutor, qh_liaison, nx_prosecutor):
    draft = make_request(gs_prosecutor)
    relics = make_request(gs_prosecutor, submit=True, case_name="王某某走私文物案")
    to_shaanxi = make_request(gs_prosecutor, member("SN"), submit=True)
    client.force_login(gs_prosecutor)

    def ids(query=""):
        response = client.get(f"{API}?{query}")
        assert response.status_code == 200, response.json()
        return [item["id"] for item in response.json()["results"]]

    body = client.get(f"{API}?page_size=2").json()
    assert set(body) == {"count", "next", "previous", "results"}
    assert body["count"] == 3 and len(body["results"]) == 2
    assert "page=2" in body["next"] and body["previous"] is None
    item = body["results"][0]
    assert item["id"] == to_shaanxi.pk  # newest first
    assert item["requesting_procuratorate_name"] == "甘肃省人民检察院"
    assert item["person"] == INTERROGATION_DETAILS["suspect_name"]
    assert item["status_label"] == "已提交" and item["is_overdue"] is False
    assert "details" not in item and "events" not in item

    assert ids() == [to_shaanxi.pk, relics.pk, draft.pk]
    assert ids("box=sent") == [to_shaanxi.pk, relics.pk, draft.pk]
    assert ids("box=received") == []
    assert ids("status=draft") == [draft.pk]
    assert ids("q=文物") == [relics.pk]
    assert ids(f"q={relics.number}") == [relics.pk]
    assert ids("box=sent&province=sn") == [to_shaanxi.pk]
    assert ids("overdue=true") == []
    response = client.get(f"{API}?status=lost")
    assert response.status_code == 400 and set(response.json()["fields"]) == {"status"}

    client.force_login(qh_liaison)
    assert ids() == [relics.pk]
    assert ids("box=received") == [relics.pk]
    assert ids("box=sent") == []
    client.force_login(nx_prosecutor)
    assert ids() == []


LIST_QUERIES = 6  # session, user, roles, scope (for a liaison), count, page
# session, user, roles, request, 7 prefetches (the requesting side's drafts of 补充函 among
# them), the people named
DETAIL_QUERIES = 12


@pytest.mark.parametrize("count", [3, 30])
def test_list_queries_do_not_grow_with_the_requests(
    client, gs_prosecutor, qh_liaison, count, django_assert_max_num_queries
):
    for i in range(count):
        request = make_request(gs_prosecutor, submit=i % 2 == 0)
        if i % 3 == 0 and request.status == Status.SUBMITTED:
            services.request_transition(user=qh_liaison, request=request, action="accept")
    for user in (gs_prosecutor, qh_liaison):
        client.force_login(user)
        with django_assert_max_num_queries(LIST_QUERIES):
            response = client.get(f"{API}?page_size=50")
        assert response.status_code == 200
        assert len(response.json()["results"]) in (count, (count + 1) // 2)


@pytest.mark.parametrize("count", [3, 30])
def test_detail_queries_do_not_grow_with_the_history(
    client, gs_prosecutor, qh_liaison, qh_prosecutor, count, django_assert_max_num_queries
):
    request = make_request(gs_prosecutor, submit=True)
    act = services.request_transition
    act(user=qh_liaison, request=request, action="accept")
    act(user=qh_liaison, request=request, action="assign", handler=qh_prosecutor)
    for i in range(count):
        act(user=qh_prosecutor, request=request, action="message", comment=f"消息{i}")
        act(user=gs_prosecutor, request=request, action="note", comment=f"备注{i}")
        act(user=gs_prosecutor, request=request, action="attach", upload=text_file(f"{i}.txt"))
    client.force_login(gs_prosecutor)
    with django_assert_max_num_queries(DETAIL_QUERIES):
        response = client.get(url(request))
    body = response.json()
    assert len(body["attachments"]) == count and len(body["messages"]) == 2 * count
    # create, submit, review, sign_off, accept, assign, and three a round
    assert len(body["events"]) == 6 + 3 * count


def test_schema_lists_every_step(client, gs_prosecutor):
    client.force_login(gs_prosecutor)
    paths = client.get("/api/schema/?format=json").json()["paths"]
    assert f"{API}{{id}}/" in paths and "patch" in paths[f"{API}{{id}}/"]
    for name in STEPS:
        assert f"{API}{{id}}/{name.replace('_', '-')}/" in paths, name
