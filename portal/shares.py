"""Explicit share tables that name people rather than procuratorates (a task force's members).

A policy (`portal.permissions.ProcuratoratePolicy`) takes one as its `people`: the persons it
names reach the object for the actions the table grants them.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field

from django.db.models import Model, Q, QuerySet

from portal.models import User
from portal.scope import procuratorate_scope_ids


@dataclass(frozen=True)
class PeopleShare:
    """An explicit share table naming people (a task force's members), not procuratorates.

    - `model`, `object_column`, `user_column`: the table, its column naming the object and the
      one naming the person.
    - `procuratorate_column`: the column naming the procuratorate the person acts for there;
      `supervising_roles` held by a user whose scope covers it also open the object (a chief
      sees what the people of their province are named to).
    - `actions`: for each action, the rows that grant it (only current members, say, or only
      leaders); an action not listed is not granted by the table. Supervisors get "view" only.

    A row that stops matching (a member removed) closes the object at once: nothing is cached.
    """

    model: type[Model]
    object_column: str
    user_column: str
    procuratorate_column: str
    actions: Mapping[str, Q] = field(default_factory=dict)
    supervising_roles: frozenset[str] = frozenset()

    def rows(self, action: str) -> QuerySet | None:
        """The share rows granting `action`, or None if the table grants it to nobody."""
        condition = self.actions.get(action)
        return None if condition is None else self.model.objects.filter(condition)

    def people_ids(self, user: User, action: str) -> QuerySet | None:
        """Ids of the objects the table opens to `user` by name for `action`."""
        rows = self.rows(action)
        if rows is None:
            return None
        return rows.filter(**{self.user_column: user.pk}).values(self.object_column)

    def supervised_ids(self, user: User, action: str) -> QuerySet | None:
        """Ids of the objects naming people of the user's scope, if their role supervises."""
        rows = self.rows(action)
        if rows is None or action != "view" or not user.has_role(*self.supervising_roles):
            return None
        scope = procuratorate_scope_ids(user)
        return rows.filter(**{f"{self.procuratorate_column}__in": scope}).values(self.object_column)
