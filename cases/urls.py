from django.urls import path

from cases.consultations import views as consultations
from cases.requests import views as requests
from cases.task_forces import views as task_forces

app_name = "cases"

urlpatterns = [
    path("requests/", requests.request_index, name="request-index"),
    path("requests/new/", requests.request_new, name="request-new"),
    path("requests/new/<str:request_type>/", requests.request_form_view, name="request-create"),
    path("requests/<int:pk>/", requests.request_detail_view, name="request-detail"),
    path("requests/<int:pk>/edit/", requests.request_form_view, name="request-edit"),
    path(
        "requests/<int:pk>/actions/<str:action>/",
        requests.request_action,
        name="request-action",
    ),
    path(
        "requests/<int:pk>/actions/<str:action>/form/",
        requests.request_action_form,
        name="request-action-form",
    ),
    path(
        "requests/<int:pk>/attachments/<int:attachment_pk>/",
        requests.attachment_download,
        name="attachment-download",
    ),
    path(
        "requests/<int:pk>/letters/<str:kind>.pdf",
        requests.letter_download,
        name="letter-download",
    ),
    path(
        "requests/<int:pk>/draft-letter.pdf",
        requests.draft_letter,
        name="request-draft-letter",
    ),
    path(
        "requests/<int:pk>/supplements/<int:supplement_pk>/draft-letter.pdf",
        requests.supplement_draft_letter,
        name="supplement-draft-letter",
    ),
    path(
        "requests/<int:pk>/supplements/<int:supplement_pk>/<str:action>/",
        requests.supplement_action,
        name="supplement-action",
    ),
    path("requests/<int:pk>/slot.ics", requests.slot_ics, name="slot-ics"),
    path("requests/<str:box>/", requests.request_list_view, name="request-list"),
    # Joint task forces.
    path("task-forces/", task_forces.task_force_list_view, name="task-force-list"),
    path("task-forces/new/", task_forces.task_force_form_view, name="task-force-create"),
    path("task-forces/<int:pk>/", task_forces.task_force_detail_view, name="task-force-detail"),
    path(
        "task-forces/<int:pk>/typical-case/",
        task_forces.task_force_typical_case_view,
        name="task-force-typical-case",
    ),
    path(
        "task-forces/<int:pk>/members/<int:member_pk>/remove/",
        task_forces.task_force_remove_member_view,
        name="task-force-remove-member",
    ),
    path(
        "task-forces/<int:pk>/tasks/<int:task_pk>/done/",
        task_forces.task_force_complete_task_view,
        name="task-force-task-done",
    ),
    path(
        "task-forces/<int:pk>/documents/<int:document_pk>/",
        task_forces.task_force_document_download,
        name="task-force-document",
    ),
    path(
        "task-forces/<int:pk>/<str:step>/",
        task_forces.task_force_step_view,
        name="task-force-step",
    ),
    # Jurisdiction consultations.
    path("consultations/", consultations.consultation_list_view, name="consultation-list"),
    path("consultations/new/", consultations.consultation_form_view, name="consultation-create"),
    path(
        "consultations/<int:pk>/",
        consultations.consultation_detail_view,
        name="consultation-detail",
    ),
    path(
        "consultations/<int:pk>/sign/",
        consultations.consultation_sign_view,
        name="consultation-sign",
    ),
    path(
        "consultations/<int:pk>/draft-decision.pdf",
        consultations.decision_draft_download,
        name="consultation-draft-record",
    ),
    path(
        "consultations/<int:pk>/signoff/<str:action>/",
        consultations.consultation_signoff_view,
        name="consultation-signoff",
    ),
    path(
        "consultations/<int:pk>/decision.pdf",
        consultations.decision_record_download,
        name="consultation-record",
    ),
    path(
        "consultations/<int:pk>/referral/signoff/<str:action>/",
        consultations.consultation_signoff_view,
        {"document": "referral"},
        name="consultation-referral-signoff",
    ),
    path(
        "consultations/<int:pk>/draft-referral.pdf",
        consultations.referral_draft_download,
        name="consultation-draft-referral",
    ),
    path(
        "consultations/<int:pk>/referral.pdf",
        consultations.referral_document_download,
        name="consultation-referral",
    ),
    path(
        "consultations/<int:pk>/<str:step>/",
        consultations.consultation_step_view,
        name="consultation-step",
    ),
]
