"""Celery tasks of jurisdiction consultations: decision records, referrals (请示) and the daily
deadline reminders."""

import logging

from celery import shared_task

from cases.consultations import services
from cases.consultations.letters import decision_record_pdf, referral_pdf
from cases.consultations.models import DecisionRecord, ReferralDocument
from portal.pdf import issue_pdf_once, requeue_pending_pdfs
from portal.tasks import TRANSIENT_ERRORS

logger = logging.getLogger(__name__)


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


@shared_task(
    name="cases.render_referral_document",
    autoretry_for=TRANSIENT_ERRORS,
    retry_backoff=10,
    retry_backoff_max=600,
    max_retries=6,
)
def render_referral_document(document_id: int) -> None:
    """Render and store an issued 请示 once; an issued one is frozen."""
    issue_pdf_once(
        ReferralDocument.objects.select_related(
            "referral__consultation", "referral__drafted_by", "issuer", "signed_off_by"
        ),
        document_id,
        render=referral_pdf,
        filename=lambda document: f"referral-{document.referral.consultation_id}.pdf",
    )


@shared_task(name="cases.requeue_pending_referral_documents")
def requeue_pending_referral_documents() -> int:
    """Queue again referrals still pending after a while."""
    return requeue_pending_pdfs(ReferralDocument.objects.all(), render_referral_document)


@shared_task(name="cases.send_consultation_reminders")
def send_consultation_reminders() -> None:
    """Daily: remind the parties two days before a consultation's deadline; flag overdue ones."""
    reminded, overdue = services.send_consultation_reminders()
    logger.info("Consultation reminders: %s sent, %s overdue notices", reminded, overdue)
