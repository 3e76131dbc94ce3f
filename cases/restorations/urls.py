from django.urls import path

from cases.restorations import views

app_name = "restorations"

urlpatterns = [
    path("", views.restoration_list_view, name="list"),
    path("new/", views.restoration_form_view, name="create"),
    path("<int:pk>/", views.restoration_detail_view, name="detail"),
    path("<int:pk>/measures/", views.measure_add_view, name="measure-add"),
    path(
        "<int:pk>/measures/<int:measure_pk>/evidence/",
        views.evidence_attach_view,
        name="evidence-attach",
    ),
    path(
        "<int:pk>/measures/<int:measure_pk>/<str:action>/",
        views.measure_step_view,
        name="measure-step",
    ),
    path("<int:pk>/evidence/<int:evidence_pk>/", views.evidence_download, name="evidence"),
]
