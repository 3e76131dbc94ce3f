"""The API of the liaison mechanism: meetings, resolutions, symposiums, as the policies allow."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from icalendar import Calendar

from cooperation.meetings import services as meeting_services
from cooperation.meetings.models import Invitation, Meeting, Resolution
from cooperation.rotation.models import ChairTerm
from cooperation.symposiums import services as symposium_services
from cooperation.symposiums.models import Symposium
from portal.models import AuditEntry, DocumentDownload, Role
from tests.factories import (
    ProcuratorateFactory,
    UserFactory,
    make_meeting,
    member,
    signoff_people,
)

MEETINGS = "/api/v1/meetings/"
RESOLUTIONS = "/api/v1/resolutions/"
SYMPOSIUMS = "/api/v1/symposiums/"

# A day of 2026, whose chair is Gansu: the meetings scheduled a month ahead stay in its year.
pytestmark = pytest.mark.usefixtures("clock")


def start() -> dt.datetime:
    """09:00 Beijing time, a month from now."""
    day = timezone.localdate() + dt.timedelta(days=30)
    return dt.datetime.combine(day, dt.time(9), tzinfo=timezone.get_current_timezone())


def chair(code: str):
    return UserFactory(
        username=f"t-{code.lower()}-chair", procuratorate=member(code), roles=[Role.CHAIR]
    )


def liaison(code: str):
    return UserFactory(
        username=f"t-{code.lower()}-liaison", procuratorate=member(code), roles=[Role.LIAISON]
    )


def post(client, path, data=None, **headers):
    return client.post(path, data or {}, content_type="application/json", **headers)


def meeting_payload(**overrides) -> dict:
    starts_at = start()
    body = {
        "title": "西北五省（区）检察协作联席会议",
        "starts_at": starts_at.isoformat(),
        "ends_at": (starts_at + dt.timedelta(hours=3)).isoformat(),
        "venue": "兰州市",
        "agenda": [
            {"title": "通报年度协作情况", "presenter": member("GS").pk, "duration_minutes": 30},
            {"title": "审议协作办案规范", "presenter": member("SN").pk},
        ],
    }
    body.update(overrides)
    return body


@pytest.fixture
def gs_chair(db):
    """The chair office of Gansu, holding the chair of the year the meetings start in."""
    ChairTerm.objects.update_or_create(year=start().year, defaults={"province": "GS"})
    return chair("GS")


def schedule(user, *, publish=False, **data) -> Meeting:
    return make_meeting(user, start(), publish=publish, **data)


@pytest.fixture
def published(gs_chair) -> Meeting:
    return schedule(gs_chair, publish=True)


def ids(client, path) -> list[int]:
    response = client.get(path)
    assert response.status_code == 200, response.json()
    return [row["id"] for row in response.json()["results"]]


# Meetings.


def test_chair_office_creates_and_publishes_a_meeting(
    client, gs_chair, django_capture_on_commit_callbacks
):
    client.force_login(gs_chair)
    response = post(client, MEETINGS, meeting_payload())
    assert response.status_code == 201, response.json()
    body = response.json()
    meeting = Meeting.objects.get()
    assert body["id"] == meeting.pk and body["status"] == "draft"
    assert body["year"] == start().year and body["host"] == "GS" and body["may_edit"] is True
    assert [(item["title"], item["duration_minutes"]) for item in body["agenda"]] == [
        ("通报年度协作情况", 30),
        ("审议协作办案规范", 20),
    ]
    assert len(body["invitations"]) == 6 and body["notice"] is None
    assert client.get(f"{MEETINGS}{meeting.pk}/notice/").status_code == 404

    response = client.patch(
        f"{MEETINGS}{meeting.pk}/", {"venue": "西宁市"}, content_type="application/json"
    )
    assert response.status_code == 200, response.json()
    assert response.json()["venue"] == "西宁市" and len(response.json()["agenda"]) == 2

    response = post(client, f"{MEETINGS}{meeting.pk}/publish/")
    assert response.status_code == 200, response.json()
    body = response.json()
    # Publishing enters the notice into sign-off at Gansu: nobody else sees the meeting yet.
    assert body["status"] == "in_review" and body["notice"] is None
    head, chief = signoff_people(member("GS"))
    outsider = UserFactory(
        username="a-qh-liaison", roles=[Role.LIAISON], procuratorate=member("QH")
    )
    client.force_login(outsider)
    assert client.get(f"{MEETINGS}{meeting.pk}/").status_code == 404
    assert client.get(f"{MEETINGS}{meeting.pk}/draft-notice/").status_code == 404
    assert post(client, f"{MEETINGS}{meeting.pk}/signoff/", {"action": "review"}).status_code == 404
    client.force_login(chief)  # not the reviewer, and the notice is not awaiting signature
    assert post(client, f"{MEETINGS}{meeting.pk}/signoff/", {"action": "review"}).status_code == 403
    assert client.get(f"{MEETINGS}{meeting.pk}/draft-notice/").status_code == 404
    client.force_login(head)
    response = client.get(f"{MEETINGS}{meeting.pk}/draft-notice/")
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    (download,) = AuditEntry.objects.filter(action=AuditEntry.Action.DOWNLOAD)
    assert (download.actor, download.target, download.detail) == (
        head,
        meeting,
        f"draft-notice-{meeting.pk}.pdf",
    )
    response = post(client, f"{MEETINGS}{meeting.pk}/signoff/", {"action": "review_return"})
    assert response.status_code == 400 and "comment" in response.json()["fields"]
    response = post(client, f"{MEETINGS}{meeting.pk}/signoff/", {"action": "review"})
    assert response.status_code == 200 and response.json()["status"] == "signature"
    client.force_login(chief)
    with django_capture_on_commit_callbacks(execute=True):
        response = post(client, f"{MEETINGS}{meeting.pk}/signoff/", {"action": "sign_off"})
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["status"] == "published" and body["published_at"]
    assert body["notice"]["state"] == "pending"  # rendered after the commit
    client.force_login(gs_chair)
    assert body["notice"]["download_url"] is None
    body = client.get(f"{MEETINGS}{meeting.pk}/").json()
    assert body["notice"]["state"] == "issued"
    assert body["notice"]["download_url"].endswith(f"{MEETINGS}{meeting.pk}/notice/")
    response = client.get(f"{MEETINGS}{meeting.pk}/notice/")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF")

    response = post(client, f"{MEETINGS}{meeting.pk}/publish/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert response.json()["message"] == "Only a draft meeting can be published."


def test_bad_meeting_input_names_the_field(client, gs_chair):
    client.force_login(gs_chair)
    for overrides, field in [
        ({"venue": ""}, "venue"),
        ({"title": ""}, "title"),
        ({"starts_at": "soon"}, "starts_at"),
        ({"ends_at": start().isoformat()}, "ends_at"),
        ({"agenda": [{"title": "议题", "presenter": 999999}]}, "agenda"),
        ({"agenda": [{"title": "", "presenter": member("GS").pk}]}, "agenda"),
    ]:
        response = post(client, MEETINGS, meeting_payload(**overrides))
        assert response.status_code == 400, overrides
        assert field in response.json()["fields"], (overrides, response.json())
    body = meeting_payload()
    del body["starts_at"]
    assert set(post(client, MEETINGS, body).json()["fields"]) == {"starts_at"}
    assert not Meeting.objects.exists()


def test_others_may_not_manage_meetings_and_do_not_see_drafts(
    client, gs_chair, gs_prosecutor, published
):
    draft = schedule(gs_chair)
    sn_chair = chair("SN")  # a chair office, but not of this year
    for user in (gs_prosecutor, sn_chair):
        client.force_login(user)
        response = post(client, MEETINGS, meeting_payload(), HTTP_ACCEPT_LANGUAGE="en")
        assert response.status_code == 403
        assert response.json() == {
            "code": "permission_denied",
            "message": f"Only the chair office of {start().year} manages its meetings.",
        }
        for step in ("publish", "remind", "minutes", "resolutions"):
            response = post(client, f"{MEETINGS}{published.pk}/{step}/", {"text": "纪要"})
            assert response.status_code == 403, step
        response = client.patch(
            f"{MEETINGS}{published.pk}/", {"venue": "银川市"}, content_type="application/json"
        )
        assert response.status_code == 403
        assert client.get(f"{MEETINGS}{published.pk}/").json()["may_edit"] is False

        assert client.get(f"{MEETINGS}{draft.pk}/").status_code == 404
        assert post(client, f"{MEETINGS}{draft.pk}/publish/").status_code == 404
        assert client.get(f"{MEETINGS}{draft.pk}/ics/").status_code == 404
        assert ids(client, MEETINGS) == [published.pk]
    assert Meeting.objects.get(pk=draft.pk).status == Meeting.Status.DRAFT
    assert not Meeting.objects.get(pk=published.pk).minutes

    client.force_login(gs_chair)
    assert sorted(ids(client, MEETINGS)) == sorted([published.pk, draft.pk])
    response = post(client, f"{MEETINGS}{published.pk}/minutes/", {"text": "会议纪要第一稿"})
    assert response.status_code == 200
    assert response.json()["minutes"] == "会议纪要第一稿"
    assert [r["text"] for r in response.json()["revisions"]] == ["会议纪要第一稿"]
    response = post(client, f"{MEETINGS}{published.pk}/minutes/", {"text": " "})
    assert response.status_code == 400 and set(response.json()["fields"]) == {"text"}
    response = post(client, f"{MEETINGS}{published.pk}/remind/")
    assert response.status_code == 200 and response.json() == {"reminded": 6}


def test_a_members_liaison_answers_the_invitation(client, published, qh_liaison, gs_prosecutor):
    answer = f"{MEETINGS}{published.pk}/answer/"
    client.force_login(qh_liaison)
    response = post(client, answer, {"answer": "attending"}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert response.json()["fields"] == {"delegates": ["Name at least one delegate, one a line."]}
    response = post(client, answer, {"answer": "maybe", "delegates": ["王五"]})
    assert response.status_code == 400 and set(response.json()["fields"]) == {"answer"}

    response = post(client, answer, {"answer": "attending", "delegates": ["王五", " 赵六 ", ""]})
    assert response.status_code == 200, response.json()
    invitation = next(
        row for row in response.json()["invitations"] if row["procuratorate"] == member("QH").pk
    )
    assert invitation["answer"] == "attending" and invitation["delegates"] == ["王五", "赵六"]
    assert invitation["answered_by"] == qh_liaison.pk
    assert response.json()["answered"] == 1
    assert Invitation.objects.get(meeting=published, procuratorate=member("QH")).answered_at

    client.force_login(gs_prosecutor)
    response = post(client, answer, {"answer": "declined"}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 403
    assert response.json()["message"] == "Only the invited member's liaison officer answers."
    gs_city_liaison = UserFactory(procuratorate=ProcuratorateFactory(), roles=[Role.LIAISON])
    client.force_login(gs_city_liaison)
    assert post(client, answer, {"answer": "declined"}).status_code == 403


def test_meeting_as_ics_in_beijing_time(client, published, nx_prosecutor):
    client.force_login(nx_prosecutor)
    detail = client.get(f"{MEETINGS}{published.pk}/").json()
    response = client.get(detail["ics_url"])
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    event = Calendar.from_ical(response.content).walk("VEVENT")[0]
    dtstart = event.decoded("dtstart")
    assert event["DTSTART"].params["TZID"] == "Asia/Shanghai"
    assert str(dtstart.tzinfo) == "Asia/Shanghai" and dtstart.hour == 9
    assert dtstart == start()


# Resolutions.


def test_the_owner_reports_progress(client, gs_chair, published, qh_liaison):
    client.force_login(gs_chair)
    due = (timezone.localdate() + dt.timedelta(days=90)).isoformat()
    path = f"{MEETINGS}{published.pk}/resolutions/"
    response = post(client, path, {"text": "建立跨省生态检察协作机制", "due_date": due})
    assert response.status_code == 400 and set(response.json()["fields"]) == {"owner"}
    response = post(
        client,
        path,
        {"text": "建立跨省生态检察协作机制", "owner": member("QH").pk, "due_date": due},
    )
    assert response.status_code == 201, response.json()
    resolution = response.json()
    assert resolution["state"] == "open" and resolution["owner"] == member("QH").pk
    assert resolution["may_report"] is False  # the chair office does not own it
    report = f"{RESOLUTIONS}{resolution['id']}/report/"

    nx_liaison = liaison("NX")
    client.force_login(nx_liaison)
    assert client.get(f"{RESOLUTIONS}{resolution['id']}/").json()["may_report"] is False
    response = post(client, report, {"note": "已完成"}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 403
    assert response.json()["message"] == "Only the owner of the resolution reports its progress."

    client.force_login(qh_liaison)
    assert client.get(f"{RESOLUTIONS}{resolution['id']}/").json()["may_report"] is True
    response = post(client, report, {"note": ""})
    assert response.status_code == 400 and set(response.json()["fields"]) == {"note"}
    response = post(client, report, {"note": "已召开专题会议"})
    assert response.status_code == 200, response.json()
    assert [p["note"] for p in response.json()["progress"]] == ["已召开专题会议"]
    response = post(client, report, {"note": "机制已建立", "done": True})
    assert response.json()["state"] == "done" and response.json()["may_report"] is False
    assert Resolution.objects.get().state == Resolution.State.DONE
    assert post(client, report, {"note": "再报"}).status_code == 400

    meeting = client.get(f"{MEETINGS}{published.pk}/").json()
    assert [len(r["progress"]) for r in meeting["resolutions"]] == [2]


def test_resolution_list_filters_and_hides_drafts(client, gs_chair, published, nx_prosecutor):
    due = timezone.localdate() + dt.timedelta(days=30)
    create = meeting_services.resolution_create
    open_qh = create(user=gs_chair, meeting=published, text="甲", owner=member("QH"), due_date=due)
    sn = create(user=gs_chair, meeting=published, text="乙", owner=member("SN"), due_date=due)
    draft = schedule(gs_chair)
    with pytest.raises(ValidationError):  # a draft meeting has decided nothing yet
        create(user=gs_chair, meeting=draft, text="丙", owner=member("NX"), due_date=due)
    meeting_services.resolution_report(user=liaison("SN"), resolution=sn, note="完成", done=True)

    client.force_login(nx_prosecutor)
    assert ids(client, RESOLUTIONS) == [open_qh.pk, sn.pk]
    assert ids(client, f"{RESOLUTIONS}?state=done") == [sn.pk]
    assert ids(client, f"{RESOLUTIONS}?owner={member('QH').pk}") == [open_qh.pk]
    response = client.get(f"{RESOLUTIONS}?state=lost")
    assert response.status_code == 400 and set(response.json()["fields"]) == {"state"}


# Symposiums.


@pytest.fixture
def symposium(client, lanzhou_prosecutor, xining) -> dict:
    client.force_login(lanzhou_prosecutor)
    response = post(
        client,
        SYMPOSIUMS,
        {
            "title": "黄河上游生态保护协调座谈会",
            "held_on": (timezone.localdate() + dt.timedelta(days=7)).isoformat(),
            "venue": "兰州市",
            "participants": [xining.pk],
        },
    )
    assert response.status_code == 201, response.json()
    return response.json()


def test_a_city_procuratorate_convenes_a_symposium(client, symposium, lanzhou, xining):
    assert symposium["convener"] == lanzhou.pk and symposium["may_change"] is True
    assert {p["procuratorate"] for p in symposium["participants"]} == {lanzhou.pk, xining.pk}
    assert Symposium.objects.get().created_by.procuratorate == lanzhou


def test_symposium_is_seen_by_its_participants_only(
    client, symposium, xining_prosecutor, qh_liaison, nx_prosecutor
):
    detail = f"{SYMPOSIUMS}{symposium['id']}/"
    for user in (xining_prosecutor, qh_liaison):  # a participant, and the province above it
        client.force_login(user)
        assert ids(client, SYMPOSIUMS) == [symposium["id"]]
        response = client.get(detail)
        assert response.status_code == 200 and response.json()["may_change"] is False
    client.force_login(nx_prosecutor)
    assert ids(client, SYMPOSIUMS) == []
    assert client.get(detail).status_code == 404
    assert post(client, f"{detail}agreement/", {"text": "共识"}).status_code == 404


def test_only_the_convener_records_the_symposium(
    client, symposium, lanzhou_prosecutor, xining_prosecutor, xining, nx_prosecutor
):
    detail = f"{SYMPOSIUMS}{symposium['id']}/"
    client.force_login(xining_prosecutor)
    response = post(client, f"{detail}agreement/", {"text": "共识"}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 403
    assert response.json()["message"] == "Only the convening procuratorate records the symposium."
    response = post(client, f"{detail}follow-ups/", {"text": "联合巡查", "owner": xining.pk})
    assert response.status_code == 403
    upload = SimpleUploadedFile("纪要.txt", b"agreed", "text/plain")
    assert client.post(f"{detail}documents/", {"upload": upload}).status_code == 403

    client.force_login(lanzhou_prosecutor)
    response = post(client, f"{detail}agreement/", {"text": ""})
    assert response.status_code == 400 and set(response.json()["fields"]) == {"text"}
    response = post(client, f"{detail}agreement/", {"text": "建立联合巡查机制"})
    assert response.status_code == 200 and response.json()["agreement"] == "建立联合巡查机制"
    response = post(client, f"{detail}follow-ups/", {"text": "联合巡查", "owner": member("NX").pk})
    assert response.status_code == 400 and set(response.json()["fields"]) == {"owner"}
    due = (timezone.localdate() + dt.timedelta(days=60)).isoformat()
    response = post(
        client, f"{detail}follow-ups/", {"text": "联合巡查", "owner": xining.pk, "due_date": due}
    )
    assert response.status_code == 201, response.json()
    follow_up = response.json()
    assert follow_up["owner"] == xining.pk and follow_up["done"] is False

    bad = SimpleUploadedFile("病毒.exe", b"MZ", "application/octet-stream")
    response = client.post(f"{detail}documents/", {"upload": bad})
    assert response.status_code == 400 and set(response.json()["fields"]) == {"upload"}
    upload = SimpleUploadedFile("纪要.txt", "座谈会纪要".encode(), "text/plain")
    response = client.post(f"{detail}documents/", {"upload": upload})
    assert response.status_code == 201, response.json()
    document = response.json()
    assert document["name"] == "纪要.txt"

    done = f"{detail}follow-ups/{follow_up['id']}/done/"
    client.force_login(nx_prosecutor)
    assert post(client, done).status_code == 404
    assert client.get(document["download_url"]).status_code == 404
    client.force_login(xining_prosecutor)  # the owner marks it done, and reads the documents
    response = post(client, done)
    assert response.status_code == 200 and response.json()["done"] is True
    assert post(client, f"{detail}follow-ups/999999/done/").status_code == 404
    response = client.get(document["download_url"])
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == "座谈会纪要".encode()
    body = client.get(detail).json()
    assert [(f["id"], f["done"]) for f in body["follow_ups"]] == [(follow_up["id"], True)]
    assert [d["id"] for d in body["documents"]] == [document["id"]]


def test_symposium_create_is_refused_with_reasons(
    client, gs_prosecutor, lanzhou_prosecutor, lanzhou
):
    neighbour = ProcuratorateFactory(parent=member("GS"))
    client.force_login(gs_prosecutor)  # a provincial procuratorate does not convene them
    body = {"title": "座谈会", "held_on": "2030-05-01", "venue": "兰州", "participants": []}
    response = post(client, SYMPOSIUMS, body, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 403
    assert response.json()["message"] == (
        "Symposiums are convened by prefecture and county procuratorates."
    )
    client.force_login(lanzhou_prosecutor)
    for participants in ([], [neighbour.pk], [999999]):
        response = post(client, SYMPOSIUMS, {**body, "participants": participants})
        assert response.status_code == 400
        assert set(response.json()["fields"]) == {"participants"}, participants
    response = post(client, SYMPOSIUMS, {**body, "title": "", "participants": [member("QH").pk]})
    assert response.status_code == 400 and set(response.json()["fields"]) == {"title"}
    assert not Symposium.objects.exists()


# Conventions.


def test_anonymous_gets_nothing(client, published):
    for path in (MEETINGS, f"{MEETINGS}{published.pk}/", RESOLUTIONS, SYMPOSIUMS):
        response = client.get(path)
        assert response.status_code in (401, 403), path
        assert response.json()["code"] == "not_authenticated"
    assert post(client, MEETINGS, meeting_payload()).status_code in (401, 403)


def test_lists_are_paginated(client, gs_chair, nx_prosecutor):
    meetings = [schedule(gs_chair, publish=True) for _ in range(3)]
    client.force_login(nx_prosecutor)
    body = client.get(f"{MEETINGS}?page_size=2").json()
    assert set(body) == {"count", "next", "previous", "results"}
    assert body["count"] == 3 and body["previous"] is None and "page=2" in body["next"]
    assert len(body["results"]) == 2
    body = client.get(body["next"]).json()
    assert len(body["results"]) == 1 and body["next"] is None
    year, month = meetings[0].starts_at.year, timezone.localtime(meetings[0].starts_at).month
    assert client.get(f"{MEETINGS}?year={year}&month={month}").json()["count"] == 3
    assert client.get(f"{MEETINGS}?year={year + 1}").json()["count"] == 0
    response = client.get(f"{MEETINGS}?month=13")
    assert response.status_code == 400 and set(response.json()["fields"]) == {"month"}


# The same bound for 2 rows or 20. Meetings: session, user, roles, the chair's procuratorate,
# its chair years, count, page.
MEETING_LIST_QUERIES = 7
# Resolutions: the same, or the owner's scope (procuratorate, subtree) for a liaison officer.
RESOLUTION_LIST_QUERIES = 7
# Symposiums: session, user, roles, scope (procuratorate, subtree), count, page, participants
# and their procuratorates.
SYMPOSIUM_LIST_QUERIES = 9
# Details: session, user, roles, scope, the policy's check, the row, and one query per
# prefetched relation (agenda and presenters, invitations, resolutions, their progress, ...).
MEETING_DETAIL_QUERIES = 15
SYMPOSIUM_DETAIL_QUERIES = 13


@pytest.mark.parametrize("count", [2, 20])
def test_list_queries_do_not_grow_with_the_rows(
    client,
    gs_chair,
    qh_liaison,
    lanzhou_prosecutor,
    xining,
    xining_prosecutor,
    count,
    django_assert_max_num_queries,
):
    due = timezone.localdate() + dt.timedelta(days=30)
    meetings = [schedule(gs_chair, publish=i % 2 == 0) for i in range(count)]
    for meeting in meetings:
        if meeting.status == Meeting.Status.PUBLISHED:
            meeting_services.resolution_create(
                user=gs_chair, meeting=meeting, text="议定事项", owner=member("QH"), due_date=due
            )
    for i in range(count):
        symposium_services.symposium_create(
            user=lanzhou_prosecutor,
            data={"title": f"座谈会{i}", "held_on": due, "venue": "兰州"},
            participants=[xining, member("SN")],
        )
    cases = [
        (gs_chair, MEETINGS, MEETING_LIST_QUERIES, count),
        (qh_liaison, MEETINGS, MEETING_LIST_QUERIES, count // 2),
        (gs_chair, RESOLUTIONS, RESOLUTION_LIST_QUERIES, count // 2),
        (qh_liaison, RESOLUTIONS, RESOLUTION_LIST_QUERIES, count // 2),
        (xining_prosecutor, SYMPOSIUMS, SYMPOSIUM_LIST_QUERIES, count),
        (qh_liaison, SYMPOSIUMS, SYMPOSIUM_LIST_QUERIES, count),
    ]
    for user, path, queries, rows in cases:
        client.force_login(user)
        with django_assert_max_num_queries(queries):
            response = client.get(f"{path}?page_size=50")
        assert response.status_code == 200
        assert len(response.json()["results"]) == rows, (user, path)


@pytest.mark.parametrize("count", [1, 10])
def test_detail_queries_do_not_grow_with_the_rows(
    client, gs_chair, qh_liaison, lanzhou_prosecutor, xining, count, django_assert_max_num_queries
):
    meeting = schedule(gs_chair, publish=True)
    due = timezone.localdate() + dt.timedelta(days=30)
    symposium = symposium_services.symposium_create(
        user=lanzhou_prosecutor,
        data={"title": "座谈会", "held_on": due, "venue": "兰州"},
        participants=[xining, member("SN")],
    )
    for i in range(count):
        resolution = meeting_services.resolution_create(
            user=gs_chair, meeting=meeting, text=f"议定事项{i}", owner=member("QH"), due_date=due
        )
        meeting_services.resolution_report(user=qh_liaison, resolution=resolution, note="推进中")
        meeting_services.minutes_save(user=gs_chair, meeting=meeting, text=f"纪要第{i}稿")
        symposium_services.symposium_add_follow_up(
            user=lanzhou_prosecutor, symposium=symposium, text=f"事项{i}", owner=xining
        )
        upload = SimpleUploadedFile(f"{i}.txt", b"text", "text/plain")
        symposium_services.symposium_attach(
            user=lanzhou_prosecutor, symposium=symposium, upload=upload
        )
    client.force_login(qh_liaison)
    with django_assert_max_num_queries(MEETING_DETAIL_QUERIES):
        body = client.get(f"{MEETINGS}{meeting.pk}/").json()
    assert len(body["resolutions"]) == count and len(body["revisions"]) == count
    with django_assert_max_num_queries(SYMPOSIUM_DETAIL_QUERIES):
        body = client.get(f"{SYMPOSIUMS}{symposium.pk}/").json()
    assert len(body["follow_ups"]) == count and len(body["documents"]) == count


def test_agenda_documents_through_the_api(client, gs_chair, qh_liaison, nx_prosecutor):
    meeting = schedule(gs_chair, publish=True)
    item = meeting.agenda.get(position=1)
    client.force_login(qh_liaison)  # neither chair office nor presenting member
    upload = SimpleUploadedFile("议程材料.pdf", b"%PDF-1.4 agenda", "application/pdf")
    url = f"{MEETINGS}{meeting.pk}/agenda/{item.pk}/documents/"
    assert client.post(url, {"upload": upload}).status_code == 403
    client.force_login(gs_chair)
    upload = SimpleUploadedFile("议程材料.pdf", b"%PDF-1.4 agenda", "application/pdf")
    response = client.post(url, {"upload": upload})
    assert response.status_code == 201, response.content
    download = response.json()["download_url"]
    body = client.get(f"{MEETINGS}{meeting.pk}/").json()
    assert body["agenda"][0]["documents"][0]["name"] == "议程材料.pdf"
    client.force_login(nx_prosecutor)  # every member reads a published meeting's documents
    assert b"".join(client.get(download).streaming_content).startswith(b"%PDF")
    client.logout()
    assert client.get(download).status_code in (401, 403)
    (logged,) = DocumentDownload.objects.all()  # one logged download: the member's
    assert (logged.user, logged.document) == (nx_prosecutor, item.documents.get())
    (audited,) = AuditEntry.objects.filter(action=AuditEntry.Action.DOWNLOAD)
    assert (audited.actor, audited.target) == (nx_prosecutor, item.documents.get())
