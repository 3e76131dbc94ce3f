"""The API of the coordination symposiums of adjacent procuratorates (§10): the same services
as the pages."""

from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from cooperation.meetings.api import DOCUMENT_ID
from cooperation.meetings.serializers import (
    DocumentInputSerializer,
    ItemInputSerializer,
    TextInputSerializer,
)
from cooperation.symposiums import services
from cooperation.symposiums.models import Symposium
from cooperation.symposiums.permissions import symposium_policy
from cooperation.symposiums.selectors import symposium_detail, symposium_list
from cooperation.symposiums.serializers import (
    DocumentSerializer,
    FollowUpSerializer,
    SymposiumDetailSerializer,
    SymposiumListSerializer,
    SymposiumWriteSerializer,
)
from portal.api_support import (
    DOWNLOAD_ERRORS,
    DOWNLOAD_RENDERERS,
    ERRORS,
    ID_PATTERN,
    ErrorSerializer,
    parsed,
    service_errors,
)
from portal.documents import file_response
from portal.idempotency import idempotent_create

FOLLOW_UP_ID = OpenApiParameter("follow_up_id", int, OpenApiParameter.PATH)


class SymposiumViewSet(viewsets.GenericViewSet):
    """Coordination symposiums of neighbouring procuratorates of different provinces."""

    queryset = Symposium.objects.none()  # for the schema; reads go through selectors
    lookup_value_regex = ID_PATTERN

    def get_serializer_class(self):
        if self.action == "list":
            return SymposiumListSerializer
        if self.action == "create":
            return SymposiumWriteSerializer
        return SymposiumDetailSerializer

    def detail_response(self, pk, status_code=status.HTTP_200_OK) -> Response:
        symposium = symposium_detail(user=self.request.user, pk=pk)
        data = SymposiumDetailSerializer(symposium, context=self.get_serializer_context()).data
        return Response(data, status=status_code)

    @extend_schema(responses={200: SymposiumListSerializer(many=True)})
    def list(self, request):
        """The symposiums your procuratorates take part in (or those below them), newest first."""
        page = self.paginate_queryset(symposium_list(user=request.user))
        return self.get_paginated_response(
            SymposiumListSerializer(page, many=True, context=self.get_serializer_context()).data
        )

    @extend_schema(responses={200: SymposiumDetailSerializer, 404: ErrorSerializer})
    def retrieve(self, request, pk=None):
        """One symposium with its agreement, follow-up items and documents."""
        return self.detail_response(pk)

    @extend_schema(
        request=SymposiumWriteSerializer,
        responses={201: SymposiumDetailSerializer, 400: ErrorSerializer, 403: ErrorSerializer},
    )
    @idempotent_create
    def create(self, request):
        """Your prefecture or county procuratorate convenes neighbours of other provinces."""
        data = parsed(SymposiumWriteSerializer, request.data)
        participants = data.pop("participants", [])
        with service_errors():
            symposium = services.symposium_create(
                user=request.user, data=data, participants=participants
            )
        return self.detail_response(symposium.pk, status.HTTP_201_CREATED)

    @extend_schema(
        request=TextInputSerializer, responses={200: SymposiumDetailSerializer, **ERRORS}
    )
    @action(detail=True, methods=["post"])
    def agreement(self, request, pk=None):
        """The convener records the agreement reached (`text`)."""
        symposium = symposium_policy.get_or_404(request.user, pk=pk)
        data = parsed(TextInputSerializer, request.data)
        with service_errors(agreement="text"):
            services.symposium_record_agreement(
                user=request.user, symposium=symposium, agreement=data["text"]
            )
        return self.detail_response(pk)

    @extend_schema(request=ItemInputSerializer, responses={201: FollowUpSerializer, **ERRORS})
    @action(detail=True, methods=["post"], url_path="follow-ups", url_name="follow-ups")
    def follow_ups(self, request, pk=None):
        """The convener records a follow-up item owned by one of the participants."""
        symposium = symposium_policy.get_or_404(request.user, pk=pk)
        data = parsed(ItemInputSerializer, request.data)
        with service_errors():
            follow_up = services.symposium_add_follow_up(
                user=request.user, symposium=symposium, **data
            )
        return Response(FollowUpSerializer(follow_up).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        parameters=[FOLLOW_UP_ID], request=None, responses={200: FollowUpSerializer, **ERRORS}
    )
    @action(
        detail=True,
        methods=["post"],
        url_path=rf"follow-ups/(?P<follow_up_id>{ID_PATTERN})/done",
        url_name="follow-up-done",
    )
    def follow_up_done(self, request, pk=None, follow_up_id=None):
        """The owner (or the convener) marks a follow-up item done."""
        symposium = symposium_policy.get_or_404(request.user, pk=pk)
        follow_up = get_object_or_404(symposium.follow_ups.select_related("owner"), pk=follow_up_id)
        follow_up.symposium = symposium
        with service_errors():
            services.symposium_follow_up_done(user=request.user, follow_up=follow_up)
        return Response(FollowUpSerializer(follow_up).data)

    @extend_schema(request=DocumentInputSerializer, responses={201: DocumentSerializer, **ERRORS})
    @action(detail=True, methods=["post"], parser_classes=[MultiPartParser, FormParser])
    def documents(self, request, pk=None):
        """The convener files a document (multipart/form-data, field `upload`)."""
        symposium = symposium_policy.get_or_404(request.user, pk=pk)
        data = parsed(DocumentInputSerializer, request.data)
        with service_errors():
            document = services.symposium_attach(
                user=request.user, symposium=symposium, upload=data["upload"]
            )
        context = self.get_serializer_context()
        return Response(
            DocumentSerializer(document, context=context).data, status=status.HTTP_201_CREATED
        )

    @extend_schema(
        parameters=[DOCUMENT_ID],
        responses={(200, "*/*"): OpenApiTypes.BINARY, **DOWNLOAD_ERRORS},
    )
    @action(
        detail=True,
        url_path=rf"documents/(?P<document_id>{ID_PATTERN})",
        url_name="document",
        renderer_classes=DOWNLOAD_RENDERERS,
    )
    def document(self, request, pk=None, document_id=None):
        """Download a document of the symposium (every participant; logged)."""
        document = services.symposium_document_for_download(
            user=request.user, symposium_pk=pk, document_pk=document_id
        )
        return file_response(document)
