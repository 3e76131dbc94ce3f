from cases.api.consultations import ConsultationViewSet
from cases.api.restorations import RestorationViewSet
from cases.api.task_forces import TaskForceViewSet
from cases.api.views import AssistanceRequestViewSet

__all__ = [
    "AssistanceRequestViewSet",
    "ConsultationViewSet",
    "RestorationViewSet",
    "TaskForceViewSet",
]
