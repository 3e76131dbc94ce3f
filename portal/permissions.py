"""The portal's one permission policy: who may do what to which object.

Every guarded model has a policy object here or in its app's `permissions.py`, built on
`ProcuratoratePolicy`. A policy answers the two questions every view, endpoint, download and
search asks:

- `policy.can(user, action, obj)`: may this user do `action` ("view", "change", …) to `obj`?
- `policy.visible(user, action)`: the queryset of objects on which the user may do `action`.

An object is in a user's reach when one of its procuratorate columns names a procuratorate of
the user's scope (their own; plus every subordinate one for liaison officers, chiefs and
administrators: the hierarchy rule), or when django-guardian holds an explicit grant for it.
Lists filter with plain indexed joins (`column IN scope`, `pk IN grant table`); guardian's
direct foreign-key tables hold the grants, and model-level permissions never open a row.
"""

from collections.abc import Iterable, Mapping

from django.db.models import Model, Q, QuerySet
from django.http import Http404
from guardian.utils import get_group_obj_perms_model, get_user_obj_perms_model

from portal.models import (
    SUPERVISING_ROLES,
    USER_MANAGER_ROLES,
    Notification,
    Procuratorate,
    Role,
    User,
)

ALL_ROLES = frozenset(Role.values)

# Every policy, by model: lets tests prove each guarded model keeps its grants in direct tables.
registry: dict[type[Model], "PermissionPolicy"] = {}


def subtree_ids(procuratorate: Procuratorate) -> frozenset[int]:
    """Ids of this procuratorate and of all below it (one query over its province)."""
    children: dict[int | None, list[int]] = {}
    rows = Procuratorate.objects.filter(province=procuratorate.province).values_list(
        "id", "parent_id"
    )
    for pk, parent_id in rows:
        children.setdefault(parent_id, []).append(pk)
    found, pending = set(), [procuratorate.pk]
    while pending:
        pk = pending.pop()
        found.add(pk)
        pending.extend(children.get(pk, ()))
    return frozenset(found)


def ancestor_ids(procuratorate_ids: Iterable[int]) -> frozenset[int]:
    """Ids of the procuratorates strictly above these ones (one query per level, at most 4)."""
    found: set[int] = set()
    level = set(procuratorate_ids)
    while level:
        level = (
            set(
                Procuratorate.objects.filter(pk__in=level, parent__isnull=False).values_list(
                    "parent_id", flat=True
                )
            )
            - found
        )
        found |= level
    return frozenset(found)


def procuratorate_scope_ids(user: User) -> frozenset[int]:
    """Ids of the procuratorates whose objects this user may reach by role.

    Their own procuratorate; with a supervising role (liaison, chief, administrator), also
    every procuratorate below it. Cached on the user object for the request.
    """
    cached = getattr(user, "_procuratorate_scope_ids", None)
    if cached is not None:
        return cached
    if not user.is_authenticated or user.procuratorate_id is None:
        scope = frozenset()
    elif user.has_role(*SUPERVISING_ROLES):
        scope = subtree_ids(user.procuratorate)
    else:
        scope = frozenset({user.procuratorate_id})
    user._procuratorate_scope_ids = scope
    return scope


def is_active_user(user) -> bool:
    """Signed in and not deactivated."""
    return bool(user and user.is_authenticated and user.is_active)


class PermissionPolicy:
    """Answers every permission question about one model."""

    model: type[Model]

    def __init__(self, model: type[Model]):
        self.model = model
        registry[model] = self

    def visible_q(self, user: User, action: str) -> Q:
        """The filter of the objects on which an active, non-superuser may do `action`."""
        raise NotImplementedError

    def permits(self, user: User, action: str, obj: Model) -> bool:
        """Whether an active, non-superuser may do `action` to `obj`."""
        raise NotImplementedError

    def allows(self, user: User, action: str) -> bool:
        """Whether `user` may do `action` to objects of this model at all (lists, add buttons)."""
        return is_active_user(user) and (user.is_superuser or self.role_allows(user, action))

    def role_allows(self, user: User, action: str) -> bool:
        """Whether an active, non-superuser's roles allow `action` on some objects."""
        raise NotImplementedError

    def visible(self, user: User, action: str = "view") -> QuerySet:
        """The objects on which `user` may do `action`, as a queryset to refine."""
        objects = self.model._default_manager.all()
        if not is_active_user(user):
            return objects.none()
        if user.is_superuser:
            return objects
        return objects.filter(self.visible_q(user, action))

    def can(self, user: User, action: str, obj: Model) -> bool:
        """Whether `user` may do `action` to `obj`."""
        if not is_active_user(user):
            return False
        if user.is_superuser:
            return True
        return self.permits(user, action, obj)

    def get_or_404(self, user: User, action: str = "view", **lookup) -> Model:
        """Fetch one object by `lookup` if `user` may do `action` to it; 404 otherwise.

        Not found and not allowed answer the same, so an outsider learns nothing.
        """
        try:
            obj = self.visible(user, action).get(**lookup)
        except (self.model.DoesNotExist, ValueError, TypeError):
            raise Http404 from None
        return obj


class ProcuratoratePolicy(PermissionPolicy):
    """A policy for objects that belong to procuratorates through indexed columns.

    - `procuratorate_columns`: the columns holding procuratorate ids (e.g. "requesting_id",
      "requested_id"); a user whose scope holds any of them reaches the object.
    - `action_roles`: for each action, the roles that may do it within their scope.
    - `public_actions`: actions any signed-in user may do to every object (a directory).
    - `share`: an explicit share table naming the few procuratorates an object is shared
      with (a symposium's participants), as (model, object column, procuratorate column).
    """

    procuratorate_columns: tuple[str, ...] = ()
    action_roles: Mapping[str, frozenset[str]] = {"view": ALL_ROLES}
    public_actions: frozenset[str] = frozenset()
    share: tuple[type[Model], str, str] | None = None

    def __init__(
        self, model, *, columns: Iterable[str], action_roles=None, public_actions=(), share=None
    ):
        super().__init__(model)
        self.procuratorate_columns = tuple(columns)
        if action_roles is not None:
            self.action_roles = action_roles
        self.public_actions = frozenset(public_actions)
        self.share = share

    def shared_ids(self, scope: Iterable[int]) -> QuerySet:
        """Ids of the objects the share table opens to these procuratorates."""
        share_model, object_column, procuratorate_column = self.share
        return share_model.objects.filter(**{f"{procuratorate_column}__in": scope}).values(
            object_column
        )

    def codename(self, action: str) -> str:
        return f"{action}_{self.model._meta.model_name}"

    def granted_q(self, user: User, action: str) -> Q:
        """The objects an explicit grant (to the user or a group of theirs) opens for `action`."""
        codename = self.codename(action)
        by_user = (
            get_user_obj_perms_model(self.model)
            .objects.filter(user=user, permission__codename=codename)
            .values("content_object_id")
        )
        by_group = (
            get_group_obj_perms_model(self.model)
            .objects.filter(group__user=user, permission__codename=codename)
            .values("content_object_id")
        )
        return Q(pk__in=by_user) | Q(pk__in=by_group)

    def role_permits(self, user: User, action: str) -> bool:
        roles = self.action_roles.get(action, frozenset())
        return bool(roles) and user.has_role(*roles)

    def role_allows(self, user, action):
        return action in self.public_actions or self.role_permits(user, action)

    def visible_q(self, user, action):
        if action in self.public_actions:
            return Q()
        q = self.granted_q(user, action)
        scope = procuratorate_scope_ids(user)
        if scope and self.role_permits(user, action):
            for column in self.procuratorate_columns:
                q |= Q(**{f"{column}__in": scope})
            if self.share:
                q |= Q(pk__in=self.shared_ids(scope))
        return q

    def users_with_permission(self, action: str, obj: Model) -> QuerySet[User]:
        """The active users whose roles let them do `action` to `obj` (whom to notify, say).

        Those of the object's procuratorates holding a role for the action, and those of the
        procuratorates above them holding a supervising role too (the hierarchy rule).
        Explicit grants and superusers are not listed: they are not the object's handlers.
        """
        roles = self.action_roles.get(action, frozenset())
        own = {getattr(obj, column) for column in self.procuratorate_columns} - {None}
        if not roles or not own:
            return User.objects.none()
        above = ancestor_ids(own)
        with_role = User.groups.through.objects.filter(group__name__in=roles).values("user_id")
        supervising = User.groups.through.objects.filter(
            group__name__in=roles & SUPERVISING_ROLES
        ).values("user_id")
        return User.objects.filter(
            Q(procuratorate_id__in=own, pk__in=with_role)
            | Q(procuratorate_id__in=above, pk__in=supervising),
            is_active=True,
        )

    def permits(self, user, action, obj):
        if action in self.public_actions:
            return True
        if self.role_permits(user, action):
            scope = procuratorate_scope_ids(user)
            if any(getattr(obj, column) in scope for column in self.procuratorate_columns):
                return True
            if self.share and self.shared_ids(scope).filter(**{self.share[1]: obj.pk}).exists():
                return True
        # guardian's object backend answers from the direct tables; the model backend never
        # answers for an object, so a model-level permission opens nothing here.
        return user.has_perm(f"{self.model._meta.app_label}.{self.codename(action)}", obj)


class RecipientPolicy(PermissionPolicy):
    """Objects that belong to one user only (a notification)."""

    def __init__(self, model, *, owner_column: str):
        super().__init__(model)
        self.owner_column = owner_column

    def visible_q(self, user, action):
        return Q(**{self.owner_column: user.pk})

    def permits(self, user, action, obj):
        return getattr(obj, self.owner_column) == user.pk

    def role_allows(self, user, action):
        return True

    def visible(self, user, action="view"):
        # Even a superuser reads only their own inbox.
        if not is_active_user(user):
            return self.model._default_manager.none()
        return self.model._default_manager.filter(self.visible_q(user, action))

    def can(self, user, action, obj):
        return is_active_user(user) and self.permits(user, action, obj)


procuratorate_policy = ProcuratoratePolicy(
    Procuratorate,
    columns=["id"],
    action_roles={"change": USER_MANAGER_ROLES, "add": frozenset({Role.ADMINISTRATOR})},
    public_actions={"view"},
)
user_policy = ProcuratoratePolicy(
    User,
    columns=["procuratorate_id"],
    action_roles={action: USER_MANAGER_ROLES for action in ("view", "add", "change")},
)
notification_policy = RecipientPolicy(Notification, owner_column="recipient_id")
