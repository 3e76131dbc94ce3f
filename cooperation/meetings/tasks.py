"""Celery tasks of joint meetings: reminders and meeting notices."""

import logging

from celery import shared_task

from cooperation.meetings import services
from cooperation.meetings.letters import notice_pdf
from cooperation.meetings.models import MeetingNotice
from portal.pdf import issue_pdf_once, requeue_pending_pdfs
from portal.tasks import TRANSIENT_ERRORS

logger = logging.getLogger(__name__)


@shared_task(name="cooperation.send_meeting_reminders")
def send_meeting_reminders() -> int:
    """Hourly: remind the members of upcoming meetings at the configured offsets, once each."""
    return services.meeting_reminders_send()


@shared_task(
    name="cooperation.render_notice",
    autoretry_for=TRANSIENT_ERRORS,
    retry_backoff=10,
    retry_backoff_max=600,
    max_retries=6,
)
def render_notice(notice_id: int) -> None:
    """Render and store a meeting notice once; an issued notice is frozen."""
    issue_pdf_once(
        MeetingNotice.objects.select_related("meeting"),
        notice_id,
        render=notice_pdf,
        filename=lambda notice: f"notice-{notice.meeting_id}.pdf",
    )


@shared_task(name="cooperation.requeue_pending_notices")
def requeue_pending_notices() -> int:
    """Queue again the notices still pending after a while."""
    return requeue_pending_pdfs(MeetingNotice.objects.all(), render_notice)
