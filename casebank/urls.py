"""Pages of the typical-case library."""

from django.urls import path

from casebank.views import case_pdf, comparison, leads

app_name = "casebank"

urlpatterns = [
    path("compare/", comparison.comparison_view, name="compare"),
    path("cases/<int:pk>/pdf/", case_pdf.case_pdf_view, name="case-pdf"),
    path("leads/", leads.lead_inbox_view, name="lead-inbox"),
    path("leads/<int:pk>/", leads.lead_detail_view, name="lead-detail"),
    path("leads/<int:pk>/handled/", leads.lead_handled_view, name="lead-handled"),
]
