"""The liaison mechanism's rules: rotation, handover, meetings, reminders, resolutions."""

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from cooperation.handover import services as handover_services
from cooperation.meetings import services as meeting_services
from cooperation.meetings.models import (
    AgendaItem,
    Invitation,
    Meeting,
    MeetingNotice,
    MeetingReminder,
    Resolution,
)
from cooperation.meetings.permissions import meeting_policy, resolution_policy
from cooperation.rotation import services as rotation_services
from cooperation.rotation.models import ChairTerm
from cooperation.symposiums import services as symposium_services
from cooperation.symposiums.permissions import symposium_policy
from portal.models import Notification, Role
from tests.factories import ProcuratorateFactory, UserFactory, member, publish_meeting

TZ = dt.timezone(dt.timedelta(hours=8))
NEW_YEAR_2027 = dt.datetime(2027, 1, 1, 0, 10, tzinfo=TZ)


def chair(code):
    return UserFactory(
        username=f"t-{code.lower()}-chair", procuratorate=member(code), roles=[Role.CHAIR]
    )


def liaison(code):
    return UserFactory(
        username=f"t-{code.lower()}-liaison", procuratorate=member(code), roles=[Role.LIAISON]
    )


def at(day: dt.date, hour: int) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=TZ)


def schedule(user, starts_at, **data):
    return meeting_services.meeting_create(
        user=user,
        data={
            "title": "区域检察协作联席会议",
            "starts_at": starts_at,
            "ends_at": starts_at + dt.timedelta(hours=3),
            "venue": "兰州市",
            **data,
        },
        agenda=[
            {"title": "通报年度协作情况", "presenter": member("GS"), "duration_minutes": 30},
            {"title": "审议协作办案规范", "presenter": member("SN"), "duration_minutes": 40},
            {"title": "确定下年度重点工作", "presenter": member("QH"), "duration_minutes": 20},
        ],
    )


def test_chair_follows_the_signing_order_and_swaps(db):
    assert [code for _, code in rotation_services.chair_calendar(2020, 2027)] == [
        "GS",
        "SN",
        "QH",
        "NX",
        "XJ",
        "BT",
        "GS",
        "SN",
    ]
    admin = UserFactory(username="t-admin", roles=[Role.ADMINISTRATOR])
    with time_machine.travel(dt.datetime(2026, 6, 1, tzinfo=TZ)):
        # 2026's term is open: 2026 itself can no longer be swapped.
        handover_services.chair_handover()
        with pytest.raises(ValidationError):
            rotation_services.chair_swap_record(user=admin, year_a=2026, year_b=2028, reason="调整")
        rotation_services.chair_swap_record(
            user=admin, year_a=2029, year_b=2028, reason="承办条件调整"
        )
    assert rotation_services.chair_for(2028) == "NX" and rotation_services.chair_for(2029) == "QH"
    with pytest.raises(PermissionDenied):
        rotation_services.chair_swap_record(user=chair("GS"), year_a=2030, year_b=2031, reason="x")


def test_handover_on_its_date_once_with_open_resolutions(db):
    gs_chair, sn_chair = chair("GS"), chair("SN")
    with time_machine.travel(dt.datetime(2026, 3, 1, 9, tzinfo=TZ), tick=False):
        term_2026 = handover_services.chair_handover()
        assert term_2026.province == "GS"
        meeting = publish_meeting(gs_chair, schedule(gs_chair, at(dt.date(2026, 6, 10), 9)))
        meeting_services.resolution_create(
            user=gs_chair,
            meeting=meeting,
            text="建立跨省线索移送机制",
            owner=member("NX"),
            due_date=dt.date(2027, 3, 1),
        )
    with time_machine.travel(NEW_YEAR_2027 - dt.timedelta(hours=1), tick=False):
        assert handover_services.chair_handover() is None  # not yet the handover date
    with time_machine.travel(NEW_YEAR_2027, tick=False):
        term = handover_services.chair_handover()
        assert handover_services.chair_handover() is None  # the job run twice opens one term
    assert term.year == 2027 and term.province == "SN"
    assert "建立跨省线索移送机制" in term.handover_note
    assert ChairTerm.objects.filter(year=2027).count() == 1
    handover_notices = Notification.objects.filter(verb__contains="passes to")
    assert set(handover_notices.values_list("recipient__username", flat=True)) == {
        gs_chair.username,
        sn_chair.username,
    }
    assert handover_notices.count() == 3  # GS chair in 2026 and 2027, SN chair in 2027
    # The rights followed the chair: SN manages 2027's meetings, GS no longer does.
    with time_machine.travel(NEW_YEAR_2027 + dt.timedelta(days=1), tick=False):
        with pytest.raises(PermissionDenied):
            schedule(gs_chair, at(dt.date(2027, 6, 1), 9))
        meeting_2027 = schedule(sn_chair, at(dt.date(2027, 6, 1), 9))
    # The open resolution of 2026 is on 2027's agenda, carried over.
    carried = AgendaItem.objects.get(meeting=meeting_2027, carried_resolution__isnull=False)
    assert carried.presenter == member("NX")
    assert meeting.year == 2026 and meeting_services.is_chair_office(gs_chair, 2026)


def test_meeting_numbering_invitations_and_publication(db, django_capture_on_commit_callbacks):
    gs_chair, sn_liaison = chair("GS"), liaison("SN")
    with time_machine.travel(dt.datetime(2026, 3, 1, 9, tzinfo=TZ), tick=False):
        handover_services.chair_handover()
        first = schedule(gs_chair, at(dt.date(2026, 6, 10), 9))
        second = schedule(gs_chair, at(dt.date(2026, 9, 10), 9))
        # The series began with the rotation in 2020: 2026's first meeting is the seventh.
        assert (first.number, second.number) == (7, 8)
        assert first.invitations.count() == 6
        assert not meeting_policy.can(sn_liaison, "view", first)  # a draft: chair office only
        with django_capture_on_commit_callbacks(execute=True):
            publish_meeting(gs_chair, first)
    notice = MeetingNotice.objects.get(meeting=first)
    assert notice.state == MeetingNotice.State.ISSUED and notice.number == "甘检协通〔2026〕1号"
    assert notice.file.read(4) == b"%PDF"
    first.refresh_from_db()
    assert meeting_policy.can(sn_liaison, "view", first)
    assert Notification.objects.filter(recipient=sn_liaison, verb__contains="is called").exists()
    with pytest.raises(PermissionDenied):
        meeting_services.meeting_publish(
            user=UserFactory(username="x", roles=[Role.CHAIR], procuratorate=member("QH")),
            meeting=second,
        )


def test_invitation_answers(db):
    gs_chair, sn_liaison, qh_liaison = chair("GS"), liaison("SN"), liaison("QH")
    with time_machine.travel(dt.datetime(2026, 3, 1, 9, tzinfo=TZ), tick=False):
        handover_services.chair_handover()
        meeting = publish_meeting(gs_chair, schedule(gs_chair, at(dt.date(2026, 6, 10), 9)))
    invitation = meeting.invitations.get(procuratorate=member("SN"))
    clock = time_machine.travel(dt.datetime(2026, 3, 2, 9, tzinfo=TZ), tick=False)
    clock.start()
    with pytest.raises(ValidationError) as error:
        meeting_services.invitation_answer(
            user=sn_liaison, invitation=invitation, answer="attending", delegates="  "
        )
    assert "delegates" in error.value.message_dict
    with pytest.raises(PermissionDenied):
        meeting_services.invitation_answer(
            user=qh_liaison, invitation=invitation, answer="declined", delegates=""
        )
    meeting_services.invitation_answer(
        user=sn_liaison, invitation=invitation, answer="attending", delegates="赵军\n孙丽\n"
    )
    invitation.refresh_from_db()
    assert invitation.delegate_names == ["赵军", "孙丽"]
    assert meeting_services.invitations_remind(user=gs_chair, meeting=meeting) == 5
    assert Notification.objects.filter(
        recipient=qh_liaison, verb__contains="Please answer"
    ).exists()
    assert not Notification.objects.filter(
        recipient=sn_liaison, verb__contains="Please answer"
    ).exists()
    clock.stop()
    # The meeting is over: no more answers.
    with (
        time_machine.travel(dt.datetime(2026, 6, 11, 9, tzinfo=TZ), tick=False),
        pytest.raises(ValidationError),
    ):
        meeting_services.invitation_answer(
            user=sn_liaison, invitation=invitation, answer="declined", delegates=""
        )


def test_reminders_at_each_offset_once(db):
    gs_chair, sn_liaison = chair("GS"), liaison("SN")
    start = at(dt.date(2026, 6, 10), 9)
    with time_machine.travel(dt.datetime(2026, 3, 1, 9, tzinfo=TZ), tick=False):
        handover_services.chair_handover()
        publish_meeting(gs_chair, schedule(gs_chair, start))
    with time_machine.travel(start - dt.timedelta(days=8), tick=False):
        assert meeting_services.meeting_reminders_send() == 0
    with time_machine.travel(start - dt.timedelta(days=6, hours=23), tick=False):
        assert meeting_services.meeting_reminders_send() == 1
        assert (
            meeting_services.meeting_reminders_send() == 0
        )  # the job run twice sends nothing twice
    with time_machine.travel(start - dt.timedelta(hours=20), tick=False):
        assert meeting_services.meeting_reminders_send() == 1
        assert meeting_services.meeting_reminders_send() == 0
    with time_machine.travel(start + dt.timedelta(hours=1), tick=False):
        assert meeting_services.meeting_reminders_send() == 0
    assert sorted(MeetingReminder.objects.values_list("days_before", flat=True)) == [1, 7]
    assert (
        Notification.objects.filter(recipient=sn_liaison, verb__contains="begins on").count() == 2
    )


def test_minutes_keep_every_revision(db):
    gs_chair = chair("GS")
    with time_machine.travel(dt.datetime(2026, 3, 1, 9, tzinfo=TZ), tick=False):
        handover_services.chair_handover()
        meeting = schedule(gs_chair, at(dt.date(2026, 6, 10), 9))
    meeting_services.minutes_save(user=gs_chair, meeting=meeting, text="会议纪要第一稿")
    meeting_services.minutes_save(user=gs_chair, meeting=meeting, text="会议纪要定稿")
    meeting.refresh_from_db()
    assert meeting.minutes == "会议纪要定稿"
    assert [r.text for r in meeting.revisions.all()] == ["会议纪要定稿", "会议纪要第一稿"]
    with pytest.raises(PermissionDenied):
        meeting_services.minutes_save(user=liaison("SN"), meeting=meeting, text="篡改")


def test_resolution_progress_by_its_owner_only(db):
    gs_chair, nx_liaison, xj_liaison = chair("GS"), liaison("NX"), liaison("XJ")
    with time_machine.travel(dt.datetime(2026, 3, 1, 9, tzinfo=TZ), tick=False):
        handover_services.chair_handover()
        meeting = publish_meeting(gs_chair, schedule(gs_chair, at(dt.date(2026, 6, 10), 9)))
    resolution = meeting_services.resolution_create(
        user=gs_chair,
        meeting=meeting,
        text="牵头制定生态修复协作指引",
        owner=member("NX"),
        due_date=dt.date(2026, 12, 31),
    )
    assert resolution_policy.can(xj_liaison, "view", resolution)
    with pytest.raises(PermissionDenied):
        meeting_services.resolution_report(user=xj_liaison, resolution=resolution, note="代报")
    meeting_services.resolution_report(user=nx_liaison, resolution=resolution, note="已形成初稿")
    meeting_services.resolution_report(
        user=nx_liaison, resolution=resolution, note="已印发", done=True
    )
    resolution.refresh_from_db()
    assert resolution.state == Resolution.State.DONE and resolution.progress.count() == 2
    with pytest.raises(ValidationError):
        meeting_services.resolution_report(user=nx_liaison, resolution=resolution, note="again")


def test_symposium_is_seen_by_participants_and_those_above_only(db):
    lanzhou = ProcuratorateFactory(code="GS-LZ", parent=member("GS"))
    xining = ProcuratorateFactory(code="QH-XN", parent=member("QH"))
    convener = UserFactory(username="t-lz", procuratorate=lanzhou, roles=[Role.PROSECUTOR])
    participant = UserFactory(username="t-xn", procuratorate=xining, roles=[Role.PROSECUTOR])
    above = liaison("QH")
    outsider = liaison("NX")
    with pytest.raises(ValidationError) as error:
        symposium_services.symposium_create(
            user=convener,
            data={"title": "x", "held_on": dt.date(2026, 5, 1), "venue": "兰州"},
            participants=[],
        )
    assert "participants" in error.value.message_dict
    symposium = symposium_services.symposium_create(
        user=convener,
        data={
            "title": "甘青交界地区生态保护协调座谈会",
            "held_on": dt.date(2026, 5, 1),
            "venue": "兰州市人民检察院",
        },
        participants=[xining],
    )
    for user in (convener, participant, above):
        assert symposium_policy.visible(user).filter(pk=symposium.pk).exists(), user
    assert not symposium_policy.visible(outsider).filter(pk=symposium.pk).exists()
    with pytest.raises(PermissionDenied):
        symposium_services.symposium_record_agreement(
            user=participant, symposium=symposium, agreement="x"
        )
    symposium_services.symposium_record_agreement(
        user=convener, symposium=symposium, agreement="建立交界地区联合巡查机制"
    )
    item = symposium_services.symposium_add_follow_up(
        user=convener, symposium=symposium, text="每季度联合巡查一次", owner=xining
    )
    symposium_services.symposium_follow_up_done(user=participant, follow_up=item)
    item.refresh_from_db()
    assert item.done
    with pytest.raises(PermissionDenied):
        symposium_services.symposium_create(
            user=above, data={}, participants=[lanzhou]
        )  # provincial


def test_invitation_count_and_draft_visibility_for_a_plain_prosecutor(db, gs_prosecutor):
    gs_chair = chair("GS")
    with time_machine.travel(dt.datetime(2026, 3, 1, 9, tzinfo=TZ), tick=False):
        handover_services.chair_handover()
        draft = schedule(gs_chair, at(dt.date(2026, 6, 10), 9))
    assert not meeting_policy.visible(gs_prosecutor).filter(pk=draft.pk).exists()
    assert Invitation.objects.filter(meeting=draft).count() == 6
    assert Meeting.objects.get(pk=draft.pk).host == "GS"
    assert timezone.localtime(draft.starts_at).hour == 9


def test_agenda_documents_stay_with_their_item_and_only_members_file_them(db):
    from django.core.files.uploadedfile import SimpleUploadedFile

    gs_chair, sn_liaison, qh_liaison = chair("GS"), liaison("SN"), liaison("QH")
    with time_machine.travel(dt.datetime(2026, 3, 1, 9, tzinfo=TZ), tick=False):
        handover_services.chair_handover()
        meeting = publish_meeting(gs_chair, schedule(gs_chair, at(dt.date(2026, 6, 10), 9)))
    sn_item = meeting.agenda.get(presenter=member("SN"))
    pdf = SimpleUploadedFile("规范草案.pdf", b"%PDF-1.4 draft", "application/pdf")
    meeting_services.agenda_document_attach(user=sn_liaison, item=sn_item, upload=pdf)
    with pytest.raises(PermissionDenied):  # not the presenter, not the chair office
        meeting_services.agenda_document_attach(
            user=qh_liaison,
            item=sn_item,
            upload=SimpleUploadedFile("x.pdf", b"%PDF-1.4", "application/pdf"),
        )
    meeting_services.meeting_update(
        user=gs_chair,
        meeting=meeting,
        data={"title": "改名后的会议"},
        agenda=[
            {"title": "通报年度协作情况（修改）", "presenter": member("GS")},
            {"title": "审议协作办案规范", "presenter": member("SN"), "duration_minutes": 60},
            {"title": "确定下年度重点工作", "presenter": member("QH")},
        ],
    )
    sn_item.refresh_from_db()
    assert sn_item.duration_minutes == 60
    assert [d.original_name for d in sn_item.documents.all()] == ["规范草案.pdf"]
    assert Notification.objects.filter(recipient=qh_liaison, verb__contains="was changed").exists()


def test_a_notice_lost_before_rendering_is_queued_again_once(db):
    from cooperation.meetings.tasks import requeue_pending_notices

    gs_chair = chair("GS")
    with time_machine.travel(dt.datetime(2026, 3, 1, 9, tzinfo=TZ), tick=False):
        handover_services.chair_handover()
        # No commit in this test: the notice stays pending.
        meeting = publish_meeting(gs_chair, schedule(gs_chair, at(dt.date(2026, 6, 10), 9)))
    notice = MeetingNotice.objects.get(meeting=meeting)
    assert notice.state == MeetingNotice.State.PENDING
    with time_machine.travel(dt.datetime(2026, 3, 1, 9, 10, tzinfo=TZ), tick=False):
        assert requeue_pending_notices() == 1
        assert requeue_pending_notices() == 0
    notice.refresh_from_db()
    assert notice.state == MeetingNotice.State.ISSUED and notice.file.read(4) == b"%PDF"
