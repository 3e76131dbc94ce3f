"""Celery tasks of joint campaigns: the report reminders."""

from celery import shared_task

from cooperation.campaigns import services


@shared_task(name="cooperation.send_campaign_reminders")
def send_campaign_reminders() -> int:
    """Daily: remind campaign participants of reports due within a week or late, once each."""
    return services.campaign_reminders_send()
