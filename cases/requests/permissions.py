"""Who may see and act on assistance requests, built on the portal's one policy; the roles
every sub-domain of case handling shares.

A request is reached through its three procuratorate columns (requesting, requested,
forwarded-to) and the hierarchy above them; a draft only through the requesting one. The side
a user stands on decides which actions are theirs; their roles decide which of those they may
take (liaison officers receive, return and forward; handlers do the work).
"""

from django.db.models import Q

from cases.requests.models import UNSENT_STATES, AssistanceRequest, Side, Status, Supplement
from portal.models import Role, User
from portal.permissions import PermissionPolicy, ProcuratoratePolicy
from portal.scope import procuratorate_scope_ids

CASE_ROLES = frozenset(
    {Role.PROSECUTOR, Role.LIAISON, Role.CHIEF, Role.ADMINISTRATOR, Role.DEPARTMENT_HEAD}
)
HANDLING_ROLES = frozenset({Role.PROSECUTOR, Role.LIAISON})
RECEIVING_ROLES = frozenset({Role.LIAISON})


class AssistanceRequestPolicy(ProcuratoratePolicy):
    """Drafts stay with the requester; everything else is seen by both sides.

    A draft is a request whose letter was never signed off (no number yet): being written,
    in review or awaiting signature.

    The rule is `draft_q` for lists and `draft_allows` for one request: no role, scope or
    grant opens another side's draft.
    """

    def draft_q(self, user: User) -> Q:
        """Drafts only on the requesting side."""
        requester = Q(requesting_procuratorate_id__in=procuratorate_scope_ids(user))
        return ~Q(status__in=UNSENT_STATES, number="") | requester

    def draft_allows(self, user: User, obj: AssistanceRequest) -> bool:
        """`draft_q` for one request."""
        unsent = obj.status in UNSENT_STATES and not obj.number
        return not unsent or side_of(user, obj) == Side.REQUESTING

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


def may_share_request(user: User, request: AssistanceRequest) -> bool:
    """Whether the user may let one more person read the request (`portal.grants`): its
    handler, while they handle it at a procuratorate of the request (a draft has no handler,
    and no grant opens one). No grant counts here: a grantee never grants on."""
    return (
        request.handler_id == user.pk
        and request.status != Status.DRAFT
        and is_handler(user, request)
    )


def reply_visible(user: User, request: AssistanceRequest) -> bool:
    """The reply stays with the replying side until its letter is signed off (completed): the
    requesting side reads it only then."""
    return request.completed_at is not None or side_of(user, request) != Side.REQUESTING


class SupplementPolicy(PermissionPolicy):
    """A 补充函 or 更正函 in the making is the requesting side's: seen by those of the
    requesting procuratorate (and above it) who see its request. The requested side sees the
    letter once issued, among the request's letters, never the draft."""

    def visible_q(self, user, action):
        return Q(
            request__in=request_policy.visible(user).values("pk"),
            request__requesting_procuratorate_id__in=procuratorate_scope_ids(user),
        )

    def role_allows(self, user, action):
        return request_policy.role_allows(user, "view")

    def reaches(self, user, action, obj):
        return side_of(user, obj.request) == Side.REQUESTING and request_policy.reaches(
            user, "view", obj.request
        )

    def permits(self, user, action, obj):
        return side_of(user, obj.request) == Side.REQUESTING and request_policy.holds(
            user, "view", obj.request
        )


supplement_policy = SupplementPolicy(Supplement)
