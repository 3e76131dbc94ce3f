"""Sign-off of the meeting notice at the chair office's procuratorate (portal.signoff has the
steps and who takes them).

Publishing a meeting sends its notice to review (or straight to the signer where the
procuratorate has switched 核稿 off); at 签发 the number is taken from the chair office's register
of notices, the notice is issued (signed, with the seal) and only then are the members invited:
until then they see nothing of the meeting.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _, gettext_noop

from cooperation.meetings.models import (
    AgendaItem,
    Meeting,
    MeetingEvent,
    MeetingNotice,
    Resolution,
)
from cooperation.meetings.permissions import meeting_policy
from cooperation.rotation.services import chair_users, liaisons_of
from portal.documents import rendering_record
from portal.models import Procuratorate, User
from portal.registry import take_document_number
from portal.services import notify, queue_after_commit
from portal.signoff import (
    REVIEWER,
    SIGNER,
    first_signoff_state,
    reviewers_of,
    signers_of,
    signoff_sides,
    signoff_transitions,
)
from portal.workflow import Workflow

Status = Meeting.Status
NOTICE_SIGNOFF = {Status.NOTICE_IN_REVIEW: Status.NOTICE_AWAITING_SIGNATURE}
SIGNOFF_STATES = frozenset({Status.NOTICE_IN_REVIEW, Status.NOTICE_AWAITING_SIGNATURE})


def members() -> list[Procuratorate]:
    """The six members, each invited to every meeting."""
    return list(Procuratorate.objects.filter(level=Procuratorate.Level.PROVINCIAL))


def carry_open_resolutions(meeting: Meeting, *, first_position: int) -> None:
    """Put each open resolution of earlier meetings on this meeting's agenda, once."""
    carried = meeting.agenda.filter(carried_resolution__isnull=False).values("carried_resolution")
    open_items = (
        Resolution.objects.filter(state=Resolution.State.OPEN, meeting__number__lt=meeting.number)
        .exclude(pk__in=carried)
        .select_related("owner")
    )
    AgendaItem.objects.bulk_create(
        AgendaItem(
            meeting=meeting,
            position=first_position + offset,
            title=f"议定事项落实情况：{resolution.text[:80]}",
            presenter=resolution.owner,
            duration_minutes=10,
            carried_resolution=resolution,
        )
        for offset, resolution in enumerate(open_items)
    )


def chair_procuratorate(meeting: Meeting) -> Procuratorate:
    """The procuratorate of the chair office that hosts the meeting and issues its notice."""
    return Procuratorate.objects.get(code=meeting.host)


def notice_signoff_sides(user: User, meeting: Meeting) -> set[str]:
    """The sign-off sides (reviewer, signer) the user stands on for the meeting's notice."""
    if not user.is_authenticated or not user.procuratorate_id:
        return set()
    cache = user.__dict__.setdefault("_notice_sides", {})
    if meeting.host not in cache:
        cache[meeting.host] = signoff_sides(user, chair_procuratorate(meeting))
    return cache[meeting.host]


def may_decide(user: User, meeting: Meeting) -> bool:
    """Whether the user reviews or signs the notice at its present step (reads the draft)."""
    sides = notice_signoff_sides(user, meeting)
    if meeting.status == Status.NOTICE_IN_REVIEW:
        return REVIEWER in sides
    return meeting.status == Status.NOTICE_AWAITING_SIGNATURE and SIGNER in sides


def enter_signoff(meeting: Meeting) -> None:
    """Publishing: the notice goes to review, or straight to the signer without 核稿."""
    ((review, signature),) = NOTICE_SIGNOFF.items()
    meeting.status = first_signoff_state(chair_procuratorate(meeting), review, signature)


def apply_sign_off(user, meeting, *, comment):
    """签发: number the notice from the chair office's register, issue it, invite the members."""
    now = timezone.now()
    number = take_document_number(procuratorate=chair_procuratorate(meeting), series="notice")
    meeting.status = Status.PUBLISHED
    meeting.published_at = now
    carry_open_resolutions(meeting, first_position=meeting.agenda.count() + 1)
    notice = MeetingNotice.objects.create(
        meeting=meeting, number=number, signed_off_by=user, signed_off_at=now
    )
    queue_after_commit("cooperation.render_notice", notice.pk)
    notify(
        recipients=liaisons_of(members()),
        verb=gettext_noop("%(meeting)s is called for %(date)s: please answer the invitation."),
        params={
            "meeting": str(meeting),
            "date": f"{timezone.localtime(meeting.starts_at):%Y-%m-%d %H:%M}",
        },
        target=meeting,
        actor=user,
    )
    return {"notice": number}


def apply_send_back(user, meeting, *, comment):
    """Return the notice to the chair office, who changes the meeting and publishes it again."""
    meeting.status = Status.DRAFT


meeting_workflow = Workflow(
    Meeting,
    signoff_transitions(
        review_to_signature=NOTICE_SIGNOFF, sign_off=apply_sign_off, send_back=apply_send_back
    ),
    sides_of=notice_signoff_sides,
)


def record_and_tell(*, user: User, meeting: Meeting, action: str, comment: str = "") -> None:
    """Write the step on the meeting's timeline and tell whom it concerns: the next reviewer or
    signer, or the chair office when the notice is returned or signed off."""
    MeetingEvent.objects.create(meeting=meeting, actor=user, action=action, comment=comment)
    chair = chair_procuratorate(meeting)
    if action in {"review_return", "signature_return", "sign_off"}:
        recipients = set(chair_users(meeting.host))
        verb = meeting_workflow[action].verb
    elif meeting.status == Status.NOTICE_IN_REVIEW:
        recipients = set(reviewers_of(chair))
        verb = gettext_noop("%(actor)s submitted the notice of %(number)s: please review it.")
    else:
        recipients = set(signers_of(chair))
        verb = (
            meeting_workflow["review"].verb
            if action == "review"
            else gettext_noop("%(actor)s submitted the notice of %(number)s: please sign it.")
        )
    params = {"actor": user.get_full_name() or user.username, "number": str(meeting)}
    notify(recipients=recipients - {user}, verb=verb, params=params, target=meeting, actor=user)


def meeting_notice_transition(
    *, user: User, meeting: Meeting, action: str, comment: str = ""
) -> Meeting:
    """Take a step of the notice's sign-off (review, return, sign off) on the locked meeting."""
    meeting_policy.get_or_404(user, pk=meeting.pk)
    with transaction.atomic():
        meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
        meeting_workflow.take(user, action, meeting, comment=comment)
        meeting.save(update_fields=["status", "published_at"])
        record_and_tell(user=user, meeting=meeting, action=action, comment=comment)
    return meeting


def refuse_while_in_signoff(meeting: Meeting) -> None:
    """A meeting whose notice is in sign-off is not changed: the reviewer reads what is signed."""
    if meeting.status in SIGNOFF_STATES:
        raise ValidationError(
            _("The notice is in sign-off: ask the reviewer or signer to return it first.")
        )


def notice_draft(*, user: User, meeting_pk) -> MeetingNotice:
    """The notice in sign-off, unsaved and unnumbered, to its reviewer and signer only (404 to
    everyone else: the members above all, for it is not sent yet)."""
    meeting = meeting_policy.get_or_404(user, pk=meeting_pk)
    if not may_decide(user, meeting):
        raise Http404
    rendering_record(user=user, document=meeting, detail=f"draft-notice-{meeting.pk}.pdf")
    return MeetingNotice(meeting=meeting, number="", created_at=timezone.now())
