"""Models of the shared typical-case library, one module per sub-domain."""

from casebank.models.cases import (
    LIBRARY_STATES,
    CaseAttachment,
    CaseEvent,
    CaseStatus,
    CaseVersion,
    DefendantOutcome,
    SentenceType,
    TypicalCase,
)
from casebank.models.leads import (
    CaseLead,
    CaseLeadGroupObjectPermission,
    CaseLeadUserObjectPermission,
)
from casebank.models.search_index import CaseFacetSet, CaseSearchEntry
from casebank.models.searches import SavedSearch, SavedSearchMatch

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
