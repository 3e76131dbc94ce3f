"""Which procuratorates a user reaches by role: their own, and for a supervising role every one
below it (the hierarchy rule). Cached on the user object for the request."""

from collections.abc import Iterable

from django.db.models import Q

from portal.models import SUPERVISING_ROLES, Procuratorate, User


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


def holders_q(roles: Iterable[str], places: set[int]) -> Q:
    """The users holding one of `roles` at these procuratorates, or a supervising one of them
    at a procuratorate above (the hierarchy rule)."""
    roles = frozenset(roles)
    if not roles or not places:
        return Q(pk__in=[])
    with_role = User.groups.through.objects.filter(group__name__in=roles).values("user_id")
    supervising = User.groups.through.objects.filter(
        group__name__in=roles & SUPERVISING_ROLES
    ).values("user_id")
    return Q(procuratorate_id__in=places, pk__in=with_role) | Q(
        procuratorate_id__in=ancestor_ids(places), pk__in=supervising
    )
