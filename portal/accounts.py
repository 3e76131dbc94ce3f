"""Who manages which user account and gives which role: the policies of user accounts and of
the log of their role changes.

A user manager (liaison officer, administrator) manages the accounts of their procuratorates
and those below, with two limits that keep anyone from taking over an account above their own:

- nobody changes their own account here, nor a superuser's (only a superuser does);
- the chief's and administrator's roles are given by administrators only, and the accounts
  holding them are managed by administrators only; a liaison officer gives the other roles.
"""

from django.db.models import Q, QuerySet

from portal.models import (
    ADMINISTRATOR_GIVEN_ROLES,
    USER_MANAGER_ROLES,
    Role,
    RoleChange,
    User,
)
from portal.permissions import ALL_ROLES, PartPolicy, ProcuratoratePolicy


class UserPolicy(ProcuratoratePolicy):
    """User accounts: a user manager sees those of their procuratorates ("view") and changes
    those in their reach (every other action; see the module)."""

    def roles_given(self, user: User, account: User | None = None) -> frozenset[str]:
        """The roles `user` may give to or take from `account` (a new account when None)."""
        if account is not None and (account.pk == user.pk or not self.can(user, "change", account)):
            return frozenset()
        if not self.allows(user, "add" if account is None else "change"):
            return frozenset()
        if user.is_superuser or user.has_role(Role.ADMINISTRATOR):
            return ALL_ROLES
        return ALL_ROLES - ADMINISTRATOR_GIVEN_ROLES

    def out_of_reach_q(self, user: User) -> Q:
        """The accounts a non-superuser may not change wherever they are: their own, the
        superusers', and those holding a role they may not give."""
        withheld = User.groups.through.objects.filter(
            group__name__in=ALL_ROLES - self.roles_given(user)
        ).values("user_id")
        return Q(pk=user.pk) | Q(is_superuser=True) | Q(pk__in=withheld)

    def out_of_reach(self, user: User, account: User) -> bool:
        """`out_of_reach_q` asked of one account."""
        return (
            account.pk == user.pk
            or account.is_superuser
            or not account.roles <= self.roles_given(user)
        )

    def visible_q(self, user, action):
        q = super().visible_q(user, action)
        return q if action == "view" else q & ~self.out_of_reach_q(user)

    def reaches(self, user, action, obj):
        return super().reaches(user, action, obj) and (
            action == "view" or not self.out_of_reach(user, obj)
        )

    def permits(self, user, action, obj):
        return super().permits(user, action, obj) and (
            action == "view" or not self.out_of_reach(user, obj)
        )

    def users_with_permission(self, action: str, obj: User) -> QuerySet[User]:
        managers = super().users_with_permission(action, obj)
        if action == "view":
            return managers
        if obj.is_superuser:
            return managers.none()
        if obj.has_role(*ADMINISTRATOR_GIVEN_ROLES):
            managers = managers.filter(groups__name=Role.ADMINISTRATOR)
        return managers.exclude(pk=obj.pk)


user_policy = UserPolicy(
    User,
    columns=["procuratorate_id"],
    action_roles={action: USER_MANAGER_ROLES for action in ("view", "add", "change")},
)
# The log of role changes: read by whoever sees the user (the user managers of the user's
# procuratorate and of those above it).
role_change_policy = PartPolicy(RoleChange, whole="user", policy=user_policy)
