"""Celery tasks of the portal app: notification e-mail, the audit log's retention."""

import datetime as dt
import logging
import smtplib
from urllib.parse import urlsplit

from celery import shared_task
from django.conf import settings
from django.core.mail import EmailMessage, make_msgid
from django.db import InterfaceError, OperationalError, transaction
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.utils import timezone, translation

from portal.audit import audit_purge
from portal.models import Notification

logger = logging.getLogger(__name__)

# Errors worth trying again: the mail server or the network (SMTPException is an OSError), and
# a database connection that dropped or a server that restarted.
TRANSIENT_ERRORS = (smtplib.SMTPException, OSError, OperationalError, InterfaceError)


def claim_emails(queryset) -> tuple[list[Notification], dt.datetime | None]:
    """Take the e-mail of these notification rows for this worker, and commit that at once.

    The claim is written before anything is sent, so a task delivered again while the e-mail is
    on its way (or after the worker died having sent it) finds a recent claim and sends nothing.
    Only the notification rows are locked, never the recipient's user row, and no lock is held
    while the mail server is talked to. Returns the rows and the claim's time stamp.
    """
    now = timezone.now()
    stale = now - settings.NOTIFICATION_EMAIL_CLAIM_EXPIRES
    with transaction.atomic():
        rows = list(
            queryset.select_for_update(skip_locked=True, of=("self",))
            .filter(Q(email_claimed_at=None) | Q(email_claimed_at__lt=stale))
            .select_related("recipient")
            .order_by("created_at", "id")
        )
        if not rows:
            return [], None
        # A message sent again keeps its first Message-ID: the same message, not a second one.
        message_id = rows[0].email_message_id or make_msgid(domain=message_id_domain())
        Notification.objects.filter(pk__in=[row.pk for row in rows]).update(
            email_claimed_at=now,
            email_message_id=message_id,
            email_attempts=F("email_attempts") + 1,
        )
        for row in rows:
            row.email_message_id = message_id
    return rows, now


def message_id_domain() -> str:
    return urlsplit(settings.PORTAL_BASE_URL).hostname or "portal.invalid"


def send_claimed(rows: list[Notification], claimed_at, *, subject: str, body: str) -> None:
    """Send the e-mail of claimed rows, then mark them sent; on a transient error, let go."""
    recipient = rows[0].recipient
    ids = [row.pk for row in rows]
    claim = Notification.objects.filter(pk__in=ids, email_claimed_at=claimed_at)
    message = EmailMessage(
        " ".join(subject.split()),
        body,
        settings.DEFAULT_FROM_EMAIL,
        [recipient.email],
        headers={"Message-ID": rows[0].email_message_id},
    )
    try:
        message.send()
    except TRANSIENT_ERRORS:
        # Let go of the claim, so that the next try takes the rows at once; after too many
        # tries, give up and say so.
        gave_up = claim.filter(email_attempts__gte=settings.NOTIFICATION_EMAIL_MAX_ATTEMPTS).update(
            email_state=Notification.EmailState.FAILED, email_claimed_at=None
        )
        if gave_up:
            logger.error("Gave up the e-mail of notifications %s", ids)
        if claim.update(email_claimed_at=None):
            raise
        return
    claim.update(email_state=Notification.EmailState.SENT, emailed_at=timezone.now())


@shared_task(
    name="portal.send_notification_email",
    autoretry_for=TRANSIENT_ERRORS,
    retry_backoff=30,
    retry_backoff_max=1800,
    retry_jitter=True,
    max_retries=8,
)
def send_notification_email(notification_id: int) -> None:
    """Send the e-mail copy of one notification, once, however often it is queued.

    Once means: a task delivered again while a claim is recent sends nothing; a worker that
    died after claiming leaves a claim that expires, and then the e-mail goes again with the
    same Message-ID (at least once; see `claim_emails`).
    """
    rows, claimed_at = claim_emails(
        Notification.objects.filter(pk=notification_id, email_state=Notification.EmailState.PENDING)
    )
    if not rows:
        return  # already sent, deleted, or being sent by another worker
    notification = rows[0]
    recipient = notification.recipient
    with translation.override(recipient.language):
        context = {
            "notification": notification,
            "recipient": recipient,
            "link": f"{settings.PORTAL_BASE_URL}{notification.url}"
            if notification.url
            else settings.PORTAL_BASE_URL + "/",
        }
        subject = render_to_string("portal/email/notification_subject.txt", context)
        body = render_to_string("portal/email/notification_body.txt", context)
    send_claimed(rows, claimed_at, subject=subject, body=body)


@shared_task(name="portal.requeue_pending_notification_emails")
def requeue_pending_notification_emails() -> int:
    """Queue again the e-mails still pending after a while (lost to a broker or worker outage)."""
    cutoff = timezone.now() - settings.NOTIFICATION_EMAIL_REQUEUE_AFTER
    pending = list(
        Notification.objects.filter(
            email_state=Notification.EmailState.PENDING, created_at__lt=cutoff
        ).values_list("pk", flat=True)[:1000]
    )
    for notification_id in pending:
        send_notification_email.delay(notification_id)
    return len(pending)


@shared_task(name="portal.send_email_digests")
def send_email_digests() -> int:
    """Queue one digest e-mail for each user with notices waiting for it (daily)."""
    recipients = list(
        Notification.objects.filter(email_state=Notification.EmailState.DIGEST)
        .values_list("recipient_id", flat=True)
        .distinct()
    )
    for recipient_id in recipients:
        send_email_digest.delay(recipient_id)
    return len(recipients)


@shared_task(
    name="portal.send_email_digest",
    autoretry_for=TRANSIENT_ERRORS,
    retry_backoff=60,
    retry_backoff_max=3600,
    retry_jitter=True,
    max_retries=8,
)
def send_email_digest(recipient_id: int) -> int:
    """Send one user the notices waiting for their digest in one e-mail; each notice once."""
    rows, claimed_at = claim_emails(
        Notification.objects.filter(
            recipient_id=recipient_id, email_state=Notification.EmailState.DIGEST
        )
    )
    if not rows:
        return 0  # sent already, or being sent by another worker
    recipient = rows[0].recipient
    if not (recipient.is_active and recipient.email):
        Notification.objects.filter(pk__in=[row.pk for row in rows]).update(
            email_state=Notification.EmailState.SKIPPED
        )
        return 0
    with translation.override(recipient.language):
        context = {
            "notifications": rows,
            "recipient": recipient,
            "base_url": settings.PORTAL_BASE_URL,
        }
        subject = render_to_string("portal/email/digest_subject.txt", context)
        body = render_to_string("portal/email/digest_body.txt", context)
    send_claimed(rows, claimed_at, subject=subject, body=body)
    return len(rows)


@shared_task(name="portal.purge_audit_log")
def purge_audit_log() -> int:
    """Delete the audit entries older than the retention setting (daily)."""
    return audit_purge()
