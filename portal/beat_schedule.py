"""What Celery beat runs, and when (Beijing time): the re-queueing of pending work, reminders,
handovers, digests and the audit log's retention."""

from datetime import timedelta

from celery.schedules import crontab

BEAT_SCHEDULE = {
    "requeue-pending-notification-emails": {
        "task": "portal.requeue_pending_notification_emails",
        "schedule": timedelta(minutes=10),
    },
    "requeue-pending-letters": {
        "task": "cases.requeue_pending_letters",
        "schedule": timedelta(minutes=10),
    },
    "request-due-reminders": {
        "task": "cases.send_due_reminders",
        "schedule": crontab(hour=8, minute=0),
    },
    "requeue-pending-decision-records": {
        "task": "cases.requeue_pending_decision_records",
        "schedule": timedelta(minutes=10),
    },
    "requeue-pending-referral-documents": {
        "task": "cases.requeue_pending_referral_documents",
        "schedule": timedelta(minutes=10),
    },
    "consultation-due-reminders": {
        "task": "cases.send_consultation_reminders",
        "schedule": crontab(hour=8, minute=5),
    },
    "task-force-task-reminders": {
        "task": "cases.send_task_reminders",
        "schedule": crontab(hour=8, minute=10),
    },
    "chair-handover": {
        "task": "cooperation.chair_handover",
        "schedule": crontab(hour=0, minute=5),
    },
    "meeting-reminders": {
        "task": "cooperation.send_meeting_reminders",
        "schedule": crontab(minute=15),
    },
    "email-digests": {
        "task": "portal.send_email_digests",
        "schedule": crontab(hour=18, minute=0),
    },
    "restoration-overdue-measures": {
        "task": "cases.notify_overdue_measures",
        "schedule": crontab(hour=8, minute=10),
    },
    "campaign-report-reminders": {
        "task": "cooperation.send_campaign_reminders",
        "schedule": crontab(hour=8, minute=30),
    },
    "requeue-pending-notices": {
        "task": "cooperation.requeue_pending_notices",
        "schedule": timedelta(minutes=10),
    },
    "purge-audit-log": {
        "task": "portal.purge_audit_log",
        "schedule": crontab(hour=3, minute=20),
    },
    "saved-search-daily-digest": {
        "task": "casebank.send_saved_search_digests",
        "schedule": crontab(hour=7, minute=0),
        "args": ["daily"],
    },
    "saved-search-weekly-digest": {
        "task": "casebank.send_saved_search_digests",
        "schedule": crontab(day_of_week=1, hour=7, minute=30),
        "args": ["weekly"],
    },
}
