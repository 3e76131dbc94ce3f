"""Celery tasks of the portal app: notification e-mail."""

import logging
import smtplib

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.utils import timezone, translation

from portal.models import Notification

logger = logging.getLogger(__name__)

# Errors worth trying again: the mail server or the network (SMTPException is an OSError).
TRANSIENT_ERRORS = (smtplib.SMTPException, OSError)


@shared_task(
    name="portal.send_notification_email",
    autoretry_for=TRANSIENT_ERRORS,
    retry_backoff=30,
    retry_backoff_max=1800,
    retry_jitter=True,
    max_retries=8,
)
def send_notification_email(notification_id: int) -> None:
    """Send the e-mail copy of one notification, once, however often it is queued."""
    try:
        with transaction.atomic():
            notification = (
                Notification.objects.select_for_update(skip_locked=True)
                .select_related("recipient")
                .filter(pk=notification_id, email_state=Notification.EmailState.PENDING)
                .first()
            )
            if notification is None:
                return  # already sent, deleted, or being sent by another worker
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
            send_mail(
                " ".join(subject.split()),
                body,
                settings.DEFAULT_FROM_EMAIL,
                [recipient.email],
            )
            notification.email_state = Notification.EmailState.SENT
            notification.emailed_at = timezone.now()
            notification.email_attempts = F("email_attempts") + 1
            notification.save(update_fields=["email_state", "emailed_at", "email_attempts"])
    except TRANSIENT_ERRORS:
        Notification.objects.filter(pk=notification_id).update(
            email_attempts=F("email_attempts") + 1
        )
        gave_up = Notification.objects.filter(
            pk=notification_id,
            email_state=Notification.EmailState.PENDING,
            email_attempts__gte=settings.NOTIFICATION_EMAIL_MAX_ATTEMPTS,
        ).update(email_state=Notification.EmailState.FAILED)
        if gave_up:
            logger.error("Gave up the e-mail of notification %s", notification_id)
            return
        raise


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
    with transaction.atomic():
        notifications = list(
            Notification.objects.select_for_update(skip_locked=True)
            .select_related("recipient")
            .filter(recipient_id=recipient_id, email_state=Notification.EmailState.DIGEST)
            .order_by("created_at", "id")
        )
        if not notifications:
            return 0  # sent already, or being sent by another worker
        recipient = notifications[0].recipient
        if not (recipient.is_active and recipient.email):
            Notification.objects.filter(pk__in=[n.pk for n in notifications]).update(
                email_state=Notification.EmailState.SKIPPED
            )
            return 0
        with translation.override(recipient.language):
            context = {
                "notifications": notifications,
                "recipient": recipient,
                "base_url": settings.PORTAL_BASE_URL,
            }
            subject = render_to_string("portal/email/digest_subject.txt", context)
            body = render_to_string("portal/email/digest_body.txt", context)
        send_mail(" ".join(subject.split()), body, settings.DEFAULT_FROM_EMAIL, [recipient.email])
        Notification.objects.filter(pk__in=[n.pk for n in notifications]).update(
            email_state=Notification.EmailState.SENT,
            emailed_at=timezone.now(),
            email_attempts=F("email_attempts") + 1,
        )
    return len(notifications)
