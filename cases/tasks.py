"""Celery tasks of case-handling cooperation: letters and the daily deadline job."""

import logging

from celery import shared_task
from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from cases import services
from cases.letters import letter_pdf
from cases.models import Letter

logger = logging.getLogger(__name__)


@shared_task(
    name="cases.render_letter",
    autoretry_for=(OSError,),
    retry_backoff=10,
    retry_backoff_max=600,
    max_retries=6,
)
def render_letter(letter_id: int) -> None:
    """Render and store a letter's PDF once; an issued letter is frozen and never redone."""
    with transaction.atomic():
        letter = (
            Letter.objects.select_for_update(skip_locked=True)
            .select_related("request", "issuer")
            .filter(pk=letter_id, state=Letter.State.PENDING)
            .first()
        )
        if letter is None:
            return  # issued already, deleted, or being rendered by another worker
        pdf = letter_pdf(letter)
        letter.file.save(
            f"{letter.kind}-{letter.request_id}-{letter.pk}.pdf", ContentFile(pdf), save=False
        )
        letter.state = Letter.State.ISSUED
        letter.issued_at = timezone.now()
        letter.save(update_fields=["file", "state", "issued_at"])


@shared_task(name="cases.requeue_pending_letters")
def requeue_pending_letters() -> int:
    """Queue again letters still pending after a while (lost to a broker or worker outage)."""
    cutoff = timezone.now() - settings.NOTIFICATION_EMAIL_REQUEUE_AFTER
    pending = list(
        Letter.objects.filter(state=Letter.State.PENDING, created_at__lt=cutoff).values_list(
            "pk", flat=True
        )[:500]
    )
    for letter_id in pending:
        render_letter.delay(letter_id)
    return len(pending)


@shared_task(name="cases.send_due_reminders")
def send_due_reminders() -> None:
    """Daily: remind handlers two days before the due date; flag overdue requests once."""
    reminded, overdue = services.send_due_reminders()
    logger.info("Due reminders: %s sent, %s overdue notices", reminded, overdue)
