"""The daily deadline job: reminders before the due date, overdue notices."""

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_noop

from cases.models import (
    OPEN_STATES,
    AssistanceRequest,
    Side,
)
from cases.services.transitions import side_people
from portal.services import notify


def send_due_reminders(*, today: dt.date | None = None) -> tuple[int, int]:
    """Remind the handlers two days before the due date, and flag overdue requests once.

    Returns (reminders, overdue notices) sent; a second run the same day sends nothing.
    """
    today = today or timezone.localdate()
    due_soon = AssistanceRequest.objects.filter(
        status__in=OPEN_STATES, due_date=today + dt.timedelta(days=2)
    )
    reminded = notify_once(
        due_soon,
        flag="due_reminder_sent_for",
        sides=(Side.REQUESTED,),
        verb=gettext_noop("Assistance request %(number)s is due on %(date)s."),
    )
    overdue = notify_once(
        AssistanceRequest.objects.overdue(today),
        flag="overdue_notified_for",
        sides=(Side.REQUESTED, Side.REQUESTING),
        verb=gettext_noop("Assistance request %(number)s is overdue since %(date)s."),
    )
    return reminded, overdue


def notify_once(requests, *, flag: str, sides: tuple[str, ...], verb: str) -> int:
    """Tell the people of these sides of each open request, once per due date: the request's
    `flag` records the due date told, set in the same transaction as the notice. Returns how
    many requests were told."""
    told = 0
    for pk in requests.values_list("pk", flat=True):
        with transaction.atomic():
            request = (
                AssistanceRequest.objects.select_for_update(skip_locked=True)
                .filter(pk=pk, status__in=OPEN_STATES)
                .first()
            )
            if request is None or getattr(request, flag) == request.due_date:
                continue
            setattr(request, flag, request.due_date)
            request.save(update_fields=[flag])
            notify(
                recipients={person for side in sides for person in side_people(request, side)},
                verb=verb,
                params={"number": request.number, "date": request.due_date.isoformat()},
                target=request,
            )
            told += 1
    return told
