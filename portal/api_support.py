"""Conventions every API endpoint follows: pagination and one shape for errors."""

from django.core.exceptions import PermissionDenied
from django.http import Http404, JsonResponse
from django.utils.translation import gettext as _
from django.views import defaults
from rest_framework import exceptions
from rest_framework.pagination import PageNumberPagination
from rest_framework.views import exception_handler as drf_exception_handler


class PortalPagination(PageNumberPagination):
    """`count`, `next`, `previous`, `results`; `?page_size=` up to 100."""

    page_size = 25
    page_size_query_param = "page_size"
    max_page_size = 100


def error_body(code: str, message: str, fields: dict | None = None) -> dict:
    """The one shape of every API error: a code, a translated message, and field errors."""
    body = {"code": code, "message": message}
    if fields:
        body["fields"] = fields
    return body


def exception_handler(exc, context):
    """Render every API error as `{"code", "message", "fields"?}` in the request's language."""
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) or None)  # keep the reason it was refused
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        detail = exc.detail if isinstance(exc.detail, dict) else {"non_field_errors": exc.detail}
        general = detail.pop("non_field_errors", None)
        message = str(general[0]) if general else _("Some fields are not valid; see below.")
        response.data = error_body("invalid", message, detail or None)
    else:
        codes = exc.get_codes()
        response.data = error_body(codes if isinstance(codes, str) else "error", str(exc.detail))
    return response


def page_not_found(request, exception=None):
    """404 page; under /api/ in the API's error shape."""
    if request.path_info.startswith("/api/"):
        return JsonResponse(error_body("not_found", _("Not found.")), status=404)
    return defaults.page_not_found(request, exception)


def server_error(request):
    """500 page; under /api/ in the API's error shape."""
    if request.path_info.startswith("/api/"):
        message = _("The server met an error. Please try again later.")
        return JsonResponse(error_body("server_error", message), status=500)
    return defaults.server_error(request)
