"""Celery tasks of ecological restoration: the daily overdue-measure notices."""

from celery import shared_task

from cases.restorations import services


@shared_task(name="cases.notify_overdue_measures")
def notify_overdue_measures() -> int:
    """Daily: tell both sides of each restoration measure past its deadline, once."""
    return services.restoration_overdue_notify()
