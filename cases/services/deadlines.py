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

    Each request's flag is set in the same transaction as its notice, so a second run the
    same day sends nothing. Returns (reminders, overdue notices) sent.
    """
    today = today or timezone.localdate()
    reminded = overdue = 0
    due_soon = AssistanceRequest.objects.filter(
        status__in=OPEN_STATES, due_date=today + dt.timedelta(days=2)
    )
    for pk in due_soon.values_list("pk", flat=True):
        with transaction.atomic():
            request = (
                AssistanceRequest.objects.select_for_update(skip_locked=True)
                .filter(pk=pk, status__in=OPEN_STATES)
                .first()
            )
            if request is None or request.due_reminder_sent_for == request.due_date:
                continue
            request.due_reminder_sent_for = request.due_date
            request.save(update_fields=["due_reminder_sent_for"])
            notify(
                recipients=side_people(request, Side.REQUESTED),
                verb=gettext_noop("Assistance request %(number)s is due on %(date)s."),
                params={"number": request.number, "date": request.due_date.isoformat()},
                target=request,
            )
            reminded += 1
    for pk in AssistanceRequest.objects.overdue(today).values_list("pk", flat=True):
        with transaction.atomic():
            request = (
                AssistanceRequest.objects.select_for_update(skip_locked=True)
                .filter(pk=pk, status__in=OPEN_STATES)
                .first()
            )
            if request is None or request.overdue_notified_for == request.due_date:
                continue
            request.overdue_notified_for = request.due_date
            request.save(update_fields=["overdue_notified_for"])
            notify(
                recipients={
                    *side_people(request, Side.REQUESTED),
                    *side_people(request, Side.REQUESTING),
                },
                verb=gettext_noop("Assistance request %(number)s is overdue since %(date)s."),
                params={"number": request.number, "date": request.due_date.isoformat()},
                target=request,
            )
            overdue += 1
    return reminded, overdue
