"""The agreed time slot of a request as an iCalendar event."""

from django.conf import settings
from django.utils import timezone, translation
from icalendar import Calendar, Event


def slot_calendar(request) -> bytes:
    """One VEVENT for the agreed slot, in Beijing time, named after the request."""
    slot = request.agreed_slot
    calendar = Calendar()
    calendar.add("prodid", "-//Northwest Procuratorial Cooperation Portal//zh-CN")
    calendar.add("version", "2.0")
    event = Event()
    event.add("uid", f"request-{request.pk}-slot-{slot.pk}@northwest-procuratorates")
    with translation.override("zh-hans"):
        event.add("summary", f"{request.number} {request.get_request_type_display()}")
    event.add("dtstart", timezone.localtime(slot.starts_at))
    event.add("dtend", timezone.localtime(slot.ends_at))
    event.add("dtstamp", timezone.now())
    event.add("location", request.agreed_venue)
    event.add(
        "description",
        f"{request.case_name}（{request.case_number}）\n{request.agreed_equipment}".strip(),
    )
    event.add("url", f"{settings.PORTAL_BASE_URL}{request.get_absolute_url()}")
    calendar.add_component(event)
    return calendar.to_ical()
