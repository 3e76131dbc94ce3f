"""Pages of the typical-case library."""

from django.urls import path  # noqa: F401

app_name = "casebank"

urlpatterns = []
