"""Search of the typical-case library: the one place that knows how cases are found.

Everything else (pages, API, CSV export, saved-search alerts, the case lifecycle) calls these
functions; which engine answers is the backend's business: PostgreSQL's text search here
(`backends.postgres`), a scan for the embedded SQLite portal (`backends.simple`), and a search
engine such as OpenSearch with a Chinese analyzer later, behind the same `SearchBackend`.

Only published cases are searched (the shared library, open to all six), and every hit is
loaded through `case_policy.visible(user)`, so a draft can never reach a result.
"""

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache

from django.core.exceptions import ValidationError
from django.db import connection
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from casebank.library.models import TypicalCase
from casebank.library.permissions import case_policy
from casebank.search.backends.base import FACETS, SORTS, Criteria, SearchBackend
from casebank.search.text import highlight, highlight_pattern, parse_terms, snippet
from portal.models import CaseCategory, Procuratorate, Province, User

PER_PAGE = 20
MAX_PER_PAGE = 100
# Deeper than this nobody reads: refine the query instead (keeps OFFSET cheap).
MAX_RESULTS = 10_000
FACET_VALUES = 15
FILTERS = ("category", "charge", "province", "level", "year", "keyword")
FACET_LABELS = {
    "category": _("Category"),
    "charge": _("Charge"),
    "province": _("Province"),
    "level": _("Procuratorate level"),
    "year": _("Year"),
    "keyword": _("Keyword"),
}
CHOICE_LABELS = {
    "category": dict(CaseCategory.choices),
    "province": dict(Province.choices),
    "level": dict(Procuratorate.Level.choices),
}


@cache
def backend_for(vendor: str) -> SearchBackend:
    if vendor == "postgresql":
        from casebank.search.backends.postgres import PostgresBackend

        return PostgresBackend()
    from casebank.search.backends.simple import SimpleBackend

    return SimpleBackend()


def backend() -> SearchBackend:
    """The backend answering for the database in use."""
    return backend_for(connection.vendor)


@dataclass
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool


@dataclass
class Facet:
    name: str
    label: str
    values: list[FacetValue]


@dataclass
class Hit:
    """One case found, with its title and a passage highlighted (HTML-escaped, <mark>)."""

    case: TypicalCase
    title: SafeString
    snippet: SafeString

    @property
    def url(self) -> str:
        return case_url(self.case)


@dataclass
class SearchResults:
    """One page of a search: hits best first, the total, facet counts, and where we are."""

    hits: list[Hit]
    total: int
    facets: list[Facet]
    page: int
    per_page: int
    query: str = ""
    within: str = ""
    sort: str = "relevance"
    filters: dict = field(default_factory=dict)

    @property
    def num_pages(self) -> int:
        return max(1, math.ceil(min(self.total, MAX_RESULTS) / self.per_page))

    @property
    def has_previous(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.num_pages

    @property
    def start_index(self) -> int:
        return (self.page - 1) * self.per_page + 1 if self.hits else 0

    @property
    def end_index(self) -> int:
        return self.start_index + len(self.hits) - 1 if self.hits else 0


def clean_filters(filters: Mapping | None) -> dict:
    """The filters as the backends take them; a value that cannot be is refused, named."""
    cleaned, errors = {}, {}
    for name in FILTERS:
        value = (filters or {}).get(name)
        if value in (None, ""):
            continue
        value = str(value).strip()
        if name in CHOICE_LABELS and value not in CHOICE_LABELS[name]:
            errors[name] = _("“%(value)s” is not one of the choices.") % {"value": value}
        elif name == "year":
            if not value.isdigit() or not 1949 <= int(value) <= 2100:
                errors[name] = _("Enter a year such as 2024.")
            else:
                cleaned[name] = int(value)
        elif len(value) > 100:
            errors[name] = _("At most 100 characters.")
        elif value:
            cleaned[name] = value
    if errors:
        raise ValidationError(errors)
    return cleaned


def criteria_for(*, query: str = "", within: str = "", filters: Mapping | None = None) -> Criteria:
    """The backend's criteria for a query, a query within its results, and filters."""
    return Criteria(terms=tuple(parse_terms(query, within)), **clean_filters(filters))


def search_cases(
    *,
    user: User,
    query: str = "",
    filters: Mapping | None = None,
    within: str = "",
    sort: str = "relevance",
    page: int = 1,
    per_page: int = PER_PAGE,
    facets: bool = True,
    snippets: bool = True,
    max_per_page: int = MAX_PER_PAGE,
) -> SearchResults:
    """Search the library: every term of `query` and of `within` must be found and every
    filter hold; ranked by relevance (or newest decision first), one page with the total and
    facet counts. Bad filters or sort raise ValidationError naming the field."""
    if sort not in SORTS:
        raise ValidationError({"sort": _("Sort by relevance or by date.")})
    criteria = criteria_for(query=query, within=within, filters=filters)
    per_page = max(1, min(int(per_page), max_per_page))
    max_page = math.ceil(MAX_RESULTS / per_page)
    page = max(1, min(int(page or 1), max_page))
    results = SearchResults(
        hits=[],
        total=0,
        facets=[],
        page=page,
        per_page=per_page,
        query=query,
        within=within,
        sort=sort,
        filters=criteria.filters,
    )
    if not case_policy.allows(user, "view"):
        return results
    engine = backend()
    found = engine.find(
        criteria, sort=sort, offset=(page - 1) * per_page, limit=per_page, facets=facets
    )
    if not found.case_ids and found.total and page > 1:
        # Past the last page: show the last one.
        page = math.ceil(min(found.total, MAX_RESULTS) / per_page)
        found = engine.find(
            criteria, sort=sort, offset=(page - 1) * per_page, limit=per_page, facets=facets
        )
        results.page = page
    results.total = found.total
    results.facets = facet_list(found.facets, criteria.filters)
    cases = library_cases(user, found.case_ids)
    pattern = highlight_pattern(list(criteria.terms)) if snippets else None
    for pk in found.case_ids:
        case = cases.get(pk)
        if case is None:
            continue  # not (or no longer) published: never shown
        if snippets:
            title = highlight(case.title, pattern)
            passage = snippet([case.key_points, case.facts, case.significance], pattern)
        else:
            title = passage = SafeString("")
        results.hits.append(Hit(case=case, title=title, snippet=passage))
    return results


def library_cases(user: User, case_ids: list[int]) -> dict[int, TypicalCase]:
    """The published cases of these ids that the user may see, by id (one query)."""
    if not case_ids:
        return {}
    cases = (
        case_policy.visible(user)
        .published()
        .filter(pk__in=case_ids)
        .select_related("source_procuratorate")
    )
    return {case.pk: case for case in cases}


def facet_list(counts: dict[str, list[tuple[str, int]]], selected: dict) -> list[Facet]:
    """The facets with labels, most frequent first (years newest first), the chosen marked."""
    facets = []
    for name in FACETS:
        values = counts.get(name) or []
        if name == "year":
            values = sorted(values, key=lambda item: item[0], reverse=True)
        else:
            values = sorted(values, key=lambda item: (-item[1], item[0]))[:FACET_VALUES]
        labels = CHOICE_LABELS.get(name, {})
        facets.append(
            Facet(
                name=name,
                label=FACET_LABELS[name],
                values=[
                    FacetValue(
                        value=str(value),
                        label=str(labels.get(value, value)),
                        count=count,
                        selected=str(selected.get(name, "")) == str(value),
                    )
                    for value, count in values
                ],
            )
        )
    return facets


def case_url(case: TypicalCase) -> str:
    """The page of a case."""
    return case.get_absolute_url()


def matching_case_ids(
    *, user: User, query: str, filters: Mapping | None, case_ids: Iterable[int]
) -> set[int]:
    """Which of these cases a saved query finds for this user (for alerts)."""
    case_ids = list(case_ids)
    if not case_ids or not case_policy.allows(user, "view"):
        return set()
    found = backend().matching(criteria_for(query=query, filters=filters), case_ids)
    return set(library_cases(user, sorted(found)))
