"""Who may see and act on assistance requests, task forces and consultations, built on the
portal's one policy.

A request is reached through its three procuratorate columns (requesting, requested,
forwarded-to) and the hierarchy above them; a draft only through the requesting one. The side
a user stands on decides which actions are theirs; their roles decide which of those they may
take (liaison officers receive, return and forward; handlers do the work).
"""

from django.db.models import Q

from cases.models import (
    AssistanceRequest,
    Consultation,
    ConsultationParty,
    Restoration,
    Side,
    Status,
    TaskForce,
    TaskForceMember,
    TeamRole,
)
from portal.models import Role, User
from portal.permissions import PeopleShare, ProcuratoratePolicy, is_active_user
from portal.scope import procuratorate_scope_ids

CASE_ROLES = frozenset({Role.PROSECUTOR, Role.LIAISON, Role.CHIEF, Role.ADMINISTRATOR})
HANDLING_ROLES = frozenset({Role.PROSECUTOR, Role.LIAISON})
RECEIVING_ROLES = frozenset({Role.LIAISON})


class AssistanceRequestPolicy(ProcuratoratePolicy):
    """Drafts stay with the requester; everything else is seen by both sides.

    The rule is `draft_q` for lists and `draft_allows` for one request: no role, scope or
    grant opens another side's draft.
    """

    def draft_q(self, user: User) -> Q:
        """Drafts only on the requesting side."""
        requester = Q(requesting_procuratorate_id__in=procuratorate_scope_ids(user))
        return ~Q(status=Status.DRAFT) | requester

    def draft_allows(self, user: User, obj: AssistanceRequest) -> bool:
        """`draft_q` for one request."""
        return obj.status != Status.DRAFT or side_of(user, obj) == Side.REQUESTING

    def visible_q(self, user, action):
        return super().visible_q(user, action) & self.draft_q(user)

    def visible_through(self, user, columns, action="view"):
        return super().visible_through(user, columns, action).filter(self.draft_q(user))

    def reaches(self, user, action, obj):
        return self.draft_allows(user, obj) and super().reaches(user, action, obj)

    def permits(self, user, action, obj):
        return self.draft_allows(user, obj) and super().permits(user, action, obj)


request_policy = AssistanceRequestPolicy(
    AssistanceRequest,
    columns=["requesting_procuratorate_id", "requested_procuratorate_id", "forwarded_to_id"],
    action_roles={"view": CASE_ROLES, "change": HANDLING_ROLES, "add": HANDLING_ROLES},
)


def side_of(user: User, request: AssistanceRequest) -> str | None:
    """The side the user stands on for this request, if any (the two never overlap)."""
    scope = procuratorate_scope_ids(user)
    if request.requesting_procuratorate_id in scope:
        return Side.REQUESTING
    if request.requested_procuratorate_id in scope or request.forwarded_to_id in scope:
        return Side.REQUESTED
    return None


def is_handler(user: User, request: AssistanceRequest) -> bool:
    """Whether the user handles cases at one of the procuratorates concerned (not above them).

    Only handlers see identity numbers and a juvenile's identity in full, and get the letters.
    """
    return (
        user.is_active
        and user.has_role(*HANDLING_ROLES)
        and user.procuratorate_id
        in {
            request.requesting_procuratorate_id,
            request.requested_procuratorate_id,
            request.forwarded_to_id,
        }
    )


def may_create_requests(user: User) -> bool:
    """Prosecutors and liaison officers of a procuratorate file requests."""
    return request_policy.allows(user, "add") and user.procuratorate_id is not None


# Ecological restoration: the handling procuratorate runs it; the damage-place one follows and
# verifies. Both (and those above them) see it.
restoration_policy = ProcuratoratePolicy(
    Restoration,
    columns=["handling_procuratorate_id", "damage_procuratorate_id"],
    action_roles={"view": CASE_ROLES, "change": HANDLING_ROLES, "add": HANDLING_ROLES},
)


def may_create_restorations(user: User) -> bool:
    """Prosecutors and liaison officers of a procuratorate open restorations for their cases."""
    return restoration_policy.allows(user, "add") and user.procuratorate_id is not None


def may_run_restoration(user: User, restoration: Restoration) -> bool:
    """The handling side adds measures and reports their progress."""
    return (
        user.is_active
        and user.has_role(*HANDLING_ROLES)
        and restoration.handling_procuratorate_id in procuratorate_scope_ids(user)
    )


def may_verify_restoration(user: User, restoration: Restoration) -> bool:
    """The damage-place side verifies that a measure was carried out (the handling side, when
    the damage lies in its own area)."""
    return (
        user.is_active
        and user.has_role(*HANDLING_ROLES)
        and restoration.damage_procuratorate_id in procuratorate_scope_ids(user)
    )


def may_open_restoration(user: User, request: AssistanceRequest) -> bool:
    """The requesting side opens a restoration on a sent request about ecology."""
    from cases.models import RESTORATION_CATEGORIES

    return (
        request.category in RESTORATION_CATEGORIES
        and request.status not in (Status.DRAFT, Status.WITHDRAWN)
        and side_of(user, request) == Side.REQUESTING
        and may_create_restorations(user)
    )


# Joint task forces.

CURRENT = Q(removed_at__isnull=True)

# A task force is seen by its current members by name and by the chiefs above them; at the lead
# procuratorate, its chief approves and its administrators manage the members (so both see it
# from the proposal on). Members contribute; leaders manage, like the lead's administrators.
task_force_policy = ProcuratoratePolicy(
    TaskForce,
    columns=["lead_procuratorate_id"],
    action_roles={
        "view": frozenset({Role.CHIEF, Role.ADMINISTRATOR}),
        "approve": frozenset({Role.CHIEF}),
        "manage": frozenset({Role.ADMINISTRATOR}),
    },
    people=PeopleShare(
        TaskForceMember,
        object_column="task_force_id",
        user_column="user_id",
        procuratorate_column="procuratorate_id",
        actions={
            "view": CURRENT,
            "contribute": CURRENT,
            "manage": CURRENT & Q(role=TeamRole.LEADER),
        },
        supervising_roles=frozenset({Role.CHIEF}),
    ),
)

PROPOSING_ROLES = HANDLING_ROLES
# Who may be seconded to a task force by name.
SECONDED_ROLES = frozenset({Role.PROSECUTOR})


def may_propose_task_force(user: User) -> bool:
    """Prosecutors and liaison officers propose a task force, led by their procuratorate."""
    return (
        is_active_user(user)
        and user.procuratorate_id is not None
        and user.has_role(*PROPOSING_ROLES)
    )


# Jurisdiction consultations.

SIGNING_ROLES = frozenset({Role.CHIEF})

consultation_policy = ProcuratoratePolicy(
    Consultation,
    columns=["initiator_id"],
    share=(ConsultationParty, "consultation_id", "procuratorate_id"),
    action_roles={
        "view": CASE_ROLES,
        "change": HANDLING_ROLES,
        "sign": SIGNING_ROLES,
    },
)


def may_open_consultation(user: User) -> bool:
    """Prosecutors and liaison officers open a consultation for their procuratorate."""
    return (
        is_active_user(user)
        and user.procuratorate_id is not None
        and user.has_role(*HANDLING_ROLES)
    )


def party_of(user: User, consultation: Consultation) -> ConsultationParty | None:
    """The party this user speaks for: their own procuratorate's, else one below them.

    Reads prefetched parties when the caller has them.
    """
    scope = procuratorate_scope_ids(user)
    parties = [p for p in consultation.parties.all() if p.procuratorate_id in scope]
    own = [p for p in parties if p.procuratorate_id == user.procuratorate_id]
    return (own or parties or [None])[0]
