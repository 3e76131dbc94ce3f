"""Demo typical cases (fictional, marked as such) across every category and the six members.

The cases themselves are plain data, one module per part of the founding document
(`demo_cases_security` for §4, `demo_cases_safety` §5, `demo_cases_economy` §6,
`demo_cases_heritage` §7–9, `demo_cases_other` for supervision, public interest and juveniles).
They are written, submitted and published through the same services as real ones, so that they
are checked against the law, masked, numbered, indexed and announced like real ones. A draft,
one in review, a returned and a withdrawn case show every state.
"""

import datetime as dt

from casebank import (
    demo_cases_economy,
    demo_cases_heritage,
    demo_cases_other,
    demo_cases_safety,
    demo_cases_security,
)
from casebank.library import services
from casebank.library.models import TypicalCase
from portal.models import User

DEMO_KEYWORD = "演示案例（虚构）"
# Every demo case, in the order of the founding document's sections.
CASES = [
    *demo_cases_security.CASES,
    *demo_cases_safety.CASES,
    *demo_cases_economy.CASES,
    *demo_cases_heritage.CASES,
    *demo_cases_other.CASES,
    *demo_cases_other.UNPUBLISHED,
]
CASE_FIELDS = (
    "title", "key_points", "facts", "handling", "significance", "legal_provisions", "category",
)  # fmt: skip


def case_data(case: dict) -> dict:
    """The fields a submitter would type for this demo case."""
    return {
        **{field: case[field] for field in CASE_FIELDS},
        "keywords": [*case["keywords"], DEMO_KEYWORD],
        "charges": [],  # the defendants' charges are added by the service
        "decided_on": dt.date.fromisoformat(case["decided_on"]),
        "other_names": case.get("other_names", ""),
    }


def author_of(case: dict) -> User:
    """The provincial procuratorate's prosecutor, or the capital city's (`"by": "city"`)."""
    role = "city-prosecutor" if case.get("by") == "city" else "prosecutor"
    return User.objects.get(username=f"{case['province'].lower()}-{role}")


def load() -> str:
    """Create the demo cases once, oldest judgment first; a second run changes nothing."""
    if TypicalCase.objects.filter(created_by__email__endswith="@demo.invalid").exists():
        return f"{TypicalCase.objects.count()} typical cases (0 new)"
    reviewers = {}
    for case in sorted(CASES, key=lambda case: case["decided_on"]):
        author = author_of(case)
        reviewer = reviewers.setdefault(
            case["province"], User.objects.get(username=f"{case['province'].lower()}-liaison")
        )
        made = services.case_create(user=author, data=case_data(case), outcomes=case["outcomes"])
        state = case.get("state", "published")
        if state == "draft":
            continue
        services.case_submit(user=author, case=made, confirmed=True)
        if state == "submitted":
            continue
        if state == "returned":
            services.case_return(user=reviewer, case=made, comment=case["review_comment"])
            continue
        services.case_publish(user=reviewer, case=made)
        if state == "withdrawn":
            services.case_withdraw(user=reviewer, case=made, reason=case["withdrawal_reason"])
    return f"{TypicalCase.objects.count()} typical cases ({len(CASES)} new)"
