"""Celery tasks of the chair handover: the daily run that opens a new term on its date."""

import logging

from celery import shared_task

from cooperation.handover import services

logger = logging.getLogger(__name__)


@shared_task(name="cooperation.chair_handover")
def chair_handover() -> None:
    """Daily: open the new chair term on the handover date (nothing happens on other days)."""
    term = services.chair_handover()
    if term:
        logger.info("Chair of %s handed over to %s", term.year, term.province)
