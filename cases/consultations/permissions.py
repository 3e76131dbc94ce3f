"""Who may see and act on jurisdiction consultations, built on the portal's one policy."""

from cases.consultations.models import Consultation, ConsultationParty
from cases.requests.permissions import CASE_ROLES, HANDLING_ROLES
from portal.models import Role, User
from portal.permissions import ProcuratoratePolicy, is_active_user
from portal.scope import procuratorate_scope_ids

# Whom deadline reminders and the decision reach beside the handling roles.
SIGNING_ROLES = frozenset({Role.CHIEF})

consultation_policy = ProcuratoratePolicy(
    Consultation,
    columns=["initiator_id"],
    share=(ConsultationParty, "consultation_id", "procuratorate_id"),
    action_roles={
        "view": CASE_ROLES,
        "change": HANDLING_ROLES,
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
