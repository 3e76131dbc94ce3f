"""Pages of the typical-case library."""

from django.urls import path

from casebank.comparison import views as comparison
from casebank.leads import views as leads
from casebank.library import views as cases
from casebank.search import views as search_views

app_name = "casebank"

urlpatterns = [
    path("", cases.library_home, name="home"),
    path("province/", cases.province_case_list, name="province-cases"),
    path("compare/", comparison.comparison_view, name="compare"),
    path("cases/new/", cases.case_form_view, name="case-new"),
    path("cases/<int:pk>/", cases.case_detail_view, name="case-detail"),
    path("cases/<int:pk>/edit/", cases.case_form_view, name="case-edit"),
    path("cases/<int:pk>/revise/", cases.case_form_view, {"revising": True}, name="case-revise"),
    path("cases/<int:pk>/submit/", cases.case_submit_view, name="case-submit"),
    path("cases/<int:pk>/pdf/", cases.case_pdf_view, name="case-pdf"),
    path("cases/<int:pk>/<str:step>/", cases.case_step, name="case-step"),
    path("cases/<int:pk>/versions/<int:number>/", cases.case_version_view, name="case-version"),
    path(
        "cases/<int:pk>/attachments/<int:attachment_pk>/",
        cases.case_attachment_download,
        name="case-attachment",
    ),
    path("leads/", leads.lead_inbox_view, name="lead-inbox"),
    path("leads/<int:pk>/", leads.lead_detail_view, name="lead-detail"),
    path("leads/<int:pk>/handled/", leads.lead_handled_view, name="lead-handled"),
    path("search/", search_views.search_page, name="search"),
    path("search/export.csv", search_views.search_export, name="search-export"),
    path("saved-searches/", search_views.saved_search_list, name="saved-search-list"),
    path("saved-searches/new/", search_views.saved_search_new, name="saved-search-new"),
    path("saved-searches/<int:pk>/rate/", search_views.saved_search_rate, name="saved-search-rate"),
    path(
        "saved-searches/<int:pk>/delete/",
        search_views.saved_search_remove,
        name="saved-search-delete",
    ),
    path(
        "saved-searches/unsubscribe/<str:token>/",
        search_views.saved_search_unsubscribe_view,
        name="saved-search-unsubscribe",
    ),
]
