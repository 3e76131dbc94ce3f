"""Every write of search: the index kept current for a case (`index_cases`) or rebuilt
(`reindex`); and saved searches, the matching of newly published cases, and the alert mails.

A researcher keeps a query and its filters with a rate (immediately, daily, weekly, off).
When a case is published, the searches it matches get a `SavedSearchMatch` row (unique per
search and case: a case is never sent twice); the alert mail of a search lists its unsent
matches and marks them sent in the same transaction. Each mail carries a link, signed with
the secret key, that turns the search's alerts off without signing in.
"""

import logging
from collections.abc import Iterable, Mapping

from django.conf import settings
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from casebank.library.models import CaseStatus, TypicalCase
from casebank.library.permissions import case_policy
from casebank.search.models import SavedSearch, SavedSearchMatch
from casebank.search.selectors import backend, case_url, clean_filters, matching_case_ids
from portal.models import User

logger = logging.getLogger(__name__)

MAX_SAVED_SEARCHES = 50
# A mail lists at most this many cases; the rest are a click away in the search itself.
MAX_CASES_PER_MAIL = 50
UNSUBSCRIBE_SALT = "casebank.saved-search.unsubscribe"


def saved_search_create(
    *, user: User, name: str, query: str, filters: Mapping | None, rate: str
) -> SavedSearch:
    """Keep a query and its filters for the user, with how often new matches are sent."""
    if not case_policy.allows(user, "view"):
        raise PermissionDenied(_("You may not search the case library."))
    query = " ".join((query or "").split())
    filters = {key: value for key, value in clean_filters(filters).items()}
    errors = {}
    if not query and not filters:
        errors["query"] = _("Enter words to search for or choose a filter before saving.")
    if len(query) > SavedSearch._meta.get_field("query").max_length:
        errors["query"] = _("The query is too long to save: shorten it.")
    if rate not in SavedSearch.Rate.values:
        errors["rate"] = _("Choose how often to be alerted.")
    name = (name or "").strip() or query or _("My search")
    if SavedSearch.objects.filter(user=user).count() >= MAX_SAVED_SEARCHES:
        errors["name"] = _(
            "You already keep %(count)d saved searches: delete one before saving another."
        ) % {"count": MAX_SAVED_SEARCHES}
    if errors:
        raise ValidationError(errors)
    return SavedSearch.objects.create(
        user=user, name=name[:100], query=query, filters=filters, rate=rate
    )


@transaction.atomic
def saved_search_update(
    *, user: User, saved_search: SavedSearch, name: str | None = None, rate: str | None = None
) -> SavedSearch:
    """Rename one of the user's saved searches or change its rate."""
    saved_search = SavedSearch.objects.select_for_update().get(pk=saved_search.pk, user=user)
    if rate is not None:
        if rate not in SavedSearch.Rate.values:
            raise ValidationError({"rate": _("Choose how often to be alerted.")})
        saved_search.rate = rate
    if name is not None:
        if not name.strip():
            raise ValidationError({"name": _("Give the search a name.")})
        saved_search.name = name.strip()[:100]
    saved_search.save(update_fields=["rate", "name"])
    return saved_search


def saved_search_delete(*, user: User, saved_search: SavedSearch) -> None:
    """Forget one of the user's saved searches (and what was sent for it)."""
    SavedSearch.objects.filter(pk=saved_search.pk, user=user).delete()


def unsubscribe_token(saved_search: SavedSearch) -> str:
    """The signed token of a search's unsubscribe link (valid as long as the secret key)."""
    return signing.dumps(
        {"search": saved_search.pk, "user": saved_search.user_id}, salt=UNSUBSCRIBE_SALT
    )


def unsubscribe_url(saved_search: SavedSearch) -> str:
    path = reverse("casebank:saved-search-unsubscribe", args=[unsubscribe_token(saved_search)])
    return f"{settings.PORTAL_BASE_URL}{path}"


def saved_search_of_link(*, token: str, lock: bool = False) -> SavedSearch:
    """The search a signed unsubscribe link names; a bad link is a translated error."""
    searches = SavedSearch.objects.select_for_update() if lock else SavedSearch.objects
    try:
        data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
        saved_search = searches.filter(pk=data["search"], user_id=data["user"]).first()
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        saved_search = None
    if saved_search is None:
        raise ValidationError(
            _(
                "This unsubscribe link is not valid (it may be incomplete, or the search was "
                "deleted). Sign in and change the alerts under Saved searches."
            ),
            code="bad_link",
        )
    return saved_search


@transaction.atomic
def saved_search_unsubscribe(*, token: str) -> SavedSearch:
    """Turn off the alerts of the search a signed link names; a bad link changes nothing."""
    saved_search = saved_search_of_link(token=token, lock=True)
    if saved_search.rate != SavedSearch.Rate.OFF:
        saved_search.rate = SavedSearch.Rate.OFF
        saved_search.save(update_fields=["rate"])
    return saved_search


def saved_searches_record_matches(*, case_id: int) -> list[int]:
    """Record the published case as a match of every saved search (with alerts on) it meets;
    returns the ids of the searches it meets. Recording twice adds nothing."""
    if not TypicalCase.objects.published().filter(pk=case_id).exists():
        return []
    met = []
    searches = (
        SavedSearch.objects.exclude(rate=SavedSearch.Rate.OFF)
        .filter(user__is_active=True)
        .select_related("user__procuratorate")
        .order_by("pk")
    )
    for saved_search in searches.iterator(chunk_size=500):
        try:
            found = matching_case_ids(
                user=saved_search.user,
                query=saved_search.query,
                filters=saved_search.filters,
                case_ids=[case_id],
            )
        except ValidationError:
            logger.warning("Saved search %s has filters no longer valid", saved_search.pk)
            continue
        if found:
            met.append(saved_search.pk)
    SavedSearchMatch.objects.bulk_create(
        [SavedSearchMatch(saved_search_id=pk, case_id=case_id) for pk in met],
        ignore_conflicts=True,
    )
    return met


def saved_search_send_alert(*, saved_search_id: int) -> int:
    """Mail the user the unsent matches of one saved search, once; returns how many were sent.

    The matches are marked sent in the transaction that sends the mail: if the mail fails the
    marks roll back and the task tries again; a search being sent by another worker is skipped.
    """
    with transaction.atomic():
        saved_search = (
            SavedSearch.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("user")
            .filter(pk=saved_search_id)
            .first()
        )
        if saved_search is None or saved_search.rate == SavedSearch.Rate.OFF:
            return 0
        matches = list(
            saved_search.matches.filter(sent_at=None)
            .select_related("case")
            .order_by("found_at", "pk")[:MAX_CASES_PER_MAIL]
        )
        if not matches:
            return 0
        # A case withdrawn or sealed since it was found is not announced any more.
        cases = [
            match.case
            for match in matches
            if match.case.in_library and match.case.status == CaseStatus.PUBLISHED
        ]
        user = saved_search.user
        if cases and user.is_active and user.email:
            send_alert_mail(saved_search, cases)
        now = timezone.now()
        SavedSearchMatch.objects.filter(pk__in=[match.pk for match in matches]).update(sent_at=now)
        saved_search.last_sent_at = now
        saved_search.save(update_fields=["last_sent_at"])
        return len(cases)


def send_alert_mail(saved_search: SavedSearch, cases: list[TypicalCase]) -> None:
    """The alert mail of one saved search, in the user's language, with its unsubscribe link."""
    user = saved_search.user
    link = unsubscribe_url(saved_search)
    base = settings.PORTAL_BASE_URL
    with translation.override(user.language):
        context = {
            "saved_search": saved_search,
            "user": user,
            "cases": [(case, f"{base}{case_url(case)}") for case in cases],
            "search_link": (
                f"{base}{reverse('casebank:search')}?{saved_search_params(saved_search)}"
            ),
            "saved_searches_link": f"{base}{reverse('casebank:saved-search-list')}",
            "unsubscribe_link": link,
        }
        subject = render_to_string("casebank/email/saved_search_subject.txt", context)
        body = render_to_string("casebank/email/saved_search_body.txt", context)
    EmailMessage(
        " ".join(subject.split()),
        body,
        settings.DEFAULT_FROM_EMAIL,
        [user.email],
        headers={
            "List-Unsubscribe": f"<{link}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    ).send()


def saved_search_params(saved_search: SavedSearch) -> str:
    """The saved query and filters as the search page's query string."""
    from urllib.parse import urlencode

    return urlencode({"q": saved_search.query, **saved_search.filters})


def saved_searches_due(*, rate: str) -> list[int]:
    """Ids of the searches of this rate with matches still unsent (the daily run also takes
    immediate ones whose mail was lost)."""
    rates = [rate]
    if rate == SavedSearch.Rate.DAILY:
        rates.append(SavedSearch.Rate.IMMEDIATELY)
    return list(
        SavedSearch.objects.filter(rate__in=rates, matches__sent_at=None)
        .order_by("pk")
        .values_list("pk", flat=True)
        .distinct()
    )


# The index.


def index_cases(case_ids: Iterable[int]) -> None:
    """Bring the search index up to date for these cases (called in the saving transaction):
    published ones are (re)indexed, any other state removes them from the index."""
    backend().index([int(pk) for pk in case_ids])


def reindex() -> int:
    """Rebuild the whole index from the published cases; returns how many it holds."""
    return backend().reindex()
