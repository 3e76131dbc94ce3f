"""Pages of the typical-case library."""

from django.urls import path

from casebank.views import search as search_views

app_name = "casebank"

urlpatterns = [
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
