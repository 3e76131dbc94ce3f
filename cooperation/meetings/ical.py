"""Joint meetings as iCalendar events: one meeting's .ics, and a person's feed."""

from django.conf import settings
from django.utils import timezone, translation
from icalendar import Calendar, Event

from cooperation.meetings.models import Meeting


def meetings_calendar(meetings: list[Meeting], *, name: str = "") -> bytes:
    """A calendar of these meetings, in Beijing time."""
    calendar = Calendar()
    calendar.add("prodid", "-//Northwest Procuratorial Cooperation Portal//zh-CN")
    calendar.add("version", "2.0")
    if name:
        calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    with translation.override("zh-hans"):
        for meeting in meetings:
            event = Event()
            event.add("uid", f"meeting-{meeting.pk}@northwest-procuratorates")
            event.add("summary", f"{meeting}：{meeting.title}")
            event.add("dtstart", timezone.localtime(meeting.starts_at))
            event.add("dtend", timezone.localtime(meeting.ends_at))
            event.add("dtstamp", timezone.now())
            event.add("location", meeting.venue or meeting.online_link)
            event.add("url", f"{settings.PORTAL_BASE_URL}{meeting.get_absolute_url()}")
            event.add("status", "CANCELLED" if meeting.status == "cancelled" else "CONFIRMED")
            calendar.add_component(event)
    return calendar.to_ical()
