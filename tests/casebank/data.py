"""One way to write a typical case straight into any state, for tests that need many of them.

The lifecycle tests go through the services (`tests/casebank/cases.py`); the search, comparison,
lead and PDF tests build their cases here, each with their own default text.
"""

import itertools
from decimal import Decimal

from django.utils import timezone

from casebank.library.models import CaseStatus, DefendantOutcome, TypicalCase
from casebank.search.services import index_cases
from portal.models import Role
from tests.factories import UserFactory, member

_numbers = itertools.count(1)


def write_case(
    *, province: str, status: str, procuratorate=None, outcomes=(), index=False, **fields
) -> TypicalCase:
    """A case of `province` in `status`, coded when in the library, with its outcomes (dicts
    of DefendantOutcome fields) and, with `index`, indexed as the services index every save."""
    number = next(_numbers)
    source = procuratorate or member(province)
    published = status in (CaseStatus.PUBLISHED, CaseStatus.WITHDRAWN)
    withdrawn = status == CaseStatus.WITHDRAWN
    values = {
        "code": f"{source.province}-{fields['decided_on'].year}-{number:04d}"
        if published
        else None,
        "source_procuratorate": source,
        "province": source.province,
        "status": status,
        "version": 1 if published else 0,
        "created_by": UserFactory(
            username=f"t-{source.province.lower()}-author",
            procuratorate=member(source.province),
            roles=[Role.PROSECUTOR],
        ),
        "published_at": timezone.now() if published else None,
        "withdrawn_at": timezone.now() if withdrawn else None,
        "withdrawal_reason": "法律修改" if withdrawn else "",
        **fields,
    }
    case = TypicalCase.objects.create(**values)
    for position, outcome in enumerate(outcomes):
        row = {"defendant": f"被告{position}", **outcome}
        if row.get("fine_yuan") is not None:
            row["fine_yuan"] = Decimal(row["fine_yuan"])
        DefendantOutcome.objects.create(case=case, position=position, **row)
    if index:
        index_cases([case.pk])
    return case
