"""Who may see and change meetings and resolutions.

The chair office of a year (the `chair` users of the member holding that year's chair term)
manages that year's meetings; each invited member's liaison officer answers for it; a
resolution's owner reports its progress.
"""

from django.db.models import Exists, Q

from cooperation.meetings.models import AgendaItem, Invitation, Meeting, Resolution
from cooperation.rotation.permissions import chair_years, is_chair_office
from portal.models import Procuratorate, Role, User
from portal.permissions import PermissionPolicy
from portal.scope import procuratorate_scope_ids
from portal.signoff import delegations_in_force, signoff_sides

OWNER_ROLES = frozenset({Role.LIAISON, Role.CHIEF, Role.ADMINISTRATOR})


# Before its notice is signed off, a meeting is the chair office's (and, in sign-off, its
# reviewer's and signer's) alone: the other members see nothing of it, not even that it exists.
UNANNOUNCED = (
    Meeting.Status.DRAFT,
    Meeting.Status.NOTICE_IN_REVIEW,
    Meeting.Status.NOTICE_AWAITING_SIGNATURE,
)
IN_SIGNOFF = UNANNOUNCED[1:]


def signoff_visible_q(user: User) -> Q:
    """The meetings whose notice is in sign-off at the user's own procuratorate, when the user
    may review or sign there (its department head, liaison or chief, or a deputy delegated to
    sign): one condition of the query, so that a page asks nothing more."""
    procuratorate = getattr(user, "procuratorate", None)
    if not user.is_active or procuratorate is None:
        return Q(pk__in=[])
    own = Q(status__in=IN_SIGNOFF, host=procuratorate.code)
    if user.has_role(Role.DEPARTMENT_HEAD, Role.CHIEF):
        return own
    delegated = delegations_in_force().filter(delegate=user.pk, procuratorate=procuratorate.pk)
    if user.has_role(Role.LIAISON):  # the liaison reviews where nobody heads the department
        heads = User.objects.filter(
            procuratorate=procuratorate.pk, is_active=True, groups__name=Role.DEPARTMENT_HEAD
        )
        return own & (~Q(Exists(heads)) | Q(Exists(delegated)))
    return own & Q(Exists(delegated))


class MeetingPolicy(PermissionPolicy):
    """Published meetings are read by every member; drafts and changes are the chair office's;
    a notice in sign-off is read by its reviewer and signer too."""

    def role_allows(self, user, action):
        return action == "view" or bool(chair_years(user))

    def visible_q(self, user, action):
        own_years = Q(year__in=chair_years(user))
        if action == "view":
            return ~Q(status__in=UNANNOUNCED) | own_years | signoff_visible_q(user)
        return own_years

    def permits(self, user, action, obj):
        if action == "view" and obj.status not in UNANNOUNCED:
            return True
        host = Procuratorate.objects.get(code=obj.host) if obj.status in IN_SIGNOFF else None
        if action == "view" and host is not None and signoff_sides(user, host):
            return True
        return is_chair_office(user, obj.year)


class ResolutionPolicy(PermissionPolicy):
    """Read with the meeting; progress by the owner; the text by the meeting's chair office."""

    def role_allows(self, user, action):
        return True

    def visible_q(self, user, action):
        if action == "view":
            return ~Q(meeting__status__in=UNANNOUNCED) | Q(meeting__year__in=chair_years(user))
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


meeting_policy = MeetingPolicy(Meeting)
resolution_policy = ResolutionPolicy(Resolution)


# Single questions the services enforce and the pages and API ask to offer (or not) an action.


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
