"""The endpoints of the liaison mechanism: meetings and resolutions (symposiums in `symposiums`).

No rule lives here. Reads go through the selectors (an object the user may not see answers
404 and is left out of the lists); every write is a service call, whose refusal becomes the
API's one error shape: 400 naming the field, or 403 saying why.
"""

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from cooperation.meetings import services, signoff
from cooperation.meetings.ical import meetings_calendar
from cooperation.meetings.letters import notice_draft_response
from cooperation.meetings.models import Meeting, Resolution
from cooperation.meetings.permissions import (
    answerable_invitation,
    meeting_policy,
    resolution_policy,
)
from cooperation.meetings.selectors import (
    meeting_detail,
    meeting_list,
    resolution_detail,
    resolution_list,
)
from cooperation.meetings.serializers import (
    AgendaDocumentSerializer,
    AnswerInputSerializer,
    DocumentInputSerializer,
    ItemInputSerializer,
    MeetingDetailSerializer,
    MeetingFilterSerializer,
    MeetingListSerializer,
    MeetingWriteSerializer,
    RemindResultSerializer,
    ReportInputSerializer,
    ResolutionDetailSerializer,
    ResolutionFilterSerializer,
    ResolutionListSerializer,
    SignoffInputSerializer,
    TextInputSerializer,
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
from portal.audit import export_record
from portal.documents import file_response
from portal.idempotency import idempotent_create

DOCUMENT_ID = OpenApiParameter("document_id", int, OpenApiParameter.PATH)
ITEM_ID = OpenApiParameter("item_id", int, OpenApiParameter.PATH)


class MeetingViewSet(viewsets.GenericViewSet):
    """Joint meetings: the chair office schedules and runs them, the members answer."""

    queryset = Meeting.objects.none()  # for the schema; reads go through selectors
    lookup_value_regex = ID_PATTERN

    def get_serializer_class(self):
        if self.action == "list":
            return MeetingListSerializer
        if self.action in ("create", "partial_update"):
            return MeetingWriteSerializer
        return MeetingDetailSerializer

    def detail_response(self, pk, status_code=status.HTTP_200_OK) -> Response:
        meeting = meeting_detail(user=self.request.user, pk=pk)
        data = MeetingDetailSerializer(meeting, context=self.get_serializer_context()).data
        return Response(data, status=status_code)

    @extend_schema(
        parameters=[MeetingFilterSerializer],
        responses={200: MeetingListSerializer(many=True), 400: ErrorSerializer},
    )
    def list(self, request):
        """The meetings you may see (published ones; drafts of your chair office), by start."""
        filters = parsed(MeetingFilterSerializer, request.query_params)
        page = self.paginate_queryset(meeting_list(user=request.user, **filters))
        return self.get_paginated_response(
            MeetingListSerializer(page, many=True, context=self.get_serializer_context()).data
        )

    @extend_schema(responses={200: MeetingDetailSerializer, 404: ErrorSerializer})
    def retrieve(self, request, pk=None):
        """One meeting: agenda, invitations and answers, minutes, resolutions, notice."""
        return self.detail_response(pk)

    @extend_schema(
        request=MeetingWriteSerializer,
        responses={201: MeetingDetailSerializer, 400: ErrorSerializer, 403: ErrorSerializer},
    )
    @idempotent_create
    def create(self, request):
        """The chair office of the start's year schedules a draft meeting; the six are invited."""
        data = parsed(MeetingWriteSerializer, request.data)
        agenda = data.pop("agenda", [])
        with service_errors():
            meeting = services.meeting_create(user=request.user, data=data, agenda=agenda)
        return self.detail_response(meeting.pk, status.HTTP_201_CREATED)

    @extend_schema(
        request=MeetingWriteSerializer, responses={200: MeetingDetailSerializer, **ERRORS}
    )
    def partial_update(self, request, pk=None):
        """The chair office changes the fields sent; the agenda is kept unless sent."""
        meeting = meeting_policy.get_or_404(request.user, pk=pk)
        data = parsed(MeetingWriteSerializer, request.data, partial=True)
        agenda = data.pop("agenda", None)
        if agenda is None:  # not sent: the meeting's own items stay as they are
            own_items = meeting.agenda.filter(carried_resolution__isnull=True)
            agenda = [
                {
                    "title": item.title,
                    "presenter": item.presenter,
                    "duration_minutes": item.duration_minutes,
                }
                for item in own_items.select_related("presenter")
            ]
        with service_errors():
            services.meeting_update(user=request.user, meeting=meeting, data=data, agenda=agenda)
        return self.detail_response(pk)

    @extend_schema(request=None, responses={200: MeetingDetailSerializer, **ERRORS})
    @action(detail=True, methods=["post"])
    def publish(self, request, pk=None):
        """Publish a draft: its notice enters sign-off; the members are invited at 签发."""
        meeting = meeting_policy.get_or_404(request.user, pk=pk)
        with service_errors():
            services.meeting_publish(user=request.user, meeting=meeting)
        return self.detail_response(pk)

    @extend_schema(
        request=SignoffInputSerializer, responses={200: MeetingDetailSerializer, **ERRORS}
    )
    @action(detail=True, methods=["post"])
    def signoff(self, request, pk=None):
        """A step of the notice's sign-off: review, review_return, sign_off, signature_return
        (a return needs a comment); the reviewer and signer of the chair office's procuratorate."""
        meeting = meeting_policy.get_or_404(request.user, pk=pk)
        data = parsed(SignoffInputSerializer, request.data)
        with service_errors():
            signoff.meeting_notice_transition(
                user=request.user, meeting=meeting, action=data["action"], comment=data["comment"]
            )
        return self.detail_response(pk)

    @extend_schema(
        responses={
            (200, "application/pdf"): OpenApiTypes.BINARY,
            (404, "application/json"): ErrorSerializer,
        },
    )
    @action(
        detail=True,
        url_path="draft-notice",
        url_name="draft-notice",
        renderer_classes=DOWNLOAD_RENDERERS,
    )
    def draft_notice(self, request, pk=None):
        """The notice in sign-off, watermarked 草稿 (its reviewer and signer only; else 404)."""
        return notice_draft_response(signoff.notice_draft(user=request.user, meeting_pk=pk))

    @extend_schema(
        request=AnswerInputSerializer, responses={200: MeetingDetailSerializer, **ERRORS}
    )
    @action(detail=True, methods=["post"])
    def answer(self, request, pk=None):
        """Your member's liaison officer answers its invitation: attending (with delegates)."""
        meeting = meeting_policy.get_or_404(request.user, pk=pk)
        data = parsed(AnswerInputSerializer, request.data)
        invitation = answerable_invitation(request.user, meeting)
        if invitation is None:
            raise exceptions.PermissionDenied(
                _("Only the invited member's liaison officer answers.")
            )
        delegates = "\n".join(" ".join(name.split()) for name in data["delegates"])
        with service_errors():
            services.invitation_answer(
                user=request.user, invitation=invitation, answer=data["answer"], delegates=delegates
            )
        return self.detail_response(pk)

    @extend_schema(request=None, responses={200: RemindResultSerializer, **ERRORS})
    @action(detail=True, methods=["post"])
    def remind(self, request, pk=None):
        """The chair office reminds the members that have not answered."""
        meeting = meeting_policy.get_or_404(request.user, pk=pk)
        with service_errors():
            count = services.invitations_remind(user=request.user, meeting=meeting)
        return Response(RemindResultSerializer({"reminded": count}).data)

    @extend_schema(request=TextInputSerializer, responses={200: MeetingDetailSerializer, **ERRORS})
    @action(detail=True, methods=["post"])
    def minutes(self, request, pk=None):
        """The chair office saves the minutes (`text`); every version is kept."""
        meeting = meeting_policy.get_or_404(request.user, pk=pk)
        data = parsed(TextInputSerializer, request.data)
        with service_errors(minutes="text"):
            services.minutes_save(user=request.user, meeting=meeting, text=data["text"])
        return self.detail_response(pk)

    @extend_schema(
        request=ItemInputSerializer, responses={201: ResolutionDetailSerializer, **ERRORS}
    )
    @action(detail=True, methods=["post"])
    def resolutions(self, request, pk=None):
        """The chair office records a resolution with its owner and due date."""
        meeting = meeting_policy.get_or_404(request.user, pk=pk)
        data = parsed(ItemInputSerializer, request.data)
        with service_errors():
            resolution = services.resolution_create(user=request.user, meeting=meeting, **data)
        resolution = resolution_detail(user=request.user, pk=resolution.pk)
        context = self.get_serializer_context()
        return Response(
            ResolutionDetailSerializer(resolution, context=context).data,
            status=status.HTTP_201_CREATED,
        )

    @extend_schema(
        parameters=[ITEM_ID],
        request=DocumentInputSerializer,
        responses={201: AgendaDocumentSerializer, **ERRORS},
    )
    @action(
        detail=True,
        methods=["post"],
        url_path=rf"agenda/(?P<item_id>{ID_PATTERN})/documents",
        url_name="agenda-documents",
        parser_classes=[MultiPartParser, FormParser],
    )
    def agenda_documents(self, request, pk=None, item_id=None):
        """File a document under an agenda item (the chair office or the presenting member)."""
        meeting = meeting_policy.get_or_404(request.user, pk=pk)
        item = get_object_or_404(meeting.agenda, pk=item_id)
        data = parsed(DocumentInputSerializer, request.data)
        with service_errors():
            document = services.agenda_document_attach(
                user=request.user, item=item, upload=data["upload"]
            )
        context = self.get_serializer_context()
        return Response(
            AgendaDocumentSerializer(document, context=context).data,
            status=status.HTTP_201_CREATED,
        )

    @extend_schema(
        parameters=[DOCUMENT_ID],
        responses={(200, "*/*"): OpenApiTypes.BINARY, **DOWNLOAD_ERRORS},
    )
    @action(
        detail=True,
        url_path=rf"documents/(?P<document_id>{ID_PATTERN})",
        url_name="agenda-document",
        renderer_classes=DOWNLOAD_RENDERERS,
    )
    def agenda_document(self, request, pk=None, document_id=None):
        """Download a document of one of the meeting's agenda items (logged)."""
        document = services.agenda_document_for_download(
            user=request.user, meeting_pk=pk, document_pk=document_id
        )
        return file_response(document)

    @extend_schema(
        responses={(200, "text/calendar"): OpenApiTypes.BINARY, **DOWNLOAD_ERRORS},
    )
    @action(detail=True, url_path="ics", url_name="ics", renderer_classes=DOWNLOAD_RENDERERS)
    def ics(self, request, pk=None):
        """The meeting as an iCalendar event (Beijing time)."""
        meeting = meeting_policy.get_or_404(request.user, pk=pk)
        export_record(user=request.user, target=meeting, detail=f"meeting-{meeting.pk}.ics")
        response = HttpResponse(
            meetings_calendar([meeting]), content_type="text/calendar; charset=utf-8"
        )
        response["Content-Disposition"] = f'attachment; filename="meeting-{meeting.pk}.ics"'
        return response

    @extend_schema(
        responses={(200, "application/pdf"): OpenApiTypes.BINARY, **DOWNLOAD_ERRORS},
    )
    @action(detail=True, url_name="notice", renderer_classes=DOWNLOAD_RENDERERS)
    def notice(self, request, pk=None):
        """The meeting notice's PDF; 404 until it is issued (logged)."""
        notice = services.notice_for_download(user=request.user, meeting_pk=pk)
        return file_response(notice)


class ResolutionViewSet(viewsets.GenericViewSet):
    """Resolutions of the joint meetings, followed by their owners until done."""

    queryset = Resolution.objects.none()  # for the schema; reads go through selectors
    lookup_value_regex = ID_PATTERN

    def get_serializer_class(self):
        return ResolutionListSerializer if self.action == "list" else ResolutionDetailSerializer

    def detail_response(self, pk) -> Response:
        resolution = resolution_detail(user=self.request.user, pk=pk)
        context = self.get_serializer_context()
        return Response(ResolutionDetailSerializer(resolution, context=context).data)

    @extend_schema(
        parameters=[ResolutionFilterSerializer],
        responses={200: ResolutionListSerializer(many=True), 400: ErrorSerializer},
    )
    def list(self, request):
        """The resolutions you may read, by due date; filtered by state and owner."""
        filters = parsed(ResolutionFilterSerializer, request.query_params)
        page = self.paginate_queryset(resolution_list(user=request.user, **filters))
        return self.get_paginated_response(
            ResolutionListSerializer(page, many=True, context=self.get_serializer_context()).data
        )

    @extend_schema(responses={200: ResolutionDetailSerializer, 404: ErrorSerializer})
    def retrieve(self, request, pk=None):
        """One resolution with every progress report."""
        return self.detail_response(pk)

    @extend_schema(
        request=ReportInputSerializer, responses={200: ResolutionDetailSerializer, **ERRORS}
    )
    @action(detail=True, methods=["post"])
    def report(self, request, pk=None):
        """The owner reports progress (`note`); `done` closes the resolution."""
        resolution = resolution_policy.get_or_404(request.user, pk=pk)
        data = parsed(ReportInputSerializer, request.data)
        with service_errors():
            services.resolution_report(user=request.user, resolution=resolution, **data)
        return self.detail_response(pk)
