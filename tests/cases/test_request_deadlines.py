"""The daily deadline job, with a fixed clock, run twice."""

import datetime as dt

import time_machine
from django.utils import timezone

from cases.requests import services
from cases.requests.tasks import send_due_reminders
from portal.models import Notification
from tests.factories import make_request

START = dt.datetime(2026, 11, 2, 8, 0, tzinfo=dt.UTC)


def notices(user, word):
    return Notification.objects.filter(recipient=user, verb__contains=word).count()


def test_reminder_two_days_before_and_overdue_once(gs_prosecutor, qh_liaison):
    with time_machine.travel(START, tick=False):
        request = make_request(
            gs_prosecutor, submit=True, due_date=timezone.localdate() + dt.timedelta(days=10)
        )
        services.request_transition(user=qh_liaison, request=request, action="accept")
        assert services.send_due_reminders() == (0, 0)
    with time_machine.travel(START + dt.timedelta(days=8), tick=False):
        assert services.send_due_reminders() == (1, 0)
        send_due_reminders.delay()  # the beat task, run again the same day: nothing new
        assert notices(qh_liaison, "is due on") == 1
    with time_machine.travel(START + dt.timedelta(days=11), tick=False):
        assert services.send_due_reminders() == (0, 1)
        assert services.send_due_reminders() == (0, 0)
        assert notices(qh_liaison, "overdue") == 1
        assert notices(gs_prosecutor, "overdue") == 1
        request.refresh_from_db()
        assert request.is_overdue


def test_an_approved_extension_earns_a_new_reminder(gs_prosecutor, qh_liaison):
    with time_machine.travel(START, tick=False):
        request = make_request(
            gs_prosecutor, submit=True, due_date=timezone.localdate() + dt.timedelta(days=3)
        )
        request = services.request_transition(user=qh_liaison, request=request, action="accept")
    with time_machine.travel(START + dt.timedelta(days=1), tick=False):
        assert services.send_due_reminders() == (1, 0)
        services.request_transition(
            user=qh_liaison,
            request=request,
            action="ask_extension",
            proposed_due_date=request.due_date + dt.timedelta(days=7),
            comment="证人外出",
        )
        services.request_transition(
            user=gs_prosecutor, request=request, action="decide_extension", approve=True
        )
    with time_machine.travel(START + dt.timedelta(days=8), tick=False):
        assert services.send_due_reminders() == (1, 0)
    assert notices(qh_liaison, "is due on") == 2


def test_finished_requests_are_never_reminded(gs_prosecutor, qh_liaison):
    with time_machine.travel(START, tick=False):
        request = make_request(
            gs_prosecutor, submit=True, due_date=timezone.localdate() + dt.timedelta(days=2)
        )
        services.request_transition(user=gs_prosecutor, request=request, action="withdraw")
        assert services.send_due_reminders() == (0, 0)
    with time_machine.travel(START + dt.timedelta(days=5), tick=False):
        assert services.send_due_reminders() == (0, 0)
