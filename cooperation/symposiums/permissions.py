"""Who may see and change symposiums: their participants (and the procuratorates above
them) see one, its convener changes it.
"""

from django.db.models import Q

from cooperation.symposiums.models import Symposium, SymposiumFollowUp, SymposiumParticipant
from portal.models import Procuratorate, Role, User
from portal.permissions import ALL_ROLES, ProcuratoratePolicy
from portal.scope import procuratorate_scope_ids

CONVENER_ROLES = frozenset({Role.PROSECUTOR, Role.LIAISON, Role.CHIEF, Role.ADMINISTRATOR})


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


symposium_policy = SymposiumPolicy(
    Symposium,
    columns=["convener_id"],
    share=(SymposiumParticipant, "symposium_id", "procuratorate_id"),
    action_roles={"view": ALL_ROLES, "change": CONVENER_ROLES},
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
