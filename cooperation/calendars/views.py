"""Pages of the meetings' calendar: the list and month grid, a meeting's .ics and the personal
calendar feeds."""

import calendar as month_calendar
import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.dates import WEEKDAYS_ABBR
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from cooperation.calendars import services
from cooperation.calendars.models import CalendarFeed
from cooperation.meetings.ical import meetings_calendar
from cooperation.meetings.models import Meeting, Resolution
from cooperation.meetings.selectors import meeting_list, resolution_list, user_meetings
from cooperation.meetings.views import meeting_for_action
from cooperation.rotation.permissions import may_schedule
from portal.audit import export_record
from portal.models import Province
from portal.scope import procuratorate_scope_ids

PER_PAGE = 20


def month_from(value: str | None) -> dt.date:
    """The first day of the month asked for as `YYYY-MM`, this month by default."""
    today = timezone.localdate()
    try:
        year, month = (int(part) for part in (value or "").split("-"))
        if 1900 <= year <= 2200:
            return dt.date(year, month, 1)
    except ValueError:
        pass
    return today.replace(day=1)


def meeting_list_view(request):
    """The meetings the user may see: a month calendar (default) or a list (`?view=list`)."""
    listing = request.GET.get("view") == "list"
    context = {
        "listing": listing,
        "may_create": may_schedule(request.user),
        "today": timezone.localdate(),
        "member_count": len(Province.values),
    }
    if listing:
        meetings = meeting_list(user=request.user).order_by("-starts_at")
        context["page"] = Paginator(meetings, PER_PAGE).get_page(request.GET.get("page"))
    else:
        context.update(month_grid(request.user, month_from(request.GET.get("month"))))
    open_resolutions = resolution_list(user=request.user, state=Resolution.State.OPEN)
    own = open_resolutions.filter(owner_id__in=procuratorate_scope_ids(request.user))
    context["own_resolutions"] = list(own[:10])
    return render(request, "cooperation/meeting_list.html", context)


def month_grid(user, first: dt.date) -> dict:
    """The weeks of a month (Monday first), each day with the meetings on it (Beijing time)."""
    next_first = (first + dt.timedelta(days=32)).replace(day=1)
    previous_first = (first - dt.timedelta(days=1)).replace(day=1)
    tz = timezone.get_current_timezone()
    start = dt.datetime.combine(first, dt.time.min, tzinfo=tz)
    end = dt.datetime.combine(next_first, dt.time.min, tzinfo=tz)
    meetings = meeting_list(user=user).filter(starts_at__lt=end, ends_at__gt=start)
    by_day = meetings_by_day(meetings, first, next_first - dt.timedelta(days=1))
    today = timezone.localdate()
    weeks = [
        [
            {
                "date": day,
                "in_month": day.month == first.month,
                "today": day == today,
                "meetings": by_day.get(day, []),
            }
            for day in week
        ]
        for week in month_calendar.Calendar(firstweekday=0).monthdatescalendar(
            first.year, first.month
        )
    ]
    return {
        "month": first,
        "weeks": weeks,
        "weekdays": [WEEKDAYS_ABBR[day] for day in range(7)],  # Django's own translations
        "previous_month": f"{previous_first:%Y-%m}",
        "next_month": f"{next_first:%Y-%m}",
        "this_month": f"{today:%Y-%m}",
        "meetings_in_month": len({m.pk for day in by_day.values() for m in day}),
    }


def meetings_by_day(meetings, first: dt.date, last: dt.date) -> dict[dt.date, list[Meeting]]:
    """Each day from `first` to `last` with the meetings on it (one may run over several days)."""
    by_day: dict[dt.date, list[Meeting]] = {}
    for meeting in meetings:
        day = max(timezone.localtime(meeting.starts_at).date(), first)
        end = timezone.localtime(meeting.ends_at - dt.timedelta(microseconds=1)).date()
        while day <= min(end, last):
            by_day.setdefault(day, []).append(meeting)
            day += dt.timedelta(days=1)
    return by_day


def ics_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def meeting_ics(request, pk: int):
    """The meeting as a calendar event (Beijing time)."""
    meeting = meeting_for_action(request, pk)
    filename = f"meeting-{meeting.number}.ics"
    export_record(user=request.user, target=meeting, detail=filename)
    return ics_response(meetings_calendar([meeting]), filename)


# Personal calendar feeds.


def feed_view(request):
    """The user's personal calendar feed address, with its secret token."""
    feed = services.calendar_feed(user=request.user)
    url = request.build_absolute_uri(reverse("cooperation:feed-ics", args=[feed.token]))
    return render(
        request,
        "cooperation/feed.html",
        {
            "feed": feed,
            "feed_url": url,
            "webcal_url": "webcal://" + url.split("://", 1)[1],
            "meetings": list(user_meetings(user=request.user).order_by("starts_at")),
            "may_create": may_schedule(request.user),
        },
    )


@require_POST
def feed_renew_view(request):
    services.calendar_feed_revoke(user=request.user)
    messages.success(
        request, _("The calendar feed has a new address; the old one no longer works.")
    )
    return redirect("cooperation:feed")


@login_not_required
@never_cache
def feed_ics(request, token: str):
    """A person's meetings as a calendar feed: no sign-in, the secret token is the key."""
    feed = CalendarFeed.objects.select_related("user").filter(token=token).first()
    if feed is None or not feed.user.is_active:
        raise Http404
    with translation.override(feed.user.language):
        name = _("Joint meetings")
    meetings = list(user_meetings(user=feed.user).order_by("starts_at"))
    export_record(user=feed.user, detail=f"meetings.ics: {len(meetings)}")
    response = HttpResponse(
        meetings_calendar(meetings, name=name), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = 'inline; filename="meetings.ics"'
    return response
