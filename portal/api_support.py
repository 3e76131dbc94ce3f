"""Conventions every API endpoint follows: pagination, bounded input and one shape for errors."""

import json
import re
from contextlib import contextmanager

from django.conf import settings
from django.core.exceptions import (
    NON_FIELD_ERRORS,
    PermissionDenied,
    RequestDataTooBig,
    ValidationError as DjangoValidationError,
)
from django.http import Http404, JsonResponse
from django.utils.encoding import force_str
from django.utils.translation import gettext as _, gettext_lazy as _lazy
from django.views import defaults
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import exceptions, renderers, serializers
from rest_framework.pagination import PageNumberPagination
from rest_framework.parsers import JSONParser
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler as drf_exception_handler

from portal.audit import audit_refusal
from portal.models import choice_labels


class PortalPagination(PageNumberPagination):
    """`count`, `next`, `previous`, `results`; `?page_size=` up to 100."""

    page_size = 25
    page_size_query_param = "page_size"
    max_page_size = 100


# Text no field may hold: NUL, and a UTF-16 surrogate on its own (which JSON's "\\ud800" escape
# can carry into Python, but no database text or JSON column can store).
FORBIDDEN_CHARACTERS = re.compile("[\x00\ud800-\udfff]")
MAX_JSON_DEPTH = 32
# The longest text any field takes (about 25 pages of Chinese): a typical case's facts fit, a
# megabyte pasted by mistake does not. Fields with their own max_length say less.
MAX_TEXT_LENGTH = 50_000


class PayloadTooLarge(exceptions.APIException):
    status_code = 413
    default_detail = _lazy("The request is too large.")
    default_code = "too_large"


class BoundedJSONParser(JSONParser):
    """JSON bodies of bounded depth, whose text is of bounded length with no NUL or lone surrogate.

    What is refused is answered 400, naming the field, before any view or service sees it;
    DRF's own parser lets a deep array crash with RecursionError.
    """

    def parse(self, stream, media_type=None, parser_context=None):
        # DRF hands over `request.body`, which Django has already held to
        # DATA_UPLOAD_MAX_MEMORY_SIZE (RequestDataTooBig: a 413, see `exception_handler`).
        raw = stream.read()
        encoding = (parser_context or {}).get("encoding", settings.DEFAULT_CHARSET)
        try:
            data = json.loads(raw.decode(encoding), parse_constant=json_constant_refused)
        except RecursionError:
            raise too_deep() from None
        except ValueError as error:
            message = _("The body is not valid JSON: %(error)s") % {"error": error}
            raise exceptions.ParseError(message) from None
        check_json_text(data)
        return data


def json_constant_refused(name: str):
    raise ValueError(f"{name} is not a JSON number")


def too_deep() -> exceptions.ParseError:
    return exceptions.ParseError(
        _("The JSON body is nested more than %(depth)s levels deep.") % {"depth": MAX_JSON_DEPTH}
    )


def check_json_text(data) -> None:
    """Refuse a body nested too deep, or text too long or holding NUL or a lone surrogate,
    naming its field."""
    stack = [(data, None, 0)]
    while stack:
        value, field, depth = stack.pop()
        if depth > MAX_JSON_DEPTH:
            raise too_deep()
        if isinstance(value, dict):
            for key, item in value.items():
                name = key if field is None else field
                check_text(key, name)
                stack.append((item, name, depth + 1))
        elif isinstance(value, list):
            stack.extend((item, field, depth + 1) for item in value)
        elif isinstance(value, str):
            check_text(value, field)


def check_text(value: str, field: str | None) -> None:
    message = None
    if FORBIDDEN_CHARACTERS.search(value):
        message = _("Text may not contain NUL characters or unpaired surrogates.")
    elif len(value) > MAX_TEXT_LENGTH:
        message = _(
            "Text may have at most %(limit)s characters; this one has %(length)s. Shorten it, "
            "or attach it as a document."
        ) % {"limit": f"{MAX_TEXT_LENGTH:,}", "length": f"{len(value):,}"}
    if message:
        raise serializers.ValidationError({field or api_settings.NON_FIELD_ERRORS_KEY: [message]})


def error_body(code: str, message: str, fields: dict | None = None) -> dict:
    """The one shape of every API error: a code, a translated message, and field errors."""
    body = {"code": code, "message": message}
    if fields:
        body["fields"] = fields
    return body


def exception_handler(exc, context):
    """Render every API error as `{"code", "message", "fields"?}` in the request's language;
    a 404 to a signed-in user is recorded in the audit log as a refusal."""
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, RequestDataTooBig):
        exc = PayloadTooLarge()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) or None)  # keep the reason it was refused
    if isinstance(exc, exceptions.NotFound) and context.get("request") is not None:
        audit_refusal(context["request"])
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


def bad_request(request, exception=None):
    """400 page (413 for a body over the limit); under /api/ in the API's error shape."""
    if not request.path_info.startswith("/api/"):
        return defaults.bad_request(request, exception)
    if isinstance(exception, RequestDataTooBig):
        error = PayloadTooLarge()
        return JsonResponse(error_body(error.default_code, str(error.detail)), status=413)
    return JsonResponse(error_body("bad_request", _("The request is not valid.")), status=400)


def server_error(request):
    """500 page; under /api/ in the API's error shape."""
    if request.path_info.startswith("/api/"):
        message = _("The server met an error. Please try again later.")
        return JsonResponse(error_body("server_error", message), status=500)
    return defaults.server_error(request)


class ErrorSerializer(serializers.Serializer):
    """The one shape of every API error (for the schema)."""

    code = serializers.CharField()
    message = serializers.CharField()
    fields = serializers.DictField(required=False)


ERRORS = {400: ErrorSerializer, 403: ErrorSerializer, 404: ErrorSerializer}
# A download's refusal (404) is JSON whatever the file's type.
DOWNLOAD_ERRORS = {(404, "application/json"): ErrorSerializer}
# The ids in the API's paths: digits only, so that anything else is the API's JSON 404.
ID_PATTERN = "[0-9]+"


def parsed(serializer_class, data, **kwargs) -> dict:
    """The input parsed by `serializer_class`, or a 400 naming the fields."""
    serializer = serializer_class(data=data, **kwargs)
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)


def api_validation_error(
    error: DjangoValidationError, renames: dict[str, str] | None = None
) -> serializers.ValidationError:
    """A service's `ValidationError` as DRF's, its fields under the API's names."""
    renames = {NON_FIELD_ERRORS: api_settings.NON_FIELD_ERRORS_KEY, **(renames or {})}
    fields: dict[str, list] = {}
    for key, messages in serializers.as_serializer_error(error).items():
        fields.setdefault(renames.get(key, key), []).extend(messages)
    return serializers.ValidationError(fields)


@contextmanager
def service_errors(**renames: str):
    """A service's refusal as the API's: 400 naming the fields (by the API's names), or a 403
    that keeps the service's reason. `renames` maps a service's field name to the API's."""
    try:
        yield
    except DjangoValidationError as error:
        raise api_validation_error(error, renames) from None
    except PermissionDenied as error:
        raise exceptions.PermissionDenied(str(error) or None) from None


class DownloadRenderer(renderers.BaseRenderer):
    """Accepts any `Accept` header on a download; a refusal is still answered in JSON."""

    media_type = "*/*"
    format = "json"  # what it writes: the error bodies
    charset = None

    def render(self, data, accepted_media_type=None, renderer_context=None):
        # Only error bodies get here: the files themselves are returned as they are.
        response = (renderer_context or {}).get("response")
        if response is not None:
            response["Content-Type"] = "application/json"
        return renderers.JSONRenderer().render(data)


DOWNLOAD_RENDERERS = [renderers.JSONRenderer, DownloadRenderer]


class LabelField(serializers.CharField):
    """The label of a choice in the reader's language: `status_label = LabelField(source="status")`.

    It reads the stored value and looks it up among the model field's choices, where
    `source="get_status_display"` would have DRF inspect the method's signature on every row.
    """

    def __init__(self, **kwargs):
        super().__init__(read_only=True, **kwargs)

    def bind(self, field_name, parent):
        super().bind(field_name, parent)
        self.labels = choice_labels(parent.Meta.model._meta.get_field(self.source))

    def to_representation(self, value):
        return force_str(self.labels.get(value, value))


class RelatedIdField(serializers.IntegerField):
    """An id resolved to its object, or to None if there is none: the service names the field."""

    def __init__(self, queryset, **kwargs):
        self.queryset = queryset
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        return self.queryset.filter(pk=super().to_internal_value(data)).first()

    def to_representation(self, value):
        return getattr(value, "pk", value)


@extend_schema_field(OpenApiTypes.BINARY)
class UploadField(serializers.FileField):
    """A file sent as multipart/form-data."""
