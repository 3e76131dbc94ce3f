"""Celery tasks of joint task forces: the daily task reminders."""

import logging

from celery import shared_task

from cases.task_forces import services

logger = logging.getLogger(__name__)


@shared_task(name="cases.send_task_reminders")
def send_task_reminders() -> None:
    """Daily: remind the assignees of task-force tasks due in two days; flag overdue ones."""
    reminded, overdue = services.send_task_reminders()
    logger.info("Task reminders: %s sent, %s overdue notices", reminded, overdue)
