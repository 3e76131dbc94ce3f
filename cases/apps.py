from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "cases"
    verbose_name = _("Case-handling cooperation")

    def ready(self):
        from cases import api
        from portal.registry import register_api

        register_api("requests", api.AssistanceRequestViewSet, "request")
        register_api("task-forces", api.TaskForceViewSet, "task-force")
        register_api("consultations", api.ConsultationViewSet, "consultation")
        register_api("restorations", api.RestorationViewSet, "restoration")
        from cases.grants import register_grantables  # who may share what, read only

        register_grantables()
