"""The liaison mechanism's pages: meetings, calendar, rotation, feeds, resolutions and
symposiums, as the chair office, a member's liaison, a resolution's owner, an outsider and
an anonymous visitor."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext
from icalendar import Calendar

from cooperation.calendars.models import CalendarFeed
from cooperation.meetings import services as meeting_services
from cooperation.meetings.models import (
    Invitation,
    Meeting,
    MeetingNotice,
    MinutesRevision,
    Resolution,
)
from cooperation.rotation.models import ChairSwap, ChairTerm
from cooperation.symposiums import services as symposium_services
from cooperation.symposiums.models import Symposium, SymposiumDocument
from portal.models import AuditEntry, DocumentDownload, Procuratorate, Role
from tests.factories import (
    ProcuratorateFactory,
    UserFactory,
    member,
    person,
    publish_meeting,
    signoff_people,
)

SHANGHAI = dt.timezone(dt.timedelta(hours=8))
NOW = dt.datetime(2026, 3, 2, 9, 0, tzinfo=SHANGHAI)
pytestmark = [pytest.mark.clock(NOW), pytest.mark.usefixtures("clock")]

MEETING_DAY = dt.date(2026, 6, 10)
PDF = b"%PDF-1.4\n% test document\n"


def zh(message: str) -> str:
    """The text a Chinese page shows for an English source string."""
    with translation.override("zh-hans"):
        return gettext(message)


@pytest.fixture
def term(db):
    return ChairTerm.objects.create(
        year=2026, province="GS", handover_note="2026年轮值召集方：甘肃。"
    )


@pytest.fixture
def gs_chair(term):
    return person("t-gs-chair", "GS", Role.CHAIR)


@pytest.fixture
def sn_chair(term):
    """Chair-office staff of a member that does not hold the chair this year."""
    return person("t-sn-chair", "SN", Role.CHAIR)


@pytest.fixture
def nx_liaison(db):
    return person("t-nx-liaison", "NX", Role.LIAISON)


def at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=SHANGHAI)


def schedule(user, day=MEETING_DAY, *, publish=False, title="区域检察协作年度联席会议"):
    meeting = meeting_services.meeting_create(
        user=user,
        data={
            "title": title,
            "starts_at": at(day, 9),
            "ends_at": at(day, 12),
            "venue": "兰州市",
            "online": False,
            "online_link": "",
        },
        agenda=[
            {"title": "通报年度协作情况", "presenter": member("GS"), "duration_minutes": 30},
            {"title": "审议协作办案规范", "presenter": member("SN"), "duration_minutes": 40},
        ],
    )
    if publish:
        meeting = publish_meeting(user, meeting)
    return meeting


def meeting_payload(**overrides):
    day = MEETING_DAY.isoformat()
    payload = {
        "title": "区域检察协作年度联席会议",
        "starts_at": f"{day}T09:30",
        "ends_at": f"{day}T12:00",
        "venue": "兰州市人民检察院第一会议室",
        "online_link": "",
        "agenda-TOTAL_FORMS": "6",
        "agenda-INITIAL_FORMS": "0",
        "agenda-MIN_NUM_FORMS": "0",
        "agenda-MAX_NUM_FORMS": "40",
    }
    rows = [
        ("通报年度协作情况", "GS", "30"),
        ("审议跨省协作办案规范", "SN", "40"),
        ("交流生态检察协作经验", "QH", "20"),
    ]
    for i, (title, code, minutes) in enumerate(rows):
        payload[f"agenda-{i}-title"] = title
        payload[f"agenda-{i}-presenter"] = str(member(code).pk)
        payload[f"agenda-{i}-duration_minutes"] = minutes
    for i in range(len(rows), 6):
        payload[f"agenda-{i}-duration_minutes"] = "20"  # an untouched empty row
    payload.update(overrides)
    return payload


def content(response) -> str:
    return response.content.decode()


# Anonymous visitors.


def test_anonymous_visitors_are_sent_to_sign_in(client, gs_chair):
    meeting = schedule(gs_chair, publish=True)
    urls = [
        reverse("cooperation:meeting-list"),
        reverse("cooperation:meeting-create"),
        meeting.get_absolute_url(),
        reverse("cooperation:meeting-ics", args=[meeting.pk]),
        reverse("cooperation:rotation"),
        reverse("cooperation:feed"),
        reverse("cooperation:symposium-list"),
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("login")), url
    response = client.post(reverse("cooperation:meeting-publish", args=[meeting.pk]))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


# Scheduling.


def test_chair_office_schedules_a_meeting_with_its_agenda(client, gs_chair):
    client.force_login(gs_chair)
    page = content(client.get(reverse("cooperation:meeting-list")))
    assert 'data-testid="new-meeting"' in page
    assert client.get(reverse("cooperation:meeting-create")).status_code == 200
    response = client.post(reverse("cooperation:meeting-create"), meeting_payload())
    assert response.status_code == 302, content(response)[:3000]
    meeting = Meeting.objects.get()
    assert response["Location"] == meeting.get_absolute_url()
    assert meeting.status == Meeting.Status.DRAFT and meeting.year == 2026
    assert timezone.localtime(meeting.starts_at).strftime("%Y-%m-%d %H:%M") == "2026-06-10 09:30"
    assert [(i.title, i.presenter.code, i.duration_minutes) for i in meeting.agenda.all()] == [
        ("通报年度协作情况", "GS", 30),
        ("审议跨省协作办案规范", "SN", 40),
        ("交流生态检察协作经验", "QH", 20),
    ]
    assert meeting.invitations.count() == 6
    page = content(client.get(meeting.get_absolute_url()))
    assert "2026-06-10 09:30" in page  # Beijing time
    for testid in ("edit-meeting", "publish-meeting", "minutes-form"):
        assert f'data-testid="{testid}"' in page
    # Resolutions and reminders wait for the meeting to be published.
    assert "resolution-form" not in page and 'data-testid="remind"' not in page
    assert client.post(reverse("cooperation:meeting-remind", args=[meeting.pk])).status_code == 302
    resolution = {"text": "x", "owner": member("NX").pk, "due_date": "2026-09-01"}
    url = reverse("cooperation:resolution-create", args=[meeting.pk])
    assert client.post(url, resolution).status_code == 302
    assert not Resolution.objects.exists()

    # The chair office changes it: a new title, one agenda row cleared.
    edit_url = reverse("cooperation:meeting-edit", args=[meeting.pk])
    form = content(client.get(edit_url))
    assert "审议跨省协作办案规范" in form and 'value="2026-06-10T09:30"' in form
    payload = meeting_payload(title="第七次联席会议", **{"agenda-INITIAL_FORMS": "3"})
    payload.update({"agenda-1-title": "", "agenda-1-presenter": ""})
    response = client.post(edit_url, payload)
    assert response.status_code == 302, content(response)[:3000]
    meeting.refresh_from_db()
    assert meeting.title == "第七次联席会议"
    assert list(meeting.agenda.values_list("title", flat=True)) == [
        "通报年度协作情况",
        "交流生态检察协作经验",
    ]


def test_open_resolutions_are_shown_as_carried_over_agenda_items(client, gs_chair, nx_liaison):
    earlier = schedule(gs_chair, dt.date(2026, 3, 20), publish=True, title="上次会议")
    meeting_services.resolution_create(
        user=gs_chair,
        meeting=earlier,
        text="建立跨省线索移送机制",
        owner=member("NX"),
        due_date=dt.date(2026, 12, 31),
    )
    client.force_login(gs_chair)
    form = content(client.get(reverse("cooperation:meeting-create")))
    assert 'data-testid="carried-resolutions"' in form and "建立跨省线索移送机制" in form
    client.post(reverse("cooperation:meeting-create"), meeting_payload())
    meeting = Meeting.objects.exclude(pk=earlier.pk).get()
    carried = meeting.agenda.get(carried_resolution__isnull=False)
    assert carried.presenter == member("NX")
    edit = content(client.get(reverse("cooperation:meeting-edit", args=[meeting.pk])))
    assert "建立跨省线索移送机制" in edit
    # The carried item is not an editable row: saving keeps it, once.
    payload = meeting_payload(**{"agenda-INITIAL_FORMS": "3"})
    assert (
        client.post(reverse("cooperation:meeting-edit", args=[meeting.pk]), payload).status_code
        == 302
    )
    assert meeting.agenda.filter(carried_resolution__isnull=False).count() == 1


def test_bad_meeting_input_is_named_next_to_the_field_and_nothing_is_saved(client, gs_chair):
    client.force_login(gs_chair)
    url = reverse("cooperation:meeting-create")
    day = MEETING_DAY.isoformat()
    response = client.post(url, meeting_payload(ends_at=f"{day}T08:00"))
    page = content(response)
    assert response.status_code == 400
    assert 'data-testid="error-ends_at"' in page
    assert zh("The meeting must end after it starts.") in page
    assert 'data-testid="form-errors"' not in page  # said once, next to the field
    # A row with a title but no presenter; a meeting with no venue that is not online.
    payload = meeting_payload(venue="", **{"agenda-1-presenter": ""})
    response = client.post(url, payload)
    page = content(response)
    assert response.status_code == 400
    assert 'data-testid="error-agenda-presenter"' in page
    response = client.post(url, meeting_payload(venue=""))
    assert response.status_code == 400
    assert 'data-testid="error-venue"' in content(response)
    assert zh("Give the venue, or hold the meeting online.") in content(response)
    assert not Meeting.objects.exists()


def test_others_cannot_schedule_change_publish_or_minute(
    client, gs_chair, sn_chair, sn_liaison, qh_prosecutor
):
    draft = schedule(gs_chair)
    published = schedule(gs_chair, dt.date(2026, 7, 1), publish=True)
    for user in (sn_chair, sn_liaison, qh_prosecutor):
        client.force_login(user)
        page = content(client.get(reverse("cooperation:meeting-list")))
        assert 'data-testid="new-meeting"' not in page
        assert client.get(reverse("cooperation:meeting-create")).status_code == 403
        assert (
            client.post(reverse("cooperation:meeting-create"), meeting_payload()).status_code == 403
        )
        # The draft is not there at all for them.
        for name in ("meeting-detail", "meeting-edit", "meeting-ics", "meeting-notice"):
            assert client.get(reverse(f"cooperation:{name}", args=[draft.pk])).status_code == 404
        for name in ("meeting-publish", "meeting-minutes", "meeting-remind", "resolution-create"):
            response = client.post(
                reverse(f"cooperation:{name}", args=[draft.pk]), {"minutes": "x"}
            )
            assert response.status_code == 404, name
        # The published meeting they may read, but not change.
        page = content(client.get(published.get_absolute_url()))
        assert "edit-meeting" not in page and "minutes-form" not in page
        assert "resolution-form" not in page and 'data-testid="remind"' not in page
        edit_url = reverse("cooperation:meeting-edit", args=[published.pk])
        assert client.get(edit_url).status_code == 403
        assert client.post(edit_url, meeting_payload(title="改")).status_code == 403
        for name, data in [
            ("meeting-publish", {}),
            ("meeting-remind", {}),
            ("meeting-minutes", {"minutes": "会议纪要"}),
            (
                "resolution-create",
                {"text": "x", "owner": member("SN").pk, "due_date": "2026-09-01"},
            ),
        ]:
            response = client.post(reverse(f"cooperation:{name}", args=[published.pk]), data)
            assert response.status_code == 403, name
    draft.refresh_from_db()
    published.refresh_from_db()
    assert draft.status == Meeting.Status.DRAFT and published.title == draft.title
    assert published.minutes == "" and not MinutesRevision.objects.exists()
    assert not Resolution.objects.exists()
    assert not Invitation.objects.filter(reminded_at__isnull=False).exists()


def test_drafts_are_only_in_the_chair_offices_calendar(client, gs_chair, sn_liaison):
    draft = schedule(gs_chair, title="草稿会议")
    client.force_login(gs_chair)
    month = content(client.get(reverse("cooperation:meeting-list"), {"month": "2026-06"}))
    assert f'data-testid="calendar-meeting-{draft.pk}"' in month
    client.force_login(sn_liaison)
    month = content(client.get(reverse("cooperation:meeting-list"), {"month": "2026-06"}))
    listing = content(client.get(reverse("cooperation:meeting-list"), {"view": "list"}))
    assert "草稿会议" not in month and "草稿会议" not in listing


# Publishing, the notice, answers and reminders.


def sign_off_through_the_pages(client, meeting, chair, member_liaison, capture):
    """Gansu's department head returns the notice with a comment, the chair office publishes it
    again, the head passes it and the chief signs it off; a member sees nothing before."""
    head, chief = signoff_people(member("GS"))
    url, signoff_url = (
        meeting.get_absolute_url(),
        reverse("cooperation:meeting-signoff", args=[meeting.pk]),
    )
    draft_url = reverse("cooperation:meeting-draft-notice", args=[meeting.pk])
    client.force_login(member_liaison)
    assert client.get(url).status_code == 404 and client.get(draft_url).status_code == 404
    assert client.post(signoff_url, {"action": "review"}).status_code == 404
    client.force_login(head)
    page = content(client.get(url))
    assert 'data-testid="signoff-review"' in page and 'data-testid="draft-notice"' in page
    assert 'data-testid="signoff-sign_off"' not in page
    draft = client.get(draft_url)
    assert draft.status_code == 200 and draft.content.startswith(b"%PDF")
    client.post(signoff_url, {"action": "review_return", "comment": "请补充联系人电话。"})
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.DRAFT
    client.force_login(chair)
    page = content(client.get(url))
    assert "请补充联系人电话。" in page and 'data-testid="publish-meeting"' in page
    client.post(reverse("cooperation:meeting-publish", args=[meeting.pk]))
    client.force_login(head)
    client.post(signoff_url, {"action": "review"})
    client.force_login(member_liaison)
    assert client.get(url).status_code == 404  # awaiting signature: still nothing to see
    client.force_login(chief)
    assert 'data-testid="signoff-sign_off"' in content(client.get(url))
    with capture(execute=True):
        assert client.post(signoff_url, {"action": "sign_off"}).status_code == 302


def test_publishing_issues_the_notice_and_invites_the_members(
    client, gs_chair, sn_liaison, qh_prosecutor, django_capture_on_commit_callbacks
):
    meeting = schedule(gs_chair)
    client.force_login(gs_chair)
    notice_url = reverse("cooperation:meeting-notice", args=[meeting.pk])
    assert client.get(notice_url).status_code == 404  # not issued yet
    response = client.post(reverse("cooperation:meeting-publish", args=[meeting.pk]))
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.NOTICE_IN_REVIEW and not MeetingNotice.objects.exists()
    sign_off_through_the_pages(
        client, meeting, gs_chair, sn_liaison, django_capture_on_commit_callbacks
    )
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.PUBLISHED
    assert meeting.notice.state == MeetingNotice.State.ISSUED
    client.force_login(gs_chair)
    page = content(client.get(meeting.get_absolute_url()))
    assert 'data-testid="notice-signed-off"' in page
    assert 'data-testid="download-notice"' in page and "publish-meeting" not in page
    assert 'data-testid="resolution-form"' in page
    assert page.count('data-testid="not-answered"') == 6 and 'data-testid="remind"' in page
    # Publishing twice changes nothing.
    assert client.post(reverse("cooperation:meeting-publish", args=[meeting.pk])).status_code == 302
    assert MeetingNotice.objects.count() == 1
    for user in (sn_liaison, qh_prosecutor):
        client.force_login(user)
        response = client.get(notice_url)
        assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
        assert b"".join(response.streaming_content).startswith(b"%PDF")
    # Every download of the notice is in the portal's one log; the refused one before it is not.
    downloads = DocumentDownload.objects.filter(meeting_notice=meeting.notice)
    assert sorted(d.user.username for d in downloads) == sorted(
        [sn_liaison.username, qh_prosecutor.username]
    )


def test_the_liaison_answers_for_the_member(client, gs_chair, sn_liaison, qh_prosecutor):
    meeting = schedule(gs_chair, publish=True)
    invitation = meeting.invitations.get(procuratorate=member("SN"))
    answer_url = reverse("cooperation:meeting-answer", args=[meeting.pk])
    client.force_login(qh_prosecutor)  # not a liaison officer: no form, no answer
    assert 'data-testid="answer-form"' not in content(client.get(meeting.get_absolute_url()))
    assert client.post(answer_url, {"answer": "declined"}).status_code == 403
    client.force_login(sn_liaison)
    assert 'data-testid="answer-form"' in content(client.get(meeting.get_absolute_url()))
    response = client.post(answer_url, {"answer": "attending", "delegates": " \n "})
    assert response.status_code == 400
    assert 'data-testid="error-delegates"' in content(response)
    assert zh("Name at least one delegate, one a line.") in content(response)
    invitation.refresh_from_db()
    assert invitation.answer == Invitation.Answer.PENDING
    response = client.post(answer_url, {"answer": "attending", "delegates": "赵军\n\n孙丽\n"})
    assert response.status_code == 302
    invitation.refresh_from_db()
    assert invitation.answer == Invitation.Answer.ATTENDING
    assert invitation.delegate_names == ["赵军", "孙丽"]
    assert invitation.answered_by == sn_liaison
    client.force_login(gs_chair)
    page = content(client.get(meeting.get_absolute_url()))
    assert "赵军、孙丽" in page
    assert page.count('data-testid="not-answered"') == 5
    response = client.post(reverse("cooperation:meeting-remind", args=[meeting.pk]))
    assert response.status_code == 302
    assert meeting.invitations.filter(reminded_at__isnull=False).count() == 5
    invitation.refresh_from_db()
    assert invitation.reminded_at is None


# Minutes and resolutions.


def test_minutes_keep_their_history(client, gs_chair):
    meeting = schedule(gs_chair, publish=True)
    client.force_login(gs_chair)
    url = reverse("cooperation:meeting-minutes", args=[meeting.pk])
    response = client.post(url, {"minutes": "   "})
    assert response.status_code == 400 and 'data-testid="error-minutes"' in content(response)
    assert client.post(url, {"minutes": "会议纪要第一稿"}).status_code == 302
    assert client.post(url, {"minutes": "会议纪要定稿"}).status_code == 302
    page = content(client.get(meeting.get_absolute_url()))
    assert "会议纪要定稿" in page and "会议纪要第一稿" in page  # the earlier one in the history
    assert 'data-testid="minutes-history"' in page
    assert page.count(gs_chair.get_full_name()) >= 2
    assert MinutesRevision.objects.filter(meeting=meeting).count() == 2


def test_resolutions_are_recorded_and_reported_by_their_owner(
    client, gs_chair, nx_liaison, sn_liaison
):
    meeting = schedule(gs_chair, publish=True)
    client.force_login(gs_chair)
    url = reverse("cooperation:resolution-create", args=[meeting.pk])
    response = client.post(url, {"text": "建立线索移送机制", "owner": "", "due_date": ""})
    assert response.status_code == 400
    assert 'data-testid="error-owner"' in content(response)
    assert not Resolution.objects.exists()
    payload = {"text": "建立线索移送机制", "owner": member("NX").pk, "due_date": "2026-09-30"}
    assert client.post(url, payload).status_code == 302
    resolution = Resolution.objects.get()
    assert resolution.owner == member("NX") and resolution.due_date == dt.date(2026, 9, 30)
    page = content(client.get(meeting.get_absolute_url()))
    assert "report-form" not in page  # the chair office does not report for the owner

    report_url = reverse("cooperation:resolution-report", args=[resolution.pk])
    prefix = f"report-{resolution.pk}"
    client.force_login(sn_liaison)
    assert "report-form" not in content(client.get(meeting.get_absolute_url()))
    assert client.post(report_url, {f"{prefix}-note": "x"}).status_code == 403
    assert client.get(report_url).status_code == 403
    client.force_login(nx_liaison)
    page = content(client.get(meeting.get_absolute_url()))
    assert 'data-testid="report-form"' in page
    assert 'data-testid="report-form"' in content(client.get(report_url))
    listing = content(client.get(reverse("cooperation:meeting-list")))
    assert 'data-testid="own-resolutions"' in listing and "建立线索移送机制" in listing
    response = client.post(report_url, {f"{prefix}-note": ""})
    assert response.status_code == 400 and 'data-testid="error-note"' in content(response)
    response = client.post(report_url, {f"{prefix}-note": "已起草移送办法", f"{prefix}-done": "on"})
    assert response.status_code == 302
    assert response["Location"].endswith(f"#resolution-{resolution.pk}")
    resolution.refresh_from_db()
    assert resolution.state == Resolution.State.DONE
    page = content(client.get(meeting.get_absolute_url()))
    assert "已起草移送办法" in page and "report-form" not in page
    page = content(client.get(report_url))
    assert "已起草移送办法" in page and "report-form" not in page
    response = client.post(report_url, {f"{prefix}-note": "再报"}, follow=True)  # done already
    assert zh("This resolution is already done.") in content(response)
    assert resolution.progress.count() == 1


# Downloads: .ics and the personal feed.


def test_meeting_ics_is_in_beijing_time(client, gs_chair, sn_liaison):
    meeting = schedule(gs_chair, publish=True)
    client.force_login(sn_liaison)
    response = client.get(reverse("cooperation:meeting-ics", args=[meeting.pk]))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    event = Calendar.from_ical(response.content).walk("VEVENT")[0]
    start = event.decoded("dtstart")
    assert start == at(MEETING_DAY, 9)
    assert start.astimezone(SHANGHAI).hour == 9
    assert str(start.tzinfo) == "Asia/Shanghai"
    (export,) = AuditEntry.objects.filter(action=AuditEntry.Action.EXPORT)
    assert (export.actor, export.target, export.detail) == (
        sn_liaison,
        meeting,
        f"meeting-{meeting.number}.ics",
    )


def test_personal_feed_works_without_sign_in_only_with_its_token(client, gs_chair, sn_liaison):
    meeting = schedule(gs_chair, publish=True)
    declined = schedule(gs_chair, dt.date(2026, 8, 1), publish=True, title="不参加的会议")
    meeting_services.invitation_answer(
        user=sn_liaison,
        invitation=declined.invitations.get(procuratorate=member("SN")),
        answer="declined",
        delegates="",
    )
    draft = schedule(gs_chair, dt.date(2026, 9, 1), title="草稿")
    client.force_login(sn_liaison)
    page = content(client.get(reverse("cooperation:feed")))
    feed = CalendarFeed.objects.get(user=sn_liaison)
    assert feed.token in page and 'data-testid="renew-feed"' in page
    client.logout()
    url = reverse("cooperation:feed-ics", args=[feed.token])
    response = client.get(url)
    assert response.status_code == 200
    uids = [str(e["uid"]) for e in Calendar.from_ical(response.content).walk("VEVENT")]
    assert uids == [f"meeting-{meeting.pk}@northwest-procuratorates"]
    assert str(declined.pk) not in "".join(uids) and str(draft.pk) not in "".join(uids)
    # Fetched without a session, the feed is still its owner's export.
    (export,) = AuditEntry.objects.filter(action=AuditEntry.Action.EXPORT)
    assert (export.actor, export.procuratorate, export.detail) == (
        sn_liaison,
        member("SN"),
        "meetings.ics: 1",
    )
    assert client.get(reverse("cooperation:feed-ics", args=["not-the-token"])).status_code == 404
    client.force_login(sn_liaison)
    assert client.post(reverse("cooperation:feed-renew")).status_code == 302
    client.logout()
    assert client.get(url).status_code == 404
    feed.refresh_from_db()
    assert client.get(reverse("cooperation:feed-ics", args=[feed.token])).status_code == 200


# The calendar, the list and the rotation.


def test_month_calendar_and_list(client, gs_chair, sn_liaison):
    meeting = schedule(gs_chair, publish=True)
    client.force_login(sn_liaison)
    url = reverse("cooperation:meeting-list")
    page = content(client.get(url))  # this month: March 2026
    assert 'data-month="2026-03"' in page and f"calendar-meeting-{meeting.pk}" not in page
    assert '?month=2026-04"' in page and '?month=2026-02"' in page
    page = content(client.get(url, {"month": "2026-06"}))
    cell = page.split('data-date="2026-06-10"', 1)[1].split("</td>", 1)[0]
    assert f'data-testid="calendar-meeting-{meeting.pk}"' in cell and "09:00" in cell
    assert content(client.get(url, {"month": "bad"})).count('data-month="2026-03"') == 1
    listing = content(client.get(url, {"view": "list"}))
    assert f'data-testid="meeting-row-{meeting.pk}"' in listing and "2026-06-10 09:00" in listing


def test_rotation_page_and_swaps(client, gs_chair, sn_liaison):
    admin = UserFactory(username="t-admin", roles=[Role.ADMINISTRATOR])
    client.force_login(sn_liaison)
    page = content(client.get(reverse("cooperation:rotation")))
    assert 'data-code="GS"' in page and "2026年轮值召集方：甘肃。" in page
    assert 'data-testid="chair-2020" data-code="GS"' in page
    assert 'data-testid="chair-2031" data-code="BT"' in page  # five years ahead
    assert "swap-form" not in page
    swap_url = reverse("cooperation:rotation-swap")
    data = {"year_a": 2028, "year_b": 2029, "reason": "承办条件调整"}
    assert client.post(swap_url, data).status_code == 403
    assert not ChairSwap.objects.exists()
    client.force_login(admin)
    assert 'data-testid="swap-form"' in content(client.get(reverse("cooperation:rotation")))
    response = client.post(swap_url, {**data, "year_a": 2026})
    assert response.status_code == 400 and 'data-testid="error-year_a"' in content(response)
    assert client.post(swap_url, data).status_code == 302
    page = content(client.get(reverse("cooperation:rotation")))
    assert 'data-testid="chair-2028" data-code="NX"' in page
    assert 'data-testid="chair-2029" data-code="QH"' in page and "承办条件调整" in page


# Query counts stay flat as the data grow.


@pytest.mark.parametrize("count", [1, 8])
def test_meeting_list_and_calendar_query_count_is_fixed(
    client, gs_chair, count, django_assert_max_num_queries
):
    for i in range(count):
        schedule(gs_chair, MEETING_DAY + dt.timedelta(days=i), publish=i % 2 == 0)
    client.force_login(gs_chair)
    url = reverse("cooperation:meeting-list")
    with django_assert_max_num_queries(9):
        assert client.get(url, {"month": "2026-06"}).status_code == 200
    with django_assert_max_num_queries(9):
        assert client.get(url, {"view": "list"}).status_code == 200


@pytest.mark.parametrize("count", [1, 6])
def test_meeting_detail_query_count_is_fixed(
    client, gs_chair, nx_liaison, sn_liaison, count, django_assert_max_num_queries
):
    meeting = schedule(gs_chair, publish=True)
    for i in range(count):
        resolution = meeting_services.resolution_create(
            user=gs_chair,
            meeting=meeting,
            text=f"议定事项{i}",
            owner=member("NX"),
            due_date=dt.date(2026, 9, 1),
        )
        meeting_services.resolution_report(user=nx_liaison, resolution=resolution, note=f"进展{i}")
        meeting_services.minutes_save(user=gs_chair, meeting=meeting, text=f"纪要{i}")
    meeting_services.invitation_answer(
        user=sn_liaison,
        invitation=meeting.invitations.get(procuratorate=member("SN")),
        answer="attending",
        delegates="赵军",
    )
    for user in (gs_chair, nx_liaison):
        client.force_login(user)
        with django_assert_max_num_queries(17):
            assert client.get(meeting.get_absolute_url()).status_code == 200


# Symposiums.


@pytest.fixture
def xian(db):
    return ProcuratorateFactory(
        code="SN-XA", name_zh="西安市人民检察院", parent=member("SN"), province="SN"
    )


@pytest.fixture
def xian_prosecutor(xian):
    return person("t-sn-city-prosecutor", "SN", Role.PROSECUTOR, procuratorate=xian)


def convene(user, *participants, title="兰州—西安跨区域协作座谈会"):
    return symposium_services.symposium_create(
        user=user,
        data={"title": title, "held_on": dt.date(2026, 4, 8), "venue": "兰州市"},
        participants=list(participants),
    )


def test_a_city_procuratorate_convenes_a_symposium(client, lanzhou_prosecutor, xian, lanzhou):
    client.force_login(lanzhou_prosecutor)
    assert 'data-testid="new-symposium"' in content(
        client.get(reverse("cooperation:symposium-list"))
    )
    url = reverse("cooperation:symposium-create")
    form = content(client.get(url))
    assert f'value="{xian.pk}"' in form and f'value="{lanzhou.pk}"' not in form
    assert f'value="{member("SN").pk}"' not in form  # provincial ones are not offered
    own = ProcuratorateFactory(code="GS-LZ-YZ", name_zh="榆中县人民检察院", parent=lanzhou)
    data = {"title": "座谈会", "held_on": "2026-04-08", "venue": "兰州市", "participants": [own.pk]}
    response = client.post(url, data)
    assert response.status_code == 400
    assert 'data-testid="error-participants"' in content(response)
    assert zh("Invite at least one procuratorate of another province.") in content(response)
    response = client.post(url, {**data, "participants": []})
    assert response.status_code == 400
    assert zh("Invite at least one procuratorate of another province.") in content(response)
    assert not Symposium.objects.exists()
    # 兰州 and 西安 do not border each other: the form warns, and records it once confirmed.
    response = client.post(url, {**data, "participants": [own.pk, xian.pk]})
    assert response.status_code == 200 and 'data-testid="not-neighbours"' in content(response)
    assert not Symposium.objects.exists()
    response = client.post(
        url, {**data, "participants": [own.pk, xian.pk], "not_neighbours_confirmed": "1"}
    )
    assert response.status_code == 302
    symposium = Symposium.objects.get()
    assert symposium.convener == lanzhou
    assert set(symposium.participants.values_list("procuratorate__code", flat=True)) == {
        "GS-LZ",
        "GS-LZ-YZ",
        "SN-XA",
    }


def test_neighbours_across_the_border_are_recorded_without_a_warning(client, lanzhou_prosecutor):
    haidong = ProcuratorateFactory(code="QH-HD", name_zh="海东市人民检察院", parent=member("QH"))
    minhe = ProcuratorateFactory(
        code="QH-HD-MH", name_zh="民和回族土族自治县人民检察院", parent=haidong, level="county"
    )
    client.force_login(lanzhou_prosecutor)
    data = {"title": "甘青交界座谈会", "held_on": "2026-04-08", "venue": "兰州市"}
    response = client.post(
        reverse("cooperation:symposium-create"), {**data, "participants": [haidong.pk, minhe.pk]}
    )
    assert response.status_code == 302
    assert Symposium.objects.get().participants.count() == 3


def test_the_border_table_knows_real_neighbours_and_counties_count_as_their_prefecture(db):
    from cooperation.symposiums.borders import adjacent, prefecture_of, without_neighbour

    def node(code, name, parent, level="prefecture"):
        return ProcuratorateFactory(code=code, name_zh=name, parent=parent, level=level)

    qingyang = node("GS-QY", "庆阳市人民检察院", member("GS"))
    huanxian = node("GS-QY-HX", "环县人民检察院", qingyang, level="county")
    yanan = node("SN-YA", "延安市人民检察院", member("SN"))
    xining = node("QH-XN", "西宁市人民检察院", member("QH"))
    tianshui = node("GS-TS", "天水市人民检察院", member("GS"))
    baoji = node("SN-BJ", "宝鸡市人民检察院", member("SN"))
    division = node("BT-12", "新疆生产建设兵团人民检察院第十二师分院", member("BT"), "xpcc_branch")
    urumqi = node("XJ-UR", "乌鲁木齐市人民检察院", member("XJ"))
    assert prefecture_of(huanxian) == "庆阳市" and prefecture_of(division) == "第十二师"
    assert adjacent(qingyang, yanan) and adjacent(huanxian, yanan) and adjacent(tianshui, baoji)
    assert adjacent(division, urumqi)
    assert not adjacent(qingyang, xining) and not adjacent(qingyang, tianshui)
    assert without_neighbour([tianshui, baoji, xining]) == [xining]
    assert without_neighbour([qingyang, yanan]) == []


def test_provincial_users_do_not_convene(client, sn_liaison):
    client.force_login(sn_liaison)
    assert "new-symposium" not in content(client.get(reverse("cooperation:symposium-list")))
    assert client.get(reverse("cooperation:symposium-create")).status_code == 403


def test_symposium_is_seen_by_participants_and_those_above_only(
    client, lanzhou_prosecutor, xian_prosecutor, xian, sn_liaison, xining_prosecutor, qh_liaison
):
    symposium = convene(lanzhou_prosecutor, xian)
    for user in (lanzhou_prosecutor, xian_prosecutor, sn_liaison):
        client.force_login(user)
        assert client.get(symposium.get_absolute_url()).status_code == 200, user
        assert symposium.title in content(client.get(reverse("cooperation:symposium-list")))
    for user in (xining_prosecutor, qh_liaison):  # Qinghai takes no part
        client.force_login(user)
        assert client.get(symposium.get_absolute_url()).status_code == 404
        assert symposium.title not in content(client.get(reverse("cooperation:symposium-list")))
        for name in ("symposium-agreement", "symposium-follow-up", "symposium-attach"):
            url = reverse(f"cooperation:{name}", args=[symposium.pk])
            assert client.post(url, {"agreement": "x"}).status_code == 404


def test_convener_records_agreement_follow_ups_and_documents(
    client, lanzhou_prosecutor, xian_prosecutor, xian, xining_prosecutor
):
    symposium = convene(lanzhou_prosecutor, xian)
    client.force_login(xian_prosecutor)  # a participant reads, but does not record
    page = content(client.get(symposium.get_absolute_url()))
    assert "agreement-form" not in page and "follow-up-form" not in page
    assert "document-form" not in page
    agreement_url = reverse("cooperation:symposium-agreement", args=[symposium.pk])
    assert client.post(agreement_url, {"agreement": "改"}).status_code == 403

    client.force_login(lanzhou_prosecutor)
    response = client.post(agreement_url, {"agreement": " "})
    assert response.status_code == 400 and 'data-testid="error-agreement"' in content(response)
    assert (
        client.post(agreement_url, {"agreement": "建立黄河流域生态检察协作机制"}).status_code == 302
    )
    follow_up_url = reverse("cooperation:symposium-follow-up", args=[symposium.pk])
    response = client.post(follow_up_url, {"text": "交换线索", "owner": xian.pk, "due_date": ""})
    assert response.status_code == 302
    item = symposium.follow_ups.get()
    assert item.owner == xian and item.due_date is None
    attach_url = reverse("cooperation:symposium-attach", args=[symposium.pk])
    upload = SimpleUploadedFile("会议纪要.pdf", PDF, "application/pdf")
    assert client.post(attach_url, {"upload": upload}).status_code == 302
    bad = SimpleUploadedFile("run.exe", b"MZ\x90\x00", "application/octet-stream")
    response = client.post(attach_url, {"upload": bad})
    assert response.status_code == 400 and 'data-testid="error-upload"' in content(response)
    document = SymposiumDocument.objects.get()

    client.force_login(xian_prosecutor)  # the owner marks the item done
    page = content(client.get(symposium.get_absolute_url()))
    assert "建立黄河流域生态检察协作机制" in page and "会议纪要.pdf" in page
    assert f'data-testid="follow-up-done-{item.pk}"' in page
    done_url = reverse("cooperation:symposium-follow-up-done", args=[symposium.pk, item.pk])
    assert client.post(done_url).status_code == 302
    item.refresh_from_db()
    assert item.done
    download_url = reverse("cooperation:symposium-document", args=[symposium.pk, document.pk])
    response = client.get(download_url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    client.force_login(xining_prosecutor)
    assert client.get(download_url).status_code == 404
    assert client.post(done_url).status_code == 404
    (logged,) = DocumentDownload.objects.all()  # the download, not the refusal
    assert (logged.user, logged.document) == (xian_prosecutor, document)
    (audited,) = AuditEntry.objects.filter(action=AuditEntry.Action.DOWNLOAD)
    assert (audited.actor, audited.target) == (xian_prosecutor, document)


@pytest.mark.parametrize("count", [1, 8])
def test_symposium_list_query_count_is_fixed(
    client, lanzhou_prosecutor, xian, count, django_assert_max_num_queries
):
    for i in range(count):
        convene(lanzhou_prosecutor, xian, title=f"座谈会{i}")
    client.force_login(lanzhou_prosecutor)
    with django_assert_max_num_queries(9):
        response = client.get(reverse("cooperation:symposium-list"))
    assert response.status_code == 200
    assert content(response).count('data-testid="symposium-row-') == count


def test_navigation_links_to_meetings_and_symposiums(client, sn_liaison):
    client.force_login(sn_liaison)
    page = content(client.get(reverse("home")))
    assert f'href="{reverse("cooperation:meeting-list")}" data-testid="nav-meetings"' in page
    assert 'data-testid="nav-symposiums"' in page and 'data-testid="tile-meetings"' in page
    assert Procuratorate.objects.filter(level="provincial").count() == 6
