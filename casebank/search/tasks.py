"""Celery tasks of search: saved-search alerts. They take ids, re-fetch, and call the services."""

from celery import shared_task

from casebank.search import services
from casebank.search.models import SavedSearch
from portal.tasks import TRANSIENT_ERRORS


@shared_task(name="casebank.saved_searches_case_published")
def saved_searches_case_published(case_id: int) -> int:
    """A case was published: record it for the saved searches it meets and send the immediate
    ones. Queued after the publishing transaction commits; running it twice sends nothing more."""
    met = services.saved_searches_record_matches(case_id=case_id)
    immediate = services.saved_searches_due(rate=SavedSearch.Rate.IMMEDIATELY)
    for saved_search_id in sorted(set(met) & set(immediate)):
        send_saved_search_alert.delay(saved_search_id)
    return len(met)


@shared_task(
    name="casebank.send_saved_search_alert",
    autoretry_for=TRANSIENT_ERRORS,
    retry_backoff=30,
    retry_backoff_max=1800,
    retry_jitter=True,
    max_retries=8,
)
def send_saved_search_alert(saved_search_id: int) -> int:
    """Mail one saved search's unsent matches (nothing if there are none, or it was deleted)."""
    return services.saved_search_send_alert(saved_search_id=saved_search_id)


@shared_task(name="casebank.send_saved_search_digests")
def send_saved_search_digests(rate: str) -> int:
    """The daily or weekly run: queue the alert of every search of that rate with news."""
    due = services.saved_searches_due(rate=rate)
    for saved_search_id in due:
        send_saved_search_alert.delay(saved_search_id)
    return len(due)
