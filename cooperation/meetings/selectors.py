"""Every read of joint meetings and resolutions a page or endpoint needs, filtered and joined."""

from django.db.models import Count, Max, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404

from cooperation.meetings.models import (
    Invitation,
    Meeting,
    MeetingNotice,
    Resolution,
    ResolutionProgress,
)
from cooperation.meetings.permissions import meeting_policy, resolution_policy
from portal.models import User
from portal.signoff import REVIEWER, SIGNER, AwaitingSignoff, signoff_sides


def meeting_list(*, user: User, year: int | None = None, month: int | None = None) -> QuerySet:
    """The meetings the user may see, optionally in one year or month (Beijing time)."""
    meetings = meeting_policy.visible(user).annotate(
        answered=Count("invitations", filter=~Q(invitations__answer=Invitation.Answer.PENDING))
    )
    if year:
        meetings = meetings.filter(starts_at__year=year)
    if month:
        meetings = meetings.filter(starts_at__month=month)
    return meetings.order_by("starts_at")


def meeting_detail(*, user: User, pk) -> Meeting:
    """One meeting with its agenda, invitations, resolutions and their progress; else 404."""
    meeting = meeting_policy.get_or_404(user, pk=pk)
    return (
        Meeting.objects.select_related("created_by", "notice__signed_off_by")
        .prefetch_related(
            "agenda__presenter",
            "agenda__documents",
            Prefetch(
                "invitations",
                queryset=Invitation.objects.select_related("procuratorate", "answered_by"),
            ),
            Prefetch(
                "resolutions",
                queryset=Resolution.objects.select_related("owner").prefetch_related(
                    Prefetch(
                        "progress", queryset=ResolutionProgress.objects.select_related("author")
                    )
                ),
            ),
            "revisions__author",
        )
        .get(pk=meeting.pk)
    )


def user_meetings(*, user: User) -> QuerySet:
    """The published meetings a user's member is invited to and has not declined."""
    if not user.procuratorate_id:
        return Meeting.objects.none()
    invited = Invitation.objects.filter(procuratorate__code=user.procuratorate.province).exclude(
        answer=Invitation.Answer.DECLINED
    )
    return meeting_policy.visible(user).filter(
        status=Meeting.Status.PUBLISHED, pk__in=invited.values("meeting_id")
    )


def resolution_list(*, user: User, state: str | None = None, owner=None) -> QuerySet:
    """Resolutions the user may read, with their meeting and owner."""
    resolutions = resolution_policy.visible(user).select_related("meeting", "owner")
    if state:
        resolutions = resolutions.filter(state=state)
    if owner:
        resolutions = resolutions.filter(owner=owner)
    return resolutions


def resolution_detail(*, user: User, pk) -> Resolution:
    """One resolution the user may read, with its progress reports; else 404."""
    progress = ResolutionProgress.objects.select_related("author")
    resolutions = resolution_list(user=user).prefetch_related(Prefetch("progress", progress))
    return get_object_or_404(resolutions, pk=pk)


def notices_verifiable(user: User) -> QuerySet[MeetingNotice]:
    """The issued notices of the meetings the user may see, for the verification page."""
    return MeetingNotice.objects.filter(
        state=MeetingNotice.State.ISSUED, meeting__in=meeting_policy.visible(user).values("pk")
    ).select_related("meeting")


def notices_awaiting_signoff(user: User) -> list[AwaitingSignoff]:
    """The meeting notices of the user's procuratorate (as chair office) waiting for their
    review or signature, each since its last step (the 待我审核/签发 page; fixed queries)."""
    sides = signoff_sides(user, user.procuratorate)
    steps = {
        Meeting.Status.NOTICE_IN_REVIEW: REVIEWER,
        Meeting.Status.NOTICE_AWAITING_SIGNATURE: SIGNER,
    }
    statuses = [status for status, side in steps.items() if side in sides]
    meetings = (
        Meeting.objects.filter(status__in=statuses, host=user.procuratorate.code)
        .annotate(since=Max("events__created_at"))
        .order_by()
    )
    return [
        AwaitingSignoff(
            kind=str(MeetingNotice._meta.verbose_name),
            title=meeting.title,
            step=steps[meeting.status],
            url=meeting.get_absolute_url(),
            since=meeting.since,
        )
        for meeting in meetings
    ]
