"""Every write of the calendar feeds: made on first use, renewed on request."""

from django.utils import timezone

from cooperation.calendars.models import CalendarFeed, new_token
from portal.models import User


def calendar_feed(*, user: User) -> CalendarFeed:
    """The user's personal calendar feed (made on first use)."""
    feed, _created = CalendarFeed.objects.get_or_create(user=user)
    return feed


def calendar_feed_revoke(*, user: User) -> CalendarFeed:
    """Give the feed a new secret: the old address stops working at once."""
    feed = calendar_feed(user=user)
    feed.token = new_token()
    feed.created_at = timezone.now()
    feed.save(update_fields=["token", "created_at"])
    return feed
