"""The daily deadline jobs: reminders before a due date, overdue notices, each sent once."""

import datetime as dt
from collections.abc import Callable, Iterable

from django.db import transaction
from django.db.models import Model, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_noop

from cases.requests.models import OPEN_STATES, AssistanceRequest, Side
from cases.requests.services.transitions import side_people
from portal.models import User
from portal.services import notify


def send_due_reminders(*, today: dt.date | None = None) -> tuple[int, int]:
    """Remind the handlers two days before the due date, and flag overdue requests once.

    Returns (reminders, overdue notices) sent; a second run the same day sends nothing.
    """
    today = today or timezone.localdate()

    def people_of(*sides):
        return lambda request: {person for side in sides for person in side_people(request, side)}

    def params(request):
        return {"number": request.number, "date": request.due_date.isoformat()}

    reminded = notify_once(
        AssistanceRequest.objects.filter(
            status__in=OPEN_STATES, due_date=today + dt.timedelta(days=2)
        ),
        flag="due_reminder_sent_for",
        recipients=people_of(Side.REQUESTED),
        verb=gettext_noop("Assistance request %(number)s is due on %(date)s."),
        params=params,
    )
    overdue = notify_once(
        AssistanceRequest.objects.overdue(today),
        flag="overdue_notified_for",
        recipients=people_of(Side.REQUESTED, Side.REQUESTING),
        verb=gettext_noop("Assistance request %(number)s is overdue since %(date)s."),
        params=params,
    )
    return reminded, overdue


def notify_once(
    objects: QuerySet,
    *,
    flag: str,
    recipients: Callable[[Model], Iterable[User]],
    verb: str,
    params: Callable[[Model], dict],
    target: Callable[[Model], Model] | None = None,
) -> int:
    """Tell the recipients of each of these objects (with a `due_date`), once per due date.

    Each object is read again, locked, and only if it still belongs to `objects` (one that
    another run holds is skipped); its `flag` records the due date told, set in the same
    transaction as the notice, so a second run sends nothing. Returns how many were told.
    """
    told = 0
    for pk in objects.values_list("pk", flat=True):
        with transaction.atomic():
            obj = objects.select_for_update(skip_locked=True, of=("self",)).filter(pk=pk).first()
            if obj is None or getattr(obj, flag) == obj.due_date:
                continue
            setattr(obj, flag, obj.due_date)
            obj.save(update_fields=[flag])
            notify(
                recipients=recipients(obj),
                verb=verb,
                params=params(obj),
                target=target(obj) if target else obj,
            )
            told += 1
    return told
