"""The annual joint meeting: scheduling, invitations, reminders, minutes, resolutions."""

import datetime as dt

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _, gettext_noop

from cooperation.meetings import signoff
from cooperation.meetings.models import (
    AgendaDocument,
    AgendaItem,
    Invitation,
    Meeting,
    MeetingNotice,
    MeetingReminder,
    MinutesRevision,
    Resolution,
    ResolutionProgress,
)
from cooperation.meetings.permissions import (
    OWNER_ROLES,
    may_answer,
    may_file_agenda_document,
    meeting_policy,
    resolution_policy,
)
from cooperation.meetings.signoff import carry_open_resolutions, members
from cooperation.rotation.models import Rotation
from cooperation.rotation.permissions import is_chair_office
from cooperation.rotation.services import chair_for, chair_users, liaisons_of, rotation
from portal.documents import download_record, stored_upload
from portal.models import Procuratorate, User
from portal.selectors import users_holding
from portal.services import notify

# Meetings.


def check_chair(user: User, year: int) -> None:
    if not is_chair_office(user, year):
        raise PermissionDenied(
            _("Only the chair office of %(year)s manages its meetings.") % {"year": year}
        )


def meeting_number_next(*, year: int, first_year: int) -> int:
    """The next number of the series. The series began with the rotation: one joint meeting a
    year since its first year, recorded here or not, so 2026's is at least the seventh if the
    rotation began in 2020; a second meeting in a year takes the next number."""
    last = Meeting.objects.aggregate(last=Max("number"))["last"] or 0
    return max(last + 1, year - first_year + 1)


def meeting_create(*, user: User, data: dict, agenda: list[dict]) -> Meeting:
    """The chair office schedules a joint meeting; the six members are invited."""
    starts_at = data.get("starts_at")
    if starts_at is None:
        raise ValidationError({"starts_at": _("Give the start of the meeting.")})
    year = timezone.localtime(starts_at).year
    check_chair(user, year)
    with transaction.atomic():
        setup = Rotation.objects.select_for_update().get(pk=rotation().pk)  # one at a time
        number = meeting_number_next(year=year, first_year=setup.first_year)
        meeting = Meeting(number=number, year=year, host=chair_for(year), created_by=user)
        fill_meeting(meeting, data)
        meeting.save()
        Invitation.objects.bulk_create(
            Invitation(meeting=meeting, procuratorate=member) for member in members()
        )
        set_agenda(meeting, agenda)
    return meeting


def meeting_update(*, user: User, meeting: Meeting, data: dict, agenda: list[dict]) -> Meeting:
    """The chair office changes a meeting it manages."""
    check_chair(user, meeting.year)
    with transaction.atomic():
        meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
        signoff.refuse_while_in_signoff(meeting)
        fill_meeting(meeting, data)
        if timezone.localtime(meeting.starts_at).year != meeting.year:
            raise ValidationError({"starts_at": _("A meeting stays in its chair year.")})
        meeting.save()
        set_agenda(meeting, agenda)
        if meeting.status == Meeting.Status.PUBLISHED:
            # The issued notice stays as issued; the members learn of the change here.
            notify(
                recipients=liaisons_of(members()),
                verb=gettext_noop("%(meeting)s was changed: it is now on %(date)s at %(venue)s."),
                params={
                    "meeting": str(meeting),
                    "date": f"{timezone.localtime(meeting.starts_at):%Y-%m-%d %H:%M}",
                    "venue": meeting.venue or meeting.online_link,
                },
                target=meeting,
                actor=user,
            )
    return meeting


NOTICE_FIELDS = (
    "title", "starts_at", "ends_at", "venue", "online", "online_link",
    "attendees", "reply_by", "contact_person", "contact_phone",
)  # fmt: skip


def fill_meeting(meeting: Meeting, data: dict) -> None:
    for name in NOTICE_FIELDS:
        if name in data:
            setattr(meeting, name, data[name])
    errors = {}
    if not meeting.online and not meeting.venue.strip():
        errors["venue"] = _("Give the venue, or hold the meeting online.")
    if meeting.starts_at and meeting.ends_at and meeting.ends_at <= meeting.starts_at:
        errors["ends_at"] = _("The meeting must end after it starts.")
    try:
        # The explicit checks above say it better than the constraints; the database keeps them.
        meeting.full_clean(
            exclude=["created_by", "number", "year", "host"], validate_constraints=False
        )
    except ValidationError as error:
        for key, value in error.message_dict.items():
            errors.setdefault(key, value)
    if errors:
        raise ValidationError(errors)


def set_agenda(meeting: Meeting, agenda: list[dict]) -> None:
    """Set the meeting's own agenda items in order; carry over every resolution still open.

    Items are changed in place by position, so documents filed under an item stay with it.
    """
    for item in agenda:
        if not (item.get("title") or "").strip() or item.get("presenter") is None:
            raise ValidationError(
                {"agenda": _("Each agenda item needs a title and a presenting procuratorate.")}
            )
    own = list(meeting.agenda.filter(carried_resolution__isnull=True).order_by("position", "id"))
    for position, item in enumerate(agenda, start=1):
        row = own[position - 1] if position <= len(own) else AgendaItem(meeting=meeting)
        row.position, row.title, row.presenter = position, item["title"], item["presenter"]
        row.duration_minutes = item.get("duration_minutes") or 20
        row.save()
    AgendaItem.objects.filter(pk__in=[row.pk for row in own[len(agenda) :]]).delete()
    carried = meeting.agenda.filter(carried_resolution__isnull=False).order_by("position", "id")
    for offset, row in enumerate(carried, start=len(agenda) + 1):
        if row.position != offset:
            row.position = offset
            row.save(update_fields=["position"])
    carry_open_resolutions(meeting, first_position=len(agenda) + carried.count() + 1)


def agenda_document_attach(*, user: User, item: AgendaItem, upload) -> AgendaDocument:
    """File a document under an agenda item: by the chair office or the presenting member."""
    if not may_file_agenda_document(user, item):
        raise PermissionDenied(
            _("Only the chair office or the presenting member files documents of an item.")
        )
    return AgendaDocument.objects.create(item=item, uploaded_by=user, **stored_upload(upload))


def meeting_publish(*, user: User, meeting: Meeting) -> Meeting:
    """Publish the meeting: its notice enters sign-off at the chair office's procuratorate; the
    members are invited, and the notice numbered and issued, when it is signed off."""
    check_chair(user, meeting.year)
    with transaction.atomic():
        meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
        if meeting.status != Meeting.Status.DRAFT:
            raise ValidationError(_("Only a draft meeting can be published."))
        signoff.enter_signoff(meeting)
        meeting.save(update_fields=["status"])
        signoff.record_and_tell(user=user, meeting=meeting, action="submit")
    return meeting


def invitation_answer(
    *, user: User, invitation: Invitation, answer: str, delegates: str
) -> Invitation:
    """A member's liaison officer answers the invitation for their member."""
    if not may_answer(user, invitation):
        raise PermissionDenied(_("Only the invited member's liaison officer answers."))
    if (
        invitation.meeting.status != Meeting.Status.PUBLISHED
        or invitation.meeting.ends_at < timezone.now()
    ):
        raise ValidationError(_("This meeting is not open for answers."))
    if answer not in (Invitation.Answer.ATTENDING, Invitation.Answer.DECLINED):
        raise ValidationError({"answer": _("Say whether your procuratorate attends.")})
    names = [name.strip() for name in delegates.splitlines() if name.strip()]
    if answer == Invitation.Answer.ATTENDING and not names:
        raise ValidationError({"delegates": _("Name at least one delegate, one a line.")})
    invitation.answer = answer
    invitation.delegates = "\n".join(names) if answer == Invitation.Answer.ATTENDING else ""
    invitation.answered_by = user
    invitation.answered_at = timezone.now()
    invitation.save()
    notify(
        recipients=chair_users(invitation.meeting.host),
        verb=gettext_noop("%(member)s answered the invitation to %(meeting)s."),
        params={"member": invitation.procuratorate.name_zh, "meeting": str(invitation.meeting)},
        target=invitation.meeting,
        actor=user,
    )
    return invitation


def invitations_remind(*, user: User, meeting: Meeting) -> int:
    """The chair office reminds the members that have not answered; returns how many."""
    check_chair(user, meeting.year)
    if meeting.status != Meeting.Status.PUBLISHED:
        raise ValidationError(_("This meeting is not open for answers."))
    pending = list(meeting.invitations.filter(answer=Invitation.Answer.PENDING))
    notify(
        recipients=liaisons_of([invitation.procuratorate_id for invitation in pending]),
        verb=gettext_noop("Please answer the invitation to %(meeting)s."),
        params={"meeting": str(meeting)},
        target=meeting,
        actor=user,
    )
    meeting.invitations.filter(pk__in=[i.pk for i in pending]).update(reminded_at=timezone.now())
    return len(pending)


def meeting_reminders_send(*, now: dt.datetime | None = None) -> int:
    """Remind the members of each published meeting at each configured offset, once each."""
    now = now or timezone.now()
    sent = 0
    upcoming = Meeting.objects.filter(status=Meeting.Status.PUBLISHED, starts_at__gt=now)
    for meeting in upcoming:
        for days in settings.MEETING_REMINDER_DAYS:
            if now < meeting.starts_at - dt.timedelta(days=days):
                continue
            with transaction.atomic():
                _row, created = MeetingReminder.objects.get_or_create(
                    meeting=meeting, days_before=days
                )
                if not created:
                    continue
                invited = meeting.invitations.exclude(answer=Invitation.Answer.DECLINED)
                notify(
                    recipients=[
                        *liaisons_of(invited.values("procuratorate")),
                        *chair_users(meeting.host),
                    ],
                    verb=gettext_noop("%(meeting)s begins on %(date)s at %(venue)s."),
                    params={
                        "meeting": str(meeting),
                        "date": f"{timezone.localtime(meeting.starts_at):%Y-%m-%d %H:%M}",
                        "venue": meeting.venue or meeting.online_link or "",
                    },
                    target=meeting,
                )
                sent += 1
    return sent


def minutes_save(*, user: User, meeting: Meeting, text: str) -> MinutesRevision:
    """The chair office writes the minutes; every version is kept with its author."""
    check_chair(user, meeting.year)
    if not text.strip():
        raise ValidationError({"minutes": _("The minutes are empty.")})
    with transaction.atomic():
        meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
        meeting.minutes = text
        meeting.save(update_fields=["minutes"])
        return MinutesRevision.objects.create(meeting=meeting, text=text, author=user)


def resolution_create(
    *, user: User, meeting: Meeting, text: str, owner: Procuratorate, due_date: dt.date
) -> Resolution:
    """The chair office records a resolution with its owner and due date; the owner is told."""
    check_chair(user, meeting.year)
    if meeting.status != Meeting.Status.PUBLISHED:
        raise ValidationError(_("Resolutions are recorded for a published meeting."))
    errors = {}
    if not text.strip():
        errors["text"] = _("Write the resolution.")
    if owner is None:
        errors["owner"] = _("Choose the procuratorate that carries it out.")
    if due_date is None:
        errors["due_date"] = _("Give the due date.")
    if errors:
        raise ValidationError(errors)
    resolution = Resolution.objects.create(
        meeting=meeting, text=text, owner=owner, due_date=due_date
    )
    notify(
        recipients=users_holding(OWNER_ROLES, procuratorates=[owner]),
        verb=gettext_noop("%(meeting)s gave your procuratorate a resolution due on %(date)s."),
        params={"meeting": str(meeting), "date": due_date.isoformat()},
        target=resolution,
        actor=user,
    )
    return resolution


def resolution_report(
    *, user: User, resolution: Resolution, note: str, done: bool = False
) -> ResolutionProgress:
    """The owner reports progress on a resolution, until it is done."""
    if not (
        resolution_policy.can(user, "view", resolution)
        and resolution_policy.can(user, "report", resolution)
    ):
        raise PermissionDenied(_("Only the owner of the resolution reports its progress."))
    if not note.strip():
        raise ValidationError({"note": _("Say what has been done.")})
    with transaction.atomic():
        resolution = Resolution.objects.select_for_update().get(pk=resolution.pk)
        if resolution.state == Resolution.State.DONE:
            raise ValidationError(_("This resolution is already done."))
        progress = ResolutionProgress.objects.create(
            resolution=resolution, author=user, note=note, done=done
        )
        if done:
            resolution.state = Resolution.State.DONE
            resolution.done_at = timezone.now()
            resolution.save(update_fields=["state", "done_at"])
        notify(
            recipients=chair_users(resolution.meeting.host),
            verb=gettext_noop("%(owner)s reported progress on a resolution of %(meeting)s."),
            params={"owner": resolution.owner.name_zh, "meeting": str(resolution.meeting)},
            target=resolution,
            actor=user,
        )
    return progress


def agenda_document_for_download(*, user: User, meeting_pk, document_pk) -> AgendaDocument:
    """A document of a meeting's agenda, to those who may see the meeting (404 otherwise); the
    download is logged."""
    meeting = meeting_policy.get_or_404(user, pk=meeting_pk)
    documents = AgendaDocument.objects.filter(item__meeting=meeting)
    document = get_object_or_404(documents, pk=document_pk)
    download_record(user=user, document=document)
    return document


def notice_for_download(*, user: User, meeting_pk) -> MeetingNotice:
    """The issued notice of a meeting, to those who may see the meeting (404 otherwise, and until
    it is issued); the download is logged."""
    meeting = meeting_policy.get_or_404(user, pk=meeting_pk)
    notice = get_object_or_404(MeetingNotice, meeting=meeting, state=MeetingNotice.State.ISSUED)
    if not notice.file:
        raise Http404
    download_record(user=user, document=notice)
    return notice
