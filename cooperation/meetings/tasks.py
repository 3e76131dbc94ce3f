"""Celery tasks of joint meetings: reminders and meeting notices."""

import logging

from celery import shared_task
from django.utils import timezone, translation

from cooperation.meetings import services
from cooperation.meetings.models import MeetingNotice
from portal.models import Procuratorate
from portal.pdf import issue_pdf_once, render_pdf, requeue_pending_pdfs, seal_context
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


def notice_pdf(notice: MeetingNotice) -> bytes:
    """The meeting notice (会议通知) as PDF, in Chinese as every official document."""
    meeting = notice.meeting
    chair = Procuratorate.objects.get(code=meeting.host)
    with translation.override("zh-hans"):
        invited = [
            invitation.procuratorate.name_zh
            for invitation in meeting.invitations.select_related("procuratorate")
            if invitation.procuratorate_id != chair.pk
        ]
        return render_pdf(
            "cooperation/letters/notice.html",
            {
                "meeting": meeting,
                "agenda": list(meeting.agenda.select_related("presenter")),
                "issuer": chair.name_zh,
                "doc_number": notice.number,
                "title": f"关于召开{meeting}的通知",
                "addressee": "、".join(invited),
                "signature": chair.name_zh,
                "date": timezone.localtime(notice.created_at).date(),
                "starts_at": timezone.localtime(meeting.starts_at),
                "ends_at": timezone.localtime(meeting.ends_at),
                **seal_context(chair),
            },
        )
