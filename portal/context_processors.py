"""What every page's navigation needs."""

from functools import cache

from portal.selectors import notification_unread_count


def navigation(request):
    """For a signed-in user: the unread-notification badge (one query, and only if shown) and
    whether the menu links the audit log."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}

    @cache
    def unread_notification_count():
        return notification_unread_count(user=user)

    # The audit log's readers are the user managers (and superusers), whom `is_staff` marks
    # (portal.services.user_sync_staff_flag): the menu asks no query; its page checks the roles.
    return {
        "unread_notification_count": unread_notification_count,
        "may_read_audit_log": user.is_staff,
    }
