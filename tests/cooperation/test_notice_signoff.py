"""The meeting notice goes through sign-off (拟稿 → 核稿 → 签发) at the chair office's
procuratorate before the members are invited: its number is taken at 签发, and nobody outside
Gansu sees the meeting before then."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from cooperation.meetings import services as meeting_services
from cooperation.meetings.models import Meeting, MeetingEvent, MeetingNotice
from cooperation.meetings.permissions import meeting_policy
from cooperation.meetings.signoff import meeting_notice_transition, notice_draft
from cooperation.models import ChairTerm
from portal.models import Notification, Role
from tests.factories import make_meeting, member, person, signoff_people

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clock")]

STARTS_AT = dt.datetime(2026, 6, 10, 9, tzinfo=dt.timezone(dt.timedelta(hours=8)))


@pytest.fixture
def cast():
    ChairTerm.objects.update_or_create(year=2026, defaults={"province": "GS"})
    head, chief = signoff_people(member("GS"))
    return {
        "chair": person("n-gs-chair", "GS", Role.CHAIR),
        "head": head,
        "chief": chief,
        "sn": person("n-sn-liaison", "SN", Role.LIAISON),
        "qh": person("n-qh-chief", "QH", Role.CHIEF),
    }


def told(user, text: str) -> bool:
    return Notification.objects.filter(recipient=user, verb__contains=text).exists()


def test_the_notice_is_numbered_and_the_members_invited_only_at_signature(
    cast, django_capture_on_commit_callbacks
):
    meeting = make_meeting(cast["chair"], STARTS_AT)
    meeting = meeting_services.meeting_publish(user=cast["chair"], meeting=meeting)
    assert meeting.status == Meeting.Status.NOTICE_IN_REVIEW and meeting.published_at is None
    assert not MeetingNotice.objects.exists()
    assert told(cast["head"], "please review it") and not told(cast["sn"], "is called")
    for outsider in (cast["sn"], cast["qh"]):
        assert not meeting_policy.visible(outsider).filter(pk=meeting.pk).exists()
        assert not meeting_policy.can(outsider, "view", meeting)
    assert meeting_policy.can(cast["head"], "view", meeting)
    # The chair office does not change a notice under review, nor publish it twice.
    with pytest.raises(ValidationError):
        meeting_services.meeting_update(
            user=cast["chair"], meeting=meeting, data={"venue": "西宁市"}, agenda=[]
        )
    with pytest.raises(ValidationError):
        meeting_services.meeting_publish(user=cast["chair"], meeting=meeting)
    # Only the reviewer and, later, the signer read the draft; the chief does not sign yet.
    assert notice_draft(user=cast["head"], meeting_pk=meeting.pk).number == ""
    with pytest.raises(ValidationError):  # not now: the notice is in review
        meeting_notice_transition(user=cast["chief"], meeting=meeting, action="sign_off")
    with pytest.raises(PermissionDenied):  # never the chair office's step
        meeting_notice_transition(user=cast["chair"], meeting=meeting, action="review")

    meeting = meeting_notice_transition(user=cast["head"], meeting=meeting, action="review")
    assert meeting.status == Meeting.Status.NOTICE_AWAITING_SIGNATURE
    assert told(cast["chief"], "awaits your signature")
    with django_capture_on_commit_callbacks(execute=True):
        meeting = meeting_notice_transition(user=cast["chief"], meeting=meeting, action="sign_off")
    assert meeting.status == Meeting.Status.PUBLISHED and meeting.published_at
    notice = MeetingNotice.objects.get(meeting=meeting)
    assert notice.number == "甘检协通〔2026〕1号" and notice.signed_off_by == cast["chief"]
    assert notice.state == MeetingNotice.State.ISSUED and notice.signature_valid
    assert told(cast["sn"], "is called") and told(cast["chair"], "signed off")
    assert meeting_policy.can(cast["qh"], "view", meeting)
    assert list(MeetingEvent.objects.values_list("action", flat=True)) == [
        "submit",
        "review",
        "sign_off",
    ]


def test_a_returned_notice_goes_back_to_the_chair_office_unnumbered(cast):
    meeting = make_meeting(cast["chair"], STARTS_AT)
    meeting = meeting_services.meeting_publish(user=cast["chair"], meeting=meeting)
    with pytest.raises(ValidationError) as refusal:
        meeting_notice_transition(user=cast["head"], meeting=meeting, action="review_return")
    assert "comment" in refusal.value.message_dict
    meeting = meeting_notice_transition(
        user=cast["head"], meeting=meeting, action="review_return", comment="请写明报到时间。"
    )
    assert meeting.status == Meeting.Status.DRAFT and told(cast["chair"], "returned the draft")
    meeting_services.meeting_update(
        user=cast["chair"], meeting=meeting, data={"attendees": "分管副检察长一名"}, agenda=[]
    )
    meeting = meeting_services.meeting_publish(user=cast["chair"], meeting=meeting)
    meeting = meeting_notice_transition(user=cast["head"], meeting=meeting, action="review")
    meeting = meeting_notice_transition(
        user=cast["chief"], meeting=meeting, action="signature_return", comment="暂缓。"
    )
    assert meeting.status == Meeting.Status.DRAFT and not MeetingNotice.objects.exists()
    assert not meeting_policy.can(cast["head"], "view", meeting)  # a draft is the chair's again


def test_without_review_the_notice_goes_straight_to_the_signer(cast):
    gansu = member("GS")
    gansu.signoff_review = False
    gansu.save(update_fields=["signoff_review"])
    meeting = make_meeting(cast["chair"], STARTS_AT)
    meeting = meeting_services.meeting_publish(user=cast["chair"], meeting=meeting)
    assert meeting.status == Meeting.Status.NOTICE_AWAITING_SIGNATURE
    assert told(cast["chief"], "please sign it") and not told(cast["head"], "please review")
    with pytest.raises(ValidationError):
        meeting_notice_transition(user=cast["head"], meeting=meeting, action="review")
    meeting = meeting_notice_transition(user=cast["chief"], meeting=meeting, action="sign_off")
    assert meeting.status == Meeting.Status.PUBLISHED
