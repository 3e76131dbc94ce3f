"""Notifications: the notify service, e-mail after commit, retries, re-queueing, the inbox."""

import datetime as dt
import smtplib
import time

import pytest
import time_machine
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend as LocmemBackend
from django.db import transaction
from django.urls import reverse

from portal.celery import app as celery_app
from portal.models import Notification
from portal.services import notify
from portal.tasks import requeue_pending_notification_emails, send_notification_email
from tests.factories import member

VERB = "Request %(number)s was submitted to you."
NOW = dt.datetime(2026, 11, 26, 10, 0, tzinfo=dt.UTC)


class FlakySMTPBackend(LocmemBackend):
    """The SMTP server, the one true external boundary: fails the first `failures` sends."""

    failures = 0

    def send_messages(self, messages):
        if FlakySMTPBackend.failures > 0:
            FlakySMTPBackend.failures -= 1
            raise smtplib.SMTPServerDisconnected("connection unexpectedly closed")
        return super().send_messages(messages)


def test_notify_writes_rows_and_mails_only_after_commit(
    gs_prosecutor, sn_prosecutor, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        notifications = notify(
            recipients=[gs_prosecutor, sn_prosecutor, gs_prosecutor],
            verb=VERB,
            params={"number": "甘检协〔2026〕1号"},
            target=member("GS"),
            actor=sn_prosecutor,
        )
        assert len(mail.outbox) == 0  # nothing leaves before the transaction commits
    assert len(callbacks) == 2  # one per recipient, duplicates dropped
    assert len(notifications) == 2
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [gs_prosecutor.email, sn_prosecutor.email]
    )
    assert "甘检协〔2026〕1号" in mail.outbox[0].body
    assert set(Notification.objects.values_list("email_state", flat=True)) == {"sent"}


def test_rolled_back_change_notifies_nobody(gs_prosecutor, django_capture_on_commit_callbacks):
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        notify(recipients=[gs_prosecutor], verb=VERB, params={"number": "1"})
        raise RuntimeError("the change failed half-way")
    assert not Notification.objects.exists()
    assert mail.outbox == []


def test_email_is_sent_once_however_often_queued(gs_prosecutor):
    notification = notify(recipients=[gs_prosecutor], verb=VERB, params={"number": "7"})[0]
    send_notification_email.delay(notification.pk)
    send_notification_email.delay(notification.pk)
    send_notification_email.delay(999_999)  # a deleted row is not an error
    assert len(mail.outbox) == 1
    notification.refresh_from_db()
    assert notification.email_state == Notification.EmailState.SENT
    assert notification.emailed_at is not None


def test_user_without_address_gets_the_notice_in_app_only(gs_prosecutor):
    gs_prosecutor.email = ""
    gs_prosecutor.save()
    notification = notify(recipients=[gs_prosecutor], verb=VERB, params={"number": "8"})[0]
    assert notification.email_state == Notification.EmailState.SKIPPED


def test_email_in_the_recipients_language(gs_prosecutor):
    gs_prosecutor.language = "en"
    gs_prosecutor.save()
    notification = notify(recipients=[gs_prosecutor], verb=VERB, params={"number": "9"})[0]
    send_notification_email(notification.pk)
    assert mail.outbox[0].subject == (
        "[Northwest Procuratorial Cooperation Portal] Request 9 was submitted to you."
    )
    assert "Dear" in mail.outbox[0].body


@pytest.fixture
def retries_in_process():
    """Eager retries re-run in-process only when eager errors do not propagate (Celery's rule)."""
    celery_app.conf.task_eager_propagates = False
    yield
    celery_app.conf.task_eager_propagates = True


def test_transient_smtp_failure_is_retried(gs_prosecutor, settings, retries_in_process):
    settings.EMAIL_BACKEND = "tests.portal.test_notifications.FlakySMTPBackend"
    FlakySMTPBackend.failures = 2
    notification = notify(recipients=[gs_prosecutor], verb=VERB, params={"number": "2"})[0]
    send_notification_email.apply(args=[notification.pk], throw=False)
    notification.refresh_from_db()
    assert notification.email_state == Notification.EmailState.SENT
    assert notification.email_attempts == 3
    assert len(mail.outbox) == 1


def test_lasting_smtp_failure_gives_up_and_says_so(gs_prosecutor, settings, retries_in_process):
    settings.EMAIL_BACKEND = "tests.portal.test_notifications.FlakySMTPBackend"
    settings.NOTIFICATION_EMAIL_MAX_ATTEMPTS = 3
    FlakySMTPBackend.failures = 100
    notification = notify(recipients=[gs_prosecutor], verb=VERB, params={"number": "3"})[0]
    send_notification_email.apply(args=[notification.pk], throw=False)
    notification.refresh_from_db()
    assert notification.email_state == Notification.EmailState.FAILED
    assert notification.email_attempts == 3
    assert mail.outbox == []
    FlakySMTPBackend.failures = 0


def test_beat_job_requeues_old_pending_emails_once(gs_prosecutor):
    with time_machine.travel(NOW, tick=False):
        stuck = Notification.objects.create(
            recipient=gs_prosecutor, verb=VERB, params={"number": "4"}
        )
    with time_machine.travel(NOW + dt.timedelta(minutes=2), tick=False):
        fresh = Notification.objects.create(
            recipient=gs_prosecutor, verb=VERB, params={"number": "5"}
        )
        assert requeue_pending_notification_emails() == 0  # both still in flight
    with time_machine.travel(NOW + dt.timedelta(minutes=6), tick=False):
        assert requeue_pending_notification_emails() == 1
        assert requeue_pending_notification_emails() == 0  # a second run sends nothing again
    assert [m.body.count("4") >= 1 for m in mail.outbox] == [True]
    stuck.refresh_from_db()
    fresh.refresh_from_db()
    assert stuck.email_state == "sent"
    assert fresh.email_state == "pending"


@pytest.mark.django_db(transaction=True)
def test_broker_outage_loses_no_notification(gs_prosecutor, broker_down):
    """Redis down at commit: the change commits, the row waits, beat sends it later."""
    with transaction.atomic():
        notification = notify(recipients=[gs_prosecutor], verb=VERB, params={"number": "6"})[0]
    celery_app.conf.task_always_eager = True  # Redis is back: beat's re-queue runs the task
    notification.refresh_from_db()
    assert notification.email_state == Notification.EmailState.PENDING
    assert mail.outbox == []
    with time_machine.travel(dt.timedelta(minutes=10)):
        assert requeue_pending_notification_emails() == 1
    notification.refresh_from_db()
    assert notification.email_state == Notification.EmailState.SENT
    assert len(mail.outbox) == 1


@pytest.mark.django_db(transaction=True)
def test_email_through_a_real_celery_worker_on_redis(celery_worker_on_redis, gs_prosecutor):
    assert not celery_worker_on_redis.conf.task_always_eager
    assert celery_worker_on_redis.conf.broker_url.startswith("redis://")
    with transaction.atomic():
        notification = notify(recipients=[gs_prosecutor], verb=VERB, params={"number": "W-1"})[0]
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        notification.refresh_from_db()
        if notification.email_state == Notification.EmailState.SENT:
            break
        time.sleep(0.1)
    assert notification.email_state == Notification.EmailState.SENT
    assert [m.to for m in mail.outbox] == [[gs_prosecutor.email]]
    assert "W-1" in mail.outbox[0].subject


# The inbox pages.


def make_notices(user, count):
    return [
        notify(recipients=[user], verb=VERB, params={"number": f"N-{i}"}, email=False)[0]
        for i in range(count)
    ]


def test_inbox_shows_own_notices_with_badge(client, gs_prosecutor, sn_prosecutor):
    make_notices(gs_prosecutor, 3)
    make_notices(sn_prosecutor, 2)
    client.force_login(gs_prosecutor)
    content = client.get(reverse("inbox")).content.decode()
    assert content.count("notification-unread") == 3
    assert 'data-testid="unread-badge">3<' in content
    client.force_login(sn_prosecutor)
    content = client.get(reverse("inbox")).content.decode()
    assert content.count("notification-unread") == 2
    assert "N-0" in content and "N-2" not in content


def test_mark_read_and_mark_all(client, gs_prosecutor):
    first, *_ = make_notices(gs_prosecutor, 3)
    client.force_login(gs_prosecutor)
    response = client.post(reverse("inbox-read", args=[first.pk]), HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert "notification-read" in response.content.decode()
    first.refresh_from_db()
    assert first.is_read
    assert 'data-testid="unread-badge">2<' in client.get("/").content.decode()
    client.post(reverse("inbox-read-all"))
    assert not Notification.objects.filter(recipient=gs_prosecutor, read_at=None).exists()
    assert 'data-testid="unread-badge"' not in client.get("/").content.decode()


def test_outsider_cannot_touch_anothers_notice(client, gs_prosecutor, qh_liaison):
    notice = make_notices(gs_prosecutor, 1)[0]
    client.force_login(qh_liaison)
    assert client.post(reverse("inbox-read", args=[notice.pk])).status_code == 404
    assert client.post(reverse("inbox-open", args=[notice.pk])).status_code == 404
    assert client.get(f"/api/v1/notifications/{notice.pk}/").status_code == 404
    assert client.post(f"/api/v1/notifications/{notice.pk}/read/").status_code == 404
    assert client.get("/api/v1/notifications/").json()["count"] == 0
    notice.refresh_from_db()
    assert not notice.is_read


def test_open_marks_read_and_follows_the_link(client, gs_prosecutor):
    notice = notify(
        recipients=[gs_prosecutor], verb=VERB, params={"number": "x"}, url="/", email=False
    )[0]
    client.force_login(gs_prosecutor)
    response = client.post(reverse("inbox-open", args=[notice.pk]))
    assert response.status_code == 302 and response.url == "/"
    notice.refresh_from_db()
    assert notice.is_read


def test_api_notifications(client, gs_prosecutor):
    notice = make_notices(gs_prosecutor, 2)[0]
    client.force_login(gs_prosecutor)
    body = client.get("/api/v1/notifications/", HTTP_ACCEPT_LANGUAGE="en").json()
    assert body["count"] == 2
    assert body["results"][1]["message"] == "Request N-0 was submitted to you."
    response = client.post(f"/api/v1/notifications/{notice.pk}/read/")
    assert response.json()["is_read"] is True


@pytest.mark.parametrize("count", [3, 40])
def test_inbox_query_count_is_fixed(client, gs_prosecutor, count, django_assert_max_num_queries):
    make_notices(gs_prosecutor, count)
    client.force_login(gs_prosecutor)
    with django_assert_max_num_queries(6):
        response = client.get(reverse("inbox"))
    assert response.status_code == 200
    with django_assert_max_num_queries(6):
        client.get("/api/v1/notifications/")
