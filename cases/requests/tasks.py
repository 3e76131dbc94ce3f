"""Celery tasks of case-handling cooperation: letters, decision records and the daily
deadline jobs."""

import logging

from celery import shared_task

from cases import services
from cases.letters import decision_record_pdf, letter_pdf
from cases.models import DecisionRecord, Letter
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


@shared_task(name="cases.notify_overdue_measures")
def notify_overdue_measures() -> int:
    """Daily: tell both sides of each restoration measure past its deadline, once."""
    return services.restoration_overdue_notify()


@shared_task(
    name="cases.render_decision_record",
    autoretry_for=TRANSIENT_ERRORS,
    retry_backoff=10,
    retry_backoff_max=600,
    max_retries=6,
)
def render_decision_record(record_id: int) -> None:
    """Render and store a consultation's decision record once; an issued one is frozen."""
    issue_pdf_once(
        DecisionRecord.objects.select_related("consultation", "issuer"),
        record_id,
        render=decision_record_pdf,
        filename=lambda record: f"consultation-{record.consultation_id}.pdf",
    )


@shared_task(name="cases.requeue_pending_decision_records")
def requeue_pending_decision_records() -> int:
    """Queue again decision records still pending after a while."""
    return requeue_pending_pdfs(DecisionRecord.objects.all(), render_decision_record)


@shared_task(name="cases.send_task_reminders")
def send_task_reminders() -> None:
    """Daily: remind the assignees of task-force tasks due in two days; flag overdue ones."""
    reminded, overdue = services.send_task_reminders()
    logger.info("Task reminders: %s sent, %s overdue notices", reminded, overdue)


@shared_task(name="cases.send_consultation_reminders")
def send_consultation_reminders() -> None:
    """Daily: remind the parties two days before a consultation's deadline; flag overdue ones."""
    reminded, overdue = services.send_consultation_reminders()
    logger.info("Consultation reminders: %s sent, %s overdue notices", reminded, overdue)
