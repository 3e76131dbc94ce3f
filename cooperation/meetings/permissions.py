"""Who may see and change meetings, resolutions and symposiums.

The chair office of a year (the `chair` users of the member holding that year's chair term)
manages that year's meetings; each invited member's liaison officer answers for it; a
resolution's owner reports its progress. A symposium is seen by its participants and the
procuratorates above them, and changed by its convener.
"""

from django.db.models import Q
from django.utils import timezone

from cooperation.models import (
    AgendaItem,
    Campaign,
    CampaignParticipant,
    ChairTerm,
    Invitation,
    Meeting,
    Resolution,
    Symposium,
    SymposiumFollowUp,
    SymposiumParticipant,
)
from portal.models import Procuratorate, Role, User
from portal.permissions import ALL_ROLES, PermissionPolicy, ProcuratoratePolicy, is_active_user
from portal.scope import procuratorate_scope_ids

OWNER_ROLES = frozenset({Role.LIAISON, Role.CHIEF, Role.ADMINISTRATOR})
# Liaison officers and chiefs of a member launch its joint campaigns and report its results.
ORGANISER_ROLES = frozenset({Role.LIAISON, Role.CHIEF, Role.ADMINISTRATOR})
REPORTER_ROLES = frozenset({Role.LIAISON, Role.ADMINISTRATOR})
CONVENER_ROLES = frozenset({Role.PROSECUTOR, Role.LIAISON, Role.CHIEF, Role.ADMINISTRATOR})


def chair_years(user: User) -> list[int]:
    """The years whose chair office this user belongs to (cached on the user object)."""
    cached = getattr(user, "_chair_years", None)
    if cached is not None:
        return cached
    years = []
    if is_active_user(user) and user.procuratorate_id and user.has_role(Role.CHAIR):
        years = list(
            ChairTerm.objects.filter(province=user.procuratorate.province).values_list(
                "year", flat=True
            )
        )
    user._chair_years = years
    return years


def may_schedule(user: User) -> bool:
    """Whether the user belongs to the chair office of this year or a later one."""
    return any(year >= timezone.localdate().year for year in chair_years(user))


def is_chair_office(user: User, year: int) -> bool:
    """Whether the user manages the meetings of `year` (their member holds its chair term)."""
    return year in chair_years(user)


class MeetingPolicy(PermissionPolicy):
    """Published meetings are read by every member; drafts and changes are the chair office's."""

    def role_allows(self, user, action):
        return action == "view" or bool(chair_years(user))

    def visible_q(self, user, action):
        own_years = Q(year__in=chair_years(user))
        if action == "view":
            return ~Q(status=Meeting.Status.DRAFT) | own_years
        return own_years

    def permits(self, user, action, obj):
        if action == "view" and obj.status != Meeting.Status.DRAFT:
            return True
        return is_chair_office(user, obj.year)


class ResolutionPolicy(PermissionPolicy):
    """Read with the meeting; progress by the owner; the text by the meeting's chair office."""

    def role_allows(self, user, action):
        return True

    def visible_q(self, user, action):
        if action == "view":
            return ~Q(meeting__status=Meeting.Status.DRAFT) | Q(meeting__year__in=chair_years(user))
        if action == "report":
            scope = procuratorate_scope_ids(user) if user.has_role(*OWNER_ROLES) else ()
            return Q(owner_id__in=scope)
        return Q(meeting__year__in=chair_years(user))

    def permits(self, user, action, obj):
        if action == "view":
            return meeting_policy.permits(user, "view", obj.meeting)
        if action == "report":
            return user.has_role(*OWNER_ROLES) and obj.owner_id in procuratorate_scope_ids(user)
        return is_chair_office(user, obj.meeting.year)


class SymposiumPolicy(ProcuratoratePolicy):
    """Participants (and those above them) see it; the convener's people change it.

    Also a campaign's: its participants see it, the organiser's people change it. The one
    procuratorate column names who changes the object (the convener, the organiser).
    """

    def visible_q(self, user, action):
        if action == "view":
            return super().visible_q(user, action)
        scope = procuratorate_scope_ids(user) if self.role_permits(user, action) else ()
        return Q(**{f"{self.procuratorate_columns[0]}__in": scope})

    def permits(self, user, action, obj):
        if action == "view":
            return super().permits(user, action, obj)
        owner = getattr(obj, self.procuratorate_columns[0])
        return self.role_permits(user, action) and owner in procuratorate_scope_ids(user)


meeting_policy = MeetingPolicy(Meeting)
resolution_policy = ResolutionPolicy(Resolution)
campaign_policy = SymposiumPolicy(
    Campaign,
    columns=["organiser_id"],
    share=(CampaignParticipant, "campaign_id", "procuratorate_id"),
    action_roles={"view": ALL_ROLES, "change": ORGANISER_ROLES},
)
symposium_policy = SymposiumPolicy(
    Symposium,
    columns=["convener_id"],
    share=(SymposiumParticipant, "symposium_id", "procuratorate_id"),
    action_roles={"view": ALL_ROLES, "change": CONVENER_ROLES},
)


# Single questions the services enforce and the pages and API ask to offer (or not) an action.


def may_record_swap(user: User) -> bool:
    """Administrators record a change of the rotation."""
    return is_active_user(user) and (user.is_superuser or user.has_role(Role.ADMINISTRATOR))


def may_answer(user: User, invitation: Invitation) -> bool:
    """The invited member's liaison officer answers its invitation."""
    return (
        user.has_role(Role.LIAISON)
        and invitation.procuratorate_id in procuratorate_scope_ids(user)
        and meeting_policy.can(user, "view", invitation.meeting)
    )


def answerable_invitation(user: User, meeting: Meeting) -> Invitation | None:
    """The invitation of `meeting` this user answers, if any (reads prefetched invitations)."""
    return next((i for i in meeting.invitations.all() if may_answer(user, i)), None)


def may_file_agenda_document(user: User, item: AgendaItem) -> bool:
    """The chair office, or the presenting member's liaison officer, files an item's documents."""
    presenter = user.has_role(Role.LIAISON) and item.presenter_id in procuratorate_scope_ids(user)
    return meeting_policy.can(user, "view", item.meeting) and (
        is_chair_office(user, item.meeting.year) or presenter
    )


def may_convene(user: User) -> bool:
    """Prefecture and county procuratorates (not provincial ones) convene symposiums."""
    procuratorate = user.procuratorate if user.procuratorate_id else None
    return (
        procuratorate is not None
        and procuratorate.level != Procuratorate.Level.PROVINCIAL
        and user.has_role(*CONVENER_ROLES)
    )


def may_mark_done(user: User, follow_up: SymposiumFollowUp) -> bool:
    """A follow-up item is marked done by its owner or by the convener."""
    return follow_up.owner_id in procuratorate_scope_ids(user) or symposium_policy.can(
        user, "change", follow_up.symposium
    )


def may_organise_campaign(user: User) -> bool:
    """A member's (provincial procuratorate's) liaison officer or chief launches campaigns."""
    procuratorate = user.procuratorate if is_active_user(user) and user.procuratorate_id else None
    return (
        procuratorate is not None
        and procuratorate.level == Procuratorate.Level.PROVINCIAL
        and user.has_role(*ORGANISER_ROLES)
    )


def may_report_campaign(user: User, campaign: Campaign, procuratorate: Procuratorate) -> bool:
    """A participant's liaison officer reports its results (and corrects them)."""
    return (
        is_active_user(user)
        and user.has_role(*REPORTER_ROLES)
        and procuratorate.pk in procuratorate_scope_ids(user)
        and any(p.procuratorate_id == procuratorate.pk for p in campaign.participants.all())
    )


def reporting_participants(user: User, campaign: Campaign) -> list[Procuratorate]:
    """The participants of `campaign` whose results this user reports (reads prefetched rows)."""
    if not (is_active_user(user) and user.has_role(*REPORTER_ROLES)):
        return []
    scope = procuratorate_scope_ids(user)
    return [p.procuratorate for p in campaign.participants.all() if p.procuratorate_id in scope]
