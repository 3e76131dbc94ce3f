"""The API of assistance requests: the pages' selectors and services, answered in JSON.

No rule lives here. Serializers parse input and shape output; the services decide, and their
refusals become the API's one error shape: a `ValidationError` is a 400 naming the fields, a
`PermissionDenied` a 403 saying why, an `Http404` a 404 (the policy's answer to an outsider).
"""

from django.http import HttpResponse
from django.utils.text import capfirst
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from cases.requests import services
from cases.requests.calendar import slot_calendar
from cases.requests.letters import draft_response
from cases.requests.models import AssistanceRequest, Letter
from cases.requests.permissions import is_handler, request_policy
from cases.requests.selectors import request_detail, request_list
from cases.requests.serializers import (
    ACTION_INPUTS,
    STEP_ACTIONS,
    AttachInputSerializer,
    CommentInputSerializer,
    RequestDetailSerializer,
    RequestFilterSerializer,
    RequestListSerializer,
    RequestWriteSerializer,
    SupplementStepInputSerializer,
)
from portal.api_support import (
    DOWNLOAD_ERRORS,
    DOWNLOAD_RENDERERS,
    ERRORS,
    ErrorSerializer,
    service_errors,
)
from portal.audit import export_record
from portal.documents import file_response
from portal.idempotency import idempotent_create

# The service names a field by its own word where the API's differs.
FIELD_RENAMES = {"slots": "proposed_slots"}
SUPPLEMENT_ID = OpenApiParameter("supplement_id", int, OpenApiParameter.PATH)


# The endpoints.


class AssistanceRequestViewSet(viewsets.GenericViewSet):
    """Assistance requests between procuratorates: list, read, file, change, and each step."""

    queryset = AssistanceRequest.objects.none()  # for the schema; reads go through selectors

    def get_queryset(self):
        return request_list(user=self.request.user)

    def get_serializer_class(self):
        if self.action in ("create", "partial_update"):
            return RequestWriteSerializer
        if self.action in services.TRANSITIONS:
            return ACTION_INPUTS.get(self.action, CommentInputSerializer)
        if self.action == "list":
            return RequestListSerializer
        return RequestDetailSerializer

    def detail_response(self, pk, status_code=status.HTTP_200_OK) -> Response:
        """The request as the user sees it: identity data in full for its handlers only."""
        obj = request_detail(user=self.request.user, pk=pk)
        context = {**self.get_serializer_context(), "reveal": is_handler(self.request.user, obj)}
        return Response(RequestDetailSerializer(obj, context=context).data, status=status_code)

    @extend_schema(
        parameters=[RequestFilterSerializer], responses={200: RequestListSerializer(many=True)}
    )
    def list(self, request):
        """The requests you may see, newest first; filtered by the query parameters."""
        params = RequestFilterSerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        filters = dict(params.validated_data)
        box = filters.pop("box", "") or None
        page = self.paginate_queryset(request_list(user=request.user, box=box, filters=filters))
        return self.get_paginated_response(
            RequestListSerializer(page, many=True, context=self.get_serializer_context()).data
        )

    @extend_schema(responses={200: RequestDetailSerializer, 404: ErrorSerializer})
    def retrieve(self, request, pk=None):
        """One request with its details, slots, timeline, messages, documents and next steps."""
        return self.detail_response(pk)

    @extend_schema(
        request=RequestWriteSerializer,
        responses={201: RequestDetailSerializer, 400: ErrorSerializer, 403: ErrorSerializer},
    )
    @idempotent_create
    def create(self, request):
        """File a draft request from your procuratorate; `submit` sends it."""
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        kwargs = serializer.service_kwargs()
        with service_errors(**FIELD_RENAMES):
            obj = services.request_create(
                user=request.user,
                data=kwargs["data"],
                details=kwargs["details"] or {},
                slots=kwargs["slots"] or [],
            )
        return self.detail_response(obj.pk, status.HTTP_201_CREATED)

    @extend_schema(
        request=RequestWriteSerializer, responses={200: RequestDetailSerializer, **ERRORS}
    )
    def partial_update(self, request, pk=None):
        """Change a draft or returned request: the fields sent, the rest stays."""
        obj = request_policy.get_or_404(request.user, pk=pk)
        serializer = self.get_serializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        kwargs = serializer.service_kwargs()
        with service_errors(**FIELD_RENAMES):
            services.request_update(
                user=request.user,
                request=obj,
                data=kwargs["data"],
                details=kwargs["details"],  # None keeps them
                slots=kwargs["slots"],
            )
        return self.detail_response(pk)

    def take_step(self, request, pk, name: str) -> Response:
        """Run one step through `services.request_transition`; its refusal changes nothing."""
        obj = request_policy.get_or_404(request.user, pk=pk)
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        with service_errors(**FIELD_RENAMES):
            services.request_transition(
                user=request.user, request=obj, action=name, **serializer.service_kwargs()
            )
        return self.detail_response(pk)

    @extend_schema(
        parameters=[OpenApiParameter("attachment_id", int, OpenApiParameter.PATH)],
        responses={
            (200, "*/*"): OpenApiTypes.BINARY,
            (404, "application/json"): ErrorSerializer,
        },
    )
    @action(
        detail=True,
        url_path=r"attachments/(?P<attachment_id>[0-9]+)",
        url_name="attachment",
        renderer_classes=DOWNLOAD_RENDERERS,
    )
    def attachment(self, request, pk=None, attachment_id=None):
        """Download an attachment (both sides); every download is logged."""
        attachment = services.attachment_for_download(
            user=request.user, request_pk=pk, attachment_pk=attachment_id
        )
        return file_response(attachment)

    @extend_schema(
        parameters=[
            OpenApiParameter("kind", str, OpenApiParameter.PATH, enum=Letter.Kind.values),
            OpenApiParameter(
                "version", int, OpenApiParameter.QUERY, description="the latest if not given"
            ),
        ],
        responses={
            (200, "application/pdf"): OpenApiTypes.BINARY,
            (404, "application/json"): ErrorSerializer,
        },
    )
    @action(
        detail=True,
        url_path=r"letters/(?P<kind>[a-z]+)",
        url_name="letter",
        renderer_classes=DOWNLOAD_RENDERERS,
    )
    def letter(self, request, pk=None, kind=None):
        """Download an issued letter's PDF, its latest version or `?version=` (handlers of the
        procuratorates concerned); logged."""
        version = request.query_params.get("version", "")
        letter = services.letter_for_download(
            user=request.user,
            request_pk=pk,
            kind=kind,
            version=int(version) if version.isdigit() else None,
        )
        return file_response(letter)

    @extend_schema(
        responses={
            (200, "application/pdf"): OpenApiTypes.BINARY,
            (404, "application/json"): ErrorSerializer,
        },
    )
    @action(
        detail=True,
        url_path="draft-letter",
        url_name="draft-letter",
        renderer_classes=DOWNLOAD_RENDERERS,
    )
    def draft_letter(self, request, pk=None):
        """The letter in sign-off, watermarked 草稿 (its reviewer and signer only; else 404)."""
        letter = services.letter_draft(user=request.user, request_pk=pk)
        return draft_response(letter)

    @extend_schema(
        parameters=[SUPPLEMENT_ID],
        request=SupplementStepInputSerializer,
        responses={200: RequestDetailSerializer, **ERRORS},
    )
    @action(
        detail=True,
        methods=["post"],
        url_path=r"supplements/(?P<supplement_id>[0-9]+)",
        url_name="supplement",
    )
    def supplement(self, request, pk=None, supplement_id=None):
        """A step of a supplementary or correction letter (draft one with `draft-supplement`):
        its drafting side may `edit`, `submit` or `discard` the draft, its reviewer and signer
        `review`, `review_return`, `sign_off` or `signature_return` (a return says why in
        `comment`). Not yours: 403; not possible now or a field is wrong: 400; the requested
        side and anyone else: 404 (they see the letter once it is issued)."""
        supplement = services.supplement_of(
            user=request.user, request_pk=pk, supplement_pk=supplement_id
        )
        serializer = SupplementStepInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.service_kwargs()
        with service_errors():
            services.supplement_transition(user=request.user, supplement=supplement, **data)
        return self.detail_response(pk)

    @extend_schema(
        parameters=[SUPPLEMENT_ID],
        responses={(200, "application/pdf"): OpenApiTypes.BINARY, **DOWNLOAD_ERRORS},
    )
    @action(
        detail=True,
        url_path=r"supplements/(?P<supplement_id>[0-9]+)/draft-letter",
        url_name="supplement-draft-letter",
        renderer_classes=DOWNLOAD_RENDERERS,
    )
    def supplement_draft_letter(self, request, pk=None, supplement_id=None):
        """The supplementary or correction letter in sign-off, watermarked 草稿 (its reviewer
        and signer only; else 404)."""
        letter = services.supplement_draft(
            user=request.user, request_pk=pk, supplement_pk=supplement_id
        )
        return draft_response(letter)

    @extend_schema(
        responses={
            (200, "text/calendar"): OpenApiTypes.BINARY,
            (404, "application/json"): ErrorSerializer,
        },
    )
    @action(detail=True, url_path="ics", url_name="ics", renderer_classes=DOWNLOAD_RENDERERS)
    def ics(self, request, pk=None):
        """The agreed time slot as an iCalendar event; 404 until one is agreed."""
        obj = request_policy.get_or_404(request.user, pk=pk)
        if obj.agreed_slot is None:
            raise exceptions.NotFound
        export_record(user=request.user, target=obj, detail=f"request-{obj.pk}.ics")
        response = HttpResponse(slot_calendar(obj), content_type="text/calendar; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="request-{obj.pk}.ics"'
        return response


def step_endpoint(name: str):
    """The endpoint `POST /requests/{id}/<step>/` of one step, e.g. `agree-slot`."""
    input_serializer = ACTION_INPUTS.get(name, CommentInputSerializer)

    def endpoint(self, request, pk=None):
        return self.take_step(request, pk, name)

    # DRF dispatches an action by its function's name, so each gets the step's own.
    endpoint.__name__ = endpoint.__qualname__ = name
    endpoint.__doc__ = (
        f"Take the step `{name}` (see `available_actions`). Not yours to take: 403; "
        "not possible now or a field is wrong: 400; a request you may not see: 404."
    )
    extra = {}
    if input_serializer is AttachInputSerializer:
        extra["parser_classes"] = [MultiPartParser, FormParser]
    slug = name.replace("_", "-")
    endpoint = action(detail=True, methods=["post"], url_path=slug, url_name=slug, **extra)(
        endpoint
    )
    return extend_schema(
        summary=capfirst(services.TRANSITIONS[name].label),
        request=input_serializer,
        responses={200: RequestDetailSerializer, **ERRORS},
    )(endpoint)


# One endpoint per step, set on the class where DRF's router looks for extra actions.
for _name in STEP_ACTIONS:
    setattr(AssistanceRequestViewSet, _name, step_endpoint(_name))
