"""The API of the typical-case library."""

from casebank.api.views import TypicalCaseViewSet

__all__ = ["TypicalCaseViewSet"]
