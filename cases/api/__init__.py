"""The API of case-handling cooperation: requests, task forces, consultations."""

from cases.api.consultations import ConsultationViewSet
from cases.api.task_forces import TaskForceViewSet
from cases.api.views import AssistanceRequestViewSet

__all__ = ["AssistanceRequestViewSet", "ConsultationViewSet", "TaskForceViewSet"]
