"""Who may see and act on typical cases.

Published (and withdrawn) cases are the shared library: every signed-in user of the six reads
them, except a juvenile case whose criminal record is sealed (刑事诉讼法 art. 286), which stays
with its province for good. Before that a case belongs to its province: its users read it,
its submitter edits it, its reviewers (liaison officers and administrators of that province)
return or publish it, and later revise, withdraw or seal it. A case's documents (judgments,
indictments) keep the real names the shared text masks, so they stay with its province for good.
"""

from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from casebank.library.models import LIBRARY_STATES, TypicalCase
from portal.models import CaseCategory, Role, User
from portal.permissions import ALL_ROLES, PermissionPolicy, is_active_user

SUBMITTER_ROLES = frozenset({Role.PROSECUTOR, Role.LIAISON})
REVIEWER_ROLES = frozenset({Role.LIAISON, Role.ADMINISTRATOR})


def province_of(user: User) -> str | None:
    """The member province the user acts for (cached on the user object)."""
    if not hasattr(user, "_member_province"):
        user._member_province = (
            user.procuratorate.province if is_active_user(user) and user.procuratorate_id else None
        )
    return user._member_province


class TypicalCasePolicy(PermissionPolicy):
    """The library is open to all six; a case before publication only to its own province.

    Actions: "view"; "documents" (the case's documents: its own province only, published or
    not); "change" (the submitter's own draft or returned case); "review" (return, publish,
    revise, withdraw: the province's reviewers). Whether the case's state allows the step is
    the services' question.
    """

    action_roles = {
        "view": ALL_ROLES,
        "documents": ALL_ROLES,
        "change": SUBMITTER_ROLES,
        "review": REVIEWER_ROLES,
    }

    def role_allows(self, user, action):
        roles = self.action_roles.get(action, frozenset())
        return bool(roles) and user.has_role(*roles) and province_of(user) is not None

    def visible_q(self, user, action):
        if not self.role_allows(user, action):
            return Q(pk__in=[])
        own = Q(province=province_of(user))
        if action == "view":
            return Q(status__in=LIBRARY_STATES, sealed=False) | own
        if action == "change":
            return own & Q(created_by=user)
        return own

    def permits(self, user, action, obj):
        if not self.role_allows(user, action):
            return False
        own = obj.province == province_of(user)
        if action == "view":
            return obj.in_library or own
        if action == "change":
            return own and obj.created_by_id == user.pk
        return own

    def users_with_permission(self, action: str, obj: TypicalCase) -> QuerySet[User]:
        """The active users whose roles let them do `action` to `obj` (whom to notify, say):
        the same rule as `permits`, as one query. Superusers are not listed."""
        roles = self.action_roles.get(action, frozenset())
        if not roles:
            return User.objects.none()
        with_role = User.groups.through.objects.filter(group__name__in=roles).values("user_id")
        users = User.objects.filter(is_active=True, pk__in=with_role, procuratorate__isnull=False)
        if action == "view" and obj.in_library:
            return users
        own = users.filter(procuratorate__province=obj.province)
        if action == "change":
            return own.filter(pk=obj.created_by_id)
        return own


case_policy = TypicalCasePolicy(TypicalCase)


def may_submit_cases(user: User) -> bool:
    """Prosecutors and liaison officers of a member province write typical cases."""
    return is_active_user(user) and user.has_role(*SUBMITTER_ROLES) and bool(province_of(user))


# A sealed juvenile record (犯罪记录封存, 刑事诉讼法 art. 286) may be given to no one but the
# judicial organs that need it for a case: the steps that share a case ask these.
SEALED_STAYS = _(
    "This juvenile's criminal record is sealed (Criminal Procedure Law, art. 286): the case "
    "stays with your province and is not shared in the library."
)


def not_sealed(case: TypicalCase) -> str | None:
    """Why a sealed case cannot be submitted or published, or None."""
    return SEALED_STAYS if case.sealed else None


def may_be_sealed(case: TypicalCase) -> str | None:
    """Why this case cannot be sealed (only a juvenile case not sealed yet can), or None."""
    if case.category != CaseCategory.JUVENILE:
        return _("Only a juvenile case has a sealed criminal record.")
    return _("The criminal record is sealed already.") if case.sealed else None
