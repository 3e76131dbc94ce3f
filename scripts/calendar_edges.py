"""Print the two moments the calendar runs of the suite use: the next New Year's Eve at 23:30
and the next 29 February at 10:00, Beijing time.

Both lie ahead of today, so that what the portal stamps with the moved clock (a session cookie's
expiry, say) is still in the future for the browser, which keeps the real clock.
"""

import calendar
import datetime as dt
from zoneinfo import ZoneInfo

SHANGHAI = ZoneInfo("Asia/Shanghai")


def calendar_edges(now: dt.datetime) -> list[dt.datetime]:
    """The next New Year's Eve late in the evening, and the next leap day, after `now`."""
    new_years_eve = dt.datetime(now.year, 12, 31, 23, 30, tzinfo=SHANGHAI)
    year = now.year
    while not calendar.isleap(year) or dt.datetime(year, 2, 29, 10, tzinfo=SHANGHAI) < now:
        year += 1
    return [new_years_eve, dt.datetime(year, 2, 29, 10, tzinfo=SHANGHAI)]


if __name__ == "__main__":
    print(" ".join(moment.isoformat() for moment in calendar_edges(dt.datetime.now(SHANGHAI))))
