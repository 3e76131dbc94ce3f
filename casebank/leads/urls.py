"""The one public form of the portal (no sign-in): case leads, and their receipt."""

from django.urls import path

from casebank.leads import views

urlpatterns = [
    path("", views.lead_form_view, name="lead-form"),
    path("receipt/<str:token>/", views.lead_receipt_view, name="lead-receipt"),
]
