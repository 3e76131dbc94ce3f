from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "cases"
    verbose_name = _("Case-handling cooperation")
    # One package each, with the same modules; Celery finds each one's tasks.py.
    subdomains = ("requests", "task_forces", "consultations", "restorations")

    def ready(self):
        from cases.consultations.api import ConsultationViewSet
        from cases.consultations.selectors import (
            decision_records_verifiable,
            decisions_awaiting_signoff,
            referral_documents_verifiable,
        )
        from cases.requests.api import AssistanceRequestViewSet
        from cases.requests.models import AssistanceRequest
        from cases.requests.permissions import may_share_request
        from cases.requests.selectors import letters_awaiting_signoff, letters_verifiable
        from cases.requests.services import register_next_number
        from cases.requests.views import DETAIL_EXTRAS
        from cases.restorations.api import RestorationViewSet
        from cases.restorations.permissions import may_open_restoration
        from cases.task_forces.api import TaskForceViewSet
        from cases.task_forces.models import TaskForce
        from cases.task_forces.permissions import may_share_task_force
        from cases.task_forces.selectors import visible_task_force
        from portal.registry import (
            register_api,
            register_document_numbers,
            register_grantable,
            register_issued_documents,
            register_signoff_inbox,
        )

        register_api("requests", AssistanceRequestViewSet, "request")
        register_api("task-forces", TaskForceViewSet, "task-force")
        register_api("consultations", ConsultationViewSet, "consultation")
        register_api("restorations", RestorationViewSet, "restoration")
        # The request page names what was built on the request; requests import neither.
        DETAIL_EXTRAS["may_open_restoration"] = may_open_restoration
        DETAIL_EXTRAS["task_force"] = visible_task_force
        # Who may let one more person read a request or a task force (`portal.grants`).
        register_grantable(AssistanceRequest, may_grant=may_share_request)
        register_grantable(TaskForce, may_grant=may_share_task_force)
        # The verification page finds their issued documents (`portal.verification`).
        register_issued_documents(letters_verifiable)
        register_issued_documents(decision_records_verifiable)
        # The 待我审核/签发 page lists their letters and decisions awaiting the user.
        register_signoff_inbox(letters_awaiting_signoff)
        register_signoff_inbox(decisions_awaiting_signoff)

        register_issued_documents(referral_documents_verifiable)
        # Every procuratorate's registers number the documents of other apps too (notices).
        register_document_numbers(register_next_number)
