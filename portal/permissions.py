"""The portal's one permission policy: who may do what to which object.

Every guarded model has a policy object here (user accounts: in `portal.accounts`) or in its
app's `permissions.py`, built on `ProcuratoratePolicy`. A policy answers the two questions
every view, endpoint, download and search asks:

- `policy.can(user, action, obj)`: may this user do `action` ("view", "change", …) to `obj`?
- `policy.visible(user, action)`: the queryset of objects on which the user may do `action`.

An object is in a user's reach when one of its procuratorate columns names a procuratorate of
the user's scope (their own; plus every subordinate one for liaison officers, chiefs and
administrators: the hierarchy rule), or when django-guardian holds an explicit grant for it.
Lists filter with plain indexed joins (`column IN scope`, `pk IN grant table`); guardian's
direct foreign-key tables hold the grants, and model-level permissions never open a row. The
grant tables are consulted only for a model that has grant rows (`portal.grant_tables`); the
grants people give live in `portal.grants`.
"""

from collections.abc import Iterable, Mapping

from django.db.models import Model, Q, QuerySet
from django.http import Http404
from guardian.utils import get_group_obj_perms_model, get_user_obj_perms_model

from portal.grant_tables import grants_exist
from portal.models import (
    USER_MANAGER_ROLES,
    Notification,
    Procuratorate,
    Role,
    User,
)
from portal.scope import holders_q, procuratorate_scope_ids
from portal.shares import PeopleShare
from portal.workflow import workflows

ALL_ROLES = frozenset(Role.values)

# Every policy, by model: lets tests prove each guarded model keeps its grants in direct tables.
registry: dict[type[Model], "PermissionPolicy"] = {}


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
        """Whether `user` may do `action` to `obj`.

        For a step of the model's workflow the row of its table answers (the user's side and
        roles, on an object they see), for superusers too; for any other action, the rules.
        """
        workflow = workflows.get(self.model)
        if workflow is not None and action in workflow:
            return (
                is_active_user(user)
                and workflow.allows(user, action, obj)
                and self.is_visible(user, "view", obj)
            )
        return self.holds(user, action, obj)

    def holds(self, user: User, action: str, obj: Model) -> bool:
        """Whether the policy's own rules (roles, scope, shares, grants) let `user` do `action`
        to `obj`: what a workflow's `sides_of` asks, never a step of the workflow itself."""
        if not is_active_user(user):
            return False
        if user.is_superuser:
            return True
        return self.permits(user, action, obj)

    def reaches(self, user: User, action: str, obj: Model) -> bool:
        """Whether an active, non-superuser's roles and scope alone open `obj` for `action`,
        read from its own columns: a part of `visible_q` that needs no query (never wider)."""
        return False

    def is_visible(self, user: User, action: str, obj: Model) -> bool:
        """Whether `obj` is among `visible(user, action)`.

        Most objects a user opens are those of their own procuratorates, which `reaches`
        answers from the object at hand; only the others (a grant, a share, a person named,
        a superuser) are asked of the database, with the very filter of the lists.
        """
        if not is_active_user(user):
            return False
        if not user.is_superuser and self.reaches(user, action, obj):
            return True
        return self.visible(user, action).filter(pk=obj.pk).exists()

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
    - `people`: an explicit share table naming persons (see `PeopleShare`): they reach the
      object whatever their role, for the actions it grants them.
    """

    procuratorate_columns: tuple[str, ...] = ()
    action_roles: Mapping[str, frozenset[str]] = {"view": ALL_ROLES}
    public_actions: frozenset[str] = frozenset()
    share: tuple[type[Model], str, str] | None = None
    people: PeopleShare | None = None

    def __init__(
        self,
        model,
        *,
        columns: Iterable[str],
        action_roles=None,
        public_actions=(),
        share=None,
        people: PeopleShare | None = None,
    ):
        super().__init__(model)
        self.procuratorate_columns = tuple(columns)
        if action_roles is not None:
            self.action_roles = action_roles
        self.public_actions = frozenset(public_actions)
        self.share = share
        self.people = people

    def shared_ids(self, scope: Iterable[int]) -> QuerySet:
        """Ids of the objects the share table opens to these procuratorates."""
        share_model, object_column, procuratorate_column = self.share
        return share_model.objects.filter(**{f"{procuratorate_column}__in": scope}).values(
            object_column
        )

    def codename(self, action: str) -> str:
        return f"{action}_{self.model._meta.model_name}"

    def granted_q(self, user: User, action: str) -> Q:
        """The objects an explicit grant (to the user or a group of theirs) opens for `action`.

        Without a grant row for this model, none: the lists skip both grant subqueries.
        """
        if not grants_exist(self.model):
            return Q(pk__in=[])
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
        return (
            action in self.public_actions
            or self.role_permits(user, action)
            or (self.people is not None and action in self.people.actions)
        )

    def people_q(self, user: User, action: str) -> Q:
        """The objects the people share table opens to this user, by name or as supervisor."""
        q = Q(pk__in=[])
        if self.people is None:
            return q
        for ids in (self.people.people_ids(user, action), self.people.supervised_ids(user, action)):
            if ids is not None:
                q |= Q(pk__in=ids)
        return q

    def visible_q(self, user, action):
        if action in self.public_actions:
            return Q()
        q = self.granted_q(user, action) | self.people_q(user, action)
        scope = procuratorate_scope_ids(user)
        if scope and self.role_permits(user, action):
            q |= self.scope_q(scope, self.procuratorate_columns)
            if self.share:
                q |= Q(pk__in=self.shared_ids(scope))
        return q

    @staticmethod
    def scope_q(scope: Iterable[int], columns: Iterable[str]) -> Q:
        """The objects one of whose `columns` names a procuratorate of `scope`."""
        q = Q(pk__in=[])
        for column in columns:
            q |= Q(**{f"{column}__in": scope})
        return q

    def reaches(self, user, action, obj):
        if action in self.public_actions:
            return True
        if not self.role_permits(user, action):
            return False
        scope = procuratorate_scope_ids(user)
        return any(getattr(obj, column) in scope for column in self.procuratorate_columns)

    def visible_through(self, user: User, columns: Iterable[str], action: str = "view") -> QuerySet:
        """The objects one of `columns` puts in the user's scope, on which they may do `action`
        (a box of the objects sent or received by the user's procuratorates, say).

        When the user's roles open their scope for the action, every such object is visible
        and grants, shares and people open nothing more among them: the filter is the plain
        indexed one of the columns, without the grant tables `visible` has to consult.
        """
        columns = tuple(columns)
        if not set(columns) <= set(self.procuratorate_columns):
            raise ValueError(f"{columns} are not all procuratorate columns of {self.model}")
        in_scope = self.scope_q(procuratorate_scope_ids(user), columns)
        if is_active_user(user) and not user.is_superuser and self.role_permits(user, action):
            return self.model._default_manager.filter(in_scope)
        return self.visible(user, action).filter(in_scope)

    def users_with_permission(self, action: str, obj: Model) -> QuerySet[User]:
        """The active users whose roles let them do `action` to `obj` (whom to notify, say).

        Those of the object's procuratorates holding a role for the action, and those of the
        procuratorates above them holding a supervising role too (the hierarchy rule).
        Explicit grants and superusers are not listed: they are not the object's handlers.
        """
        roles = self.action_roles.get(action, frozenset())
        return User.objects.filter(holders_q(roles, self.own_ids(obj)), is_active=True)

    def own_ids(self, obj: Model) -> set[int]:
        """The procuratorates the object's columns name."""
        return {getattr(obj, column) for column in self.procuratorate_columns} - {None}

    def users_seeing(self, obj: Model, action: str = "view") -> QuerySet[User]:
        """The active users who may already do `action` to `obj`: `can` asked of everyone at
        once, by role and scope, share, name and grant, with the superusers (whom a grant
        need not open it to). A further rule of a subclass (a draft) is not applied."""
        if action in self.public_actions:
            return User.objects.filter(is_active=True)
        roles = self.action_roles.get(action, frozenset())
        seeing = Q(is_superuser=True) | holders_q(roles, self.own_ids(obj))
        if self.share:
            share_model, object_column, procuratorate_column = self.share
            places = share_model.objects.filter(**{object_column: obj.pk})
            seeing |= holders_q(roles, set(places.values_list(procuratorate_column, flat=True)))
        if self.people is not None and (rows := self.people.rows(action)) is not None:
            rows = rows.filter(**{self.people.object_column: obj.pk})
            seeing |= Q(pk__in=rows.values(self.people.user_column))
            if action == "view":
                places = set(rows.values_list(self.people.procuratorate_column, flat=True))
                seeing |= holders_q(self.people.supervising_roles, places)
        if grants_exist(self.model):
            grant = {"content_object": obj.pk, "permission__codename": self.codename(action)}
            groups = get_group_obj_perms_model(self.model).objects.filter(**grant)
            seeing |= Q(
                pk__in=get_user_obj_perms_model(self.model).objects.filter(**grant).values("user")
            ) | Q(
                pk__in=User.groups.through.objects.filter(group__in=groups.values("group")).values(
                    "user_id"
                )
            )
        return User.objects.filter(seeing, is_active=True)

    def permits(self, user, action, obj):
        if action in self.public_actions:
            return True
        if self.reaches(user, action, obj):
            return True
        if self.share and self.role_permits(user, action):
            scope = procuratorate_scope_ids(user)
            if self.shared_ids(scope).filter(**{self.share[1]: obj.pk}).exists():
                return True
        if self.people is not None:
            for ids in (
                self.people.people_ids(user, action),
                self.people.supervised_ids(user, action),
            ):
                if ids is not None and ids.filter(**{self.people.object_column: obj.pk}).exists():
                    return True
        # guardian's object backend answers from the direct tables; the model backend never
        # answers for an object, so a model-level permission opens nothing here.
        label = f"{self.model._meta.app_label}.{self.codename(action)}"
        return grants_exist(self.model) and user.has_perm(label, obj)


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


class PartPolicy(PermissionPolicy):
    """Objects that are part of another guarded object (a restoration's measure): whoever may
    do an action to the whole may do it to its parts, and nobody else."""

    def __init__(self, model, *, whole: str, policy: PermissionPolicy):
        super().__init__(model)
        self.whole, self.whole_policy = whole, policy

    def visible_q(self, user, action):
        return Q(**{f"{self.whole}__in": self.whole_policy.visible(user, action).values("pk")})

    def permits(self, user, action, obj):
        return self.whole_policy.can(user, action, getattr(obj, self.whole))

    def role_allows(self, user, action):
        return self.whole_policy.role_allows(user, action)

    def reaches(self, user, action, obj):
        return self.whole_policy.reaches(user, action, getattr(obj, self.whole))


procuratorate_policy = ProcuratoratePolicy(
    Procuratorate,
    columns=["id"],
    action_roles={"change": USER_MANAGER_ROLES, "add": frozenset({Role.ADMINISTRATOR})},
    public_actions={"view"},
)
notification_policy = RecipientPolicy(Notification, owner_column="recipient_id")
