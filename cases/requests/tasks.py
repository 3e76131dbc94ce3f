"""Celery tasks of assistance requests: letters and the daily deadline job."""

import logging

from celery import shared_task

from cases.requests import services
from cases.requests.letters import letter_pdf
from cases.requests.models import Letter
from portal.pdf import issue_pdf_once, requeue_pending_pdfs
from portal.tasks import TRANSIENT_ERRORS

logger = logging.getLogger(__name__)


@shared_task(
    name="cases.render_letter",
    autoretry_for=TRANSIENT_ERRORS,
    retry_backoff=10,
    retry_backoff_max=600,
    max_retries=6,
)
def render_letter(letter_id: int) -> None:
    """Render and store a letter's PDF once; an issued letter is frozen and never redone."""
    issue_pdf_once(
        Letter.objects.select_related("request", "issuer"),
        letter_id,
        render=letter_pdf,
        filename=lambda letter: f"{letter.kind}-{letter.request_id}-{letter.pk}.pdf",
    )


@shared_task(name="cases.requeue_pending_letters")
def requeue_pending_letters() -> int:
    """Queue again letters still pending after a while (lost to a broker or worker outage)."""
    return requeue_pending_pdfs(Letter.objects.all(), render_letter)


@shared_task(name="cases.send_due_reminders")
def send_due_reminders() -> None:
    """Daily: remind handlers two days before the due date; flag overdue requests once."""
    reminded, overdue = services.send_due_reminders()
    logger.info("Due reminders: %s sent, %s overdue notices", reminded, overdue)
