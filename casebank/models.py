"""The typical-case library: every sub-domain's models, gathered so that Django finds them."""

from casebank.leads.models import (
    CaseLead,
    CaseLeadGroupObjectPermission,
    CaseLeadUserObjectPermission,
)
from casebank.library.models import (
    LIBRARY_STATES,
    CaseAttachment,
    CaseEvent,
    CaseStatus,
    CaseVersion,
    DefendantOutcome,
    SentenceType,
    TypicalCase,
)
from casebank.search.models import CaseFacetSet, CaseSearchEntry, SavedSearch, SavedSearchMatch

__all__ = [
    "LIBRARY_STATES",
    "CaseAttachment",
    "CaseEvent",
    "CaseFacetSet",
    "CaseLead",
    "CaseLeadGroupObjectPermission",
    "CaseLeadUserObjectPermission",
    "CaseSearchEntry",
    "CaseStatus",
    "CaseVersion",
    "DefendantOutcome",
    "SavedSearch",
    "SavedSearchMatch",
    "SentenceType",
    "TypicalCase",
]
