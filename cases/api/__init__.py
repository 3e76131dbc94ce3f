"""The API of assistance requests."""

from cases.api.restorations import RestorationViewSet
from cases.api.views import AssistanceRequestViewSet

__all__ = ["AssistanceRequestViewSet", "RestorationViewSet"]
