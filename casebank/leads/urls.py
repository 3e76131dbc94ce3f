"""The one public form of the portal (no sign-in): case leads, and their receipt."""

from django.urls import path

from casebank.views import leads

urlpatterns = [
    path("", leads.lead_form_view, name="lead-form"),
    path("receipt/<str:token>/", leads.lead_receipt_view, name="lead-receipt"),
]
