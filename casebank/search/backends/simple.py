"""Search without an index, for the embedded SQLite portal: `icontains` over the fields.

Good for the demo library of a few dozen cases; the deployed portal runs on PostgreSQL.
"""

from collections import Counter

from django.db.models import Q

from casebank.library.models import TypicalCase
from casebank.search.backends.base import FACETS, Criteria, Found, SearchBackend
from casebank.search.text import CaseText, fold, highlight_pattern

SEARCHED = ("title", "keywords", "key_points", "significance", "facts")
WEIGHT = {"A": 4, "B": 2, "C": 1}


def filtered(criteria: Criteria):
    cases = TypicalCase.objects.published()
    for term in criteria.terms:
        for piece in term.pieces:
            q = Q()
            for name in SEARCHED:
                q |= Q(**{f"{name}__icontains": piece})
            cases = cases.filter(q)
    for name in ("category", "province"):
        if getattr(criteria, name):
            cases = cases.filter(**{name: getattr(criteria, name)})
    if criteria.level:
        cases = cases.filter(source_procuratorate__level=criteria.level)
    if criteria.year:
        cases = cases.filter(decided_on__year=criteria.year)
    # JSON containment is not on SQLite: narrow by text, then check the lists in Python.
    if criteria.charge:
        cases = cases.filter(charges__icontains=criteria.charge)
    if criteria.keyword:
        cases = cases.filter(keywords__icontains=criteria.keyword)
    return cases


class SimpleBackend(SearchBackend):
    """Scans the published cases; fine for a demo library, not for a real one."""

    def index(self, case_ids):
        pass  # nothing to keep: every search reads the cases themselves

    def reindex(self, *, batch_size=1000):
        return TypicalCase.objects.published().count()

    def rows(self, criteria: Criteria) -> list[TypicalCase]:
        rows = list(filtered(criteria).select_related("source_procuratorate"))
        if criteria.charge:
            rows = [case for case in rows if criteria.charge in (case.charges or [])]
        if criteria.keyword:
            rows = [case for case in rows if criteria.keyword in (case.keywords or [])]
        return rows

    def find(self, criteria, *, sort, offset, limit, facets=True):
        rows = self.rows(criteria)
        rows.sort(key=lambda case: (case.decided_on, case.pk), reverse=True)
        if sort == "relevance" and criteria.terms:
            pattern = highlight_pattern(list(criteria.terms))
            rows.sort(key=lambda case: score(case, pattern), reverse=True)
        counts: dict[str, list[tuple[str, int]]] = {}
        if facets:
            tallies = {name: Counter() for name in FACETS}
            for case in rows:
                tallies["category"][case.category] += 1
                tallies["province"][case.province] += 1
                tallies["level"][case.source_procuratorate.level] += 1
                tallies["year"][str(case.decided_on.year)] += 1
                tallies["charge"].update(set(case.charges or []))
                tallies["keyword"].update(set(case.keywords or []))
            counts = {name: list(tally.items()) for name, tally in tallies.items()}
        page = [case.pk for case in rows[offset : offset + limit]]
        return Found(case_ids=page, total=len(rows), facets=counts)

    def matching(self, criteria, case_ids):
        return {case.pk for case in self.rows(criteria) if case.pk in set(case_ids)}


def score(case: TypicalCase, pattern) -> int:
    """How often the terms occur, weighted by field."""
    if pattern is None:
        return 0
    return sum(
        WEIGHT[weight] * len(pattern.findall(fold(text or "")))
        for weight, text in CaseText.of(case).fields
    )
