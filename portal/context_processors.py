"""What every page's navigation needs."""

from functools import cache

from portal.selectors import notification_unread_count


def navigation(request):
    """The unread-notification badge for a signed-in user: one query, and only if shown."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}

    @cache
    def unread_notification_count():
        return notification_unread_count(user=user)

    return {"unread_notification_count": unread_notification_count}
