"""Who may see and act on ecological restorations, built on the portal's one policy."""

from cases.requests.models import AssistanceRequest, Side, Status
from cases.requests.permissions import CASE_ROLES, HANDLING_ROLES, side_of
from cases.restorations.models import RESTORATION_CATEGORIES, Restoration, RestorationMeasure
from portal.models import User
from portal.permissions import PartPolicy, ProcuratoratePolicy
from portal.scope import procuratorate_scope_ids

# Ecological restoration: the handling procuratorate runs it; the damage-place one follows and
# verifies. Both (and those above them) see it.
restoration_policy = ProcuratoratePolicy(
    Restoration,
    columns=["handling_procuratorate_id", "damage_procuratorate_id"],
    action_roles={"view": CASE_ROLES, "change": HANDLING_ROLES, "add": HANDLING_ROLES},
)
# A measure is seen by whoever sees its restoration; its steps are its workflow's.
measure_policy = PartPolicy(RestorationMeasure, whole="restoration", policy=restoration_policy)


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
    return (
        request.category in RESTORATION_CATEGORIES
        and request.status not in (Status.DRAFT, Status.WITHDRAWN)
        and side_of(user, request) == Side.REQUESTING
        and may_create_restorations(user)
    )
