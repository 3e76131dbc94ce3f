from django.urls import path

from cases import views

app_name = "cases"

urlpatterns = [
    path("", views.request_index, name="request-index"),
    path("new/", views.request_new, name="request-new"),
    path("new/<str:request_type>/", views.request_form_view, name="request-create"),
    path("<int:pk>/", views.request_detail_view, name="request-detail"),
    path("<int:pk>/edit/", views.request_form_view, name="request-edit"),
    path("<int:pk>/actions/<str:action>/", views.request_action, name="request-action"),
    path(
        "<int:pk>/actions/<str:action>/form/",
        views.request_action_form,
        name="request-action-form",
    ),
    path(
        "<int:pk>/attachments/<int:attachment_pk>/",
        views.attachment_download,
        name="attachment-download",
    ),
    path("<int:pk>/letters/<str:kind>.pdf", views.letter_download, name="letter-download"),
    path("<int:pk>/slot.ics", views.slot_ics, name="slot-ics"),
    path("<str:box>/", views.request_list_view, name="request-list"),
]
