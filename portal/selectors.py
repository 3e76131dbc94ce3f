"""Every read of the portal app a page or endpoint needs, already filtered for the user."""

from collections.abc import Iterable

from django.db.models import QuerySet

from portal.models import Notification, Procuratorate, User
from portal.permissions import notification_policy, procuratorate_policy


def notification_list(*, user: User) -> QuerySet[Notification]:
    """The user's own notifications, newest first."""
    return notification_policy.visible(user).select_related("actor")


def notification_unread_count(*, user: User) -> int:
    """How many of the user's notifications are unread (the badge in the navigation)."""
    return notification_policy.visible(user).filter(read_at=None).count()


def procuratorate_list(*, user: User) -> QuerySet[Procuratorate]:
    """The directory of procuratorates the user may see, with their parents."""
    return procuratorate_policy.visible(user).select_related("parent")


def users_holding(
    roles: Iterable[str],
    *,
    procuratorates=None,
    province: str | None = None,
) -> QuerySet[User]:
    """The active users holding any of `roles` at these procuratorates (a queryset, a list or
    ids), or anywhere in the member `province`, or at any procuratorate: whom to tell."""
    people = User.objects.filter(
        is_active=True, groups__name__in=list(roles), procuratorate__isnull=False
    )
    if procuratorates is not None:
        people = people.filter(procuratorate__in=procuratorates)
    if province is not None:
        people = people.filter(procuratorate__province=province)
    return people.distinct()
