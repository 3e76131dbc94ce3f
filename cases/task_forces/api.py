"""The API of joint task forces: the pages' selectors and services, answered in JSON."""

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from cases.task_forces import services
from cases.task_forces.models import TaskForce
from cases.task_forces.permissions import task_force_policy
from cases.task_forces.selectors import task_force_detail, task_force_list
from cases.task_forces.serializers import (
    BodySerializer,
    CaseInputSerializer,
    CloseSerializer,
    CommentSerializer,
    LinkSerializer,
    MemberInputSerializer,
    ProposalSerializer,
    StatusFilterSerializer,
    TaskForceDetailSerializer,
    TaskForceListSerializer,
    TaskInputSerializer,
    TeamCaseSerializer,
    TeamDocumentSerializer,
    TeamMemberSerializer,
    TeamMessageSerializer,
    TeamTaskSerializer,
    UploadSerializer,
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

# Output.


MEMBER_ID = OpenApiParameter("member_id", int, OpenApiParameter.PATH)
TASK_ID = OpenApiParameter("task_id", int, OpenApiParameter.PATH)
DOCUMENT_ID = OpenApiParameter("document_id", int, OpenApiParameter.PATH)


class TaskForceViewSet(viewsets.GenericViewSet):
    """Joint task forces: proposed, approved by the lead's chief, worked in by their members."""

    queryset = TaskForce.objects.none()  # for the schema; reads go through selectors
    lookup_value_regex = ID_PATTERN
    serializer_class = TaskForceDetailSerializer

    def detail_response(self, pk, status_code=status.HTTP_200_OK) -> Response:
        task_force = task_force_detail(user=self.request.user, pk=pk)
        data = TaskForceDetailSerializer(task_force, context=self.get_serializer_context()).data
        return Response(data, status=status_code)

    def target(self, pk) -> TaskForce:
        return task_force_policy.get_or_404(self.request.user, pk=pk)

    @extend_schema(
        parameters=[StatusFilterSerializer],
        responses={200: TaskForceListSerializer(many=True)},
    )
    def list(self, request):
        """The task forces you are a member of, supervise as chief, or lead; newest first."""
        params = parsed(StatusFilterSerializer, request.query_params)
        page = self.paginate_queryset(task_force_list(user=request.user, **params))
        return self.get_paginated_response(TaskForceListSerializer(page, many=True).data)

    @extend_schema(responses={200: TaskForceDetailSerializer, 404: ErrorSerializer})
    def retrieve(self, request, pk=None):
        """One task force's team space."""
        return self.detail_response(pk)

    @extend_schema(
        request=ProposalSerializer,
        responses={201: TaskForceDetailSerializer, 400: ErrorSerializer, 403: ErrorSerializer},
    )
    @idempotent_create
    def create(self, request):
        """Propose a task force led by your procuratorate; its chief approves."""
        data = parsed(ProposalSerializer, request.data)
        # An unknown or inactive id arrives as None: the service refuses it under `members`.
        members = [(m["user"], m["role"]) for m in data.pop("members")]
        case_name, case_number = data.pop("case_name"), data.pop("case_number")
        with service_errors():
            task_force = services.task_force_propose(
                user=request.user,
                data=data,
                members=members,
                case_name=case_name,
                case_number=case_number,
            )
        return self.detail_response(task_force.pk, status.HTTP_201_CREATED)

    def decide(self, request, pk, approve: bool) -> Response:
        task_force = self.target(pk)
        data = parsed(CommentSerializer, request.data)
        with service_errors():
            services.task_force_decide(
                user=request.user, task_force=task_force, approve=approve, **data
            )
        return self.detail_response(pk)

    @extend_schema(request=CommentSerializer, responses={200: TaskForceDetailSerializer, **ERRORS})
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        """The lead procuratorate's chief approves the proposal."""
        return self.decide(request, pk, approve=True)

    @extend_schema(request=CommentSerializer, responses={200: TaskForceDetailSerializer, **ERRORS})
    @action(detail=True, methods=["post"])
    def reject(self, request, pk=None):
        """The lead procuratorate's chief rejects the proposal (`comment` says why)."""
        return self.decide(request, pk, approve=False)

    @extend_schema(request=MemberInputSerializer, responses={201: TeamMemberSerializer, **ERRORS})
    @action(detail=True, methods=["post"])
    def members(self, request, pk=None):
        """The leader (or the lead's administrator) seconds a prosecutor by name."""
        task_force = self.target(pk)
        data = parsed(MemberInputSerializer, request.data)
        with service_errors(person="user"):
            if data["user"] is None:
                raise ValidationError({"person": _("Choose a prosecutor.")})
            membership = services.task_force_add_member(
                user=request.user, task_force=task_force, person=data["user"], role=data["role"]
            )
        return Response(TeamMemberSerializer(membership).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        parameters=[MEMBER_ID], request=None, responses={200: TeamMemberSerializer, **ERRORS}
    )
    @action(
        detail=True,
        methods=["post"],
        url_path=rf"members/(?P<member_id>{ID_PATTERN})/remove",
        url_name="member-remove",
    )
    def remove_member(self, request, pk=None, member_id=None):
        """Take a member off the team: they lose access at once."""
        task_force = self.target(pk)
        membership = get_object_or_404(task_force.members.select_related("user"), pk=member_id)
        with service_errors():
            membership = services.task_force_remove_member(
                user=request.user, task_force=task_force, membership=membership
            )
        return Response(TeamMemberSerializer(membership).data)

    @extend_schema(request=CaseInputSerializer, responses={201: TeamCaseSerializer, **ERRORS})
    @action(detail=True, methods=["post"])
    def cases(self, request, pk=None):
        """The leader records another case the team handles."""
        task_force = self.target(pk)
        data = parsed(CaseInputSerializer, request.data)
        with service_errors():
            case = services.task_force_add_case(user=request.user, task_force=task_force, **data)
        return Response(TeamCaseSerializer(case).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=TaskInputSerializer, responses={201: TeamTaskSerializer, **ERRORS})
    @action(detail=True, methods=["post"])
    def tasks(self, request, pk=None):
        """A member gives a task to a member, with a due date."""
        task_force = self.target(pk)
        data = parsed(TaskInputSerializer, request.data)
        with service_errors():
            task = services.task_force_add_task(user=request.user, task_force=task_force, **data)
        return Response(TeamTaskSerializer(task).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        parameters=[TASK_ID], request=None, responses={200: TeamTaskSerializer, **ERRORS}
    )
    @action(
        detail=True,
        methods=["post"],
        url_path=rf"tasks/(?P<task_id>{ID_PATTERN})/done",
        url_name="task-done",
    )
    def task_done(self, request, pk=None, task_id=None):
        """The assignee (or the leader) marks a task done."""
        task_force = self.target(pk)
        task = get_object_or_404(task_force.tasks.select_related("assignee"), pk=task_id)
        task.task_force = task_force
        with service_errors():
            task = services.task_force_complete_task(user=request.user, task=task)
        return Response(TeamTaskSerializer(task).data)

    @extend_schema(request=BodySerializer, responses={201: TeamMessageSerializer, **ERRORS})
    @action(detail=True, methods=["post"])
    def messages(self, request, pk=None):
        """A member writes to the team's thread."""
        task_force = self.target(pk)
        data = parsed(BodySerializer, request.data)
        with service_errors():
            message = services.task_force_post(user=request.user, task_force=task_force, **data)
        return Response(TeamMessageSerializer(message).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=UploadSerializer, responses={201: TeamDocumentSerializer, **ERRORS})
    @action(detail=True, methods=["post"], parser_classes=[MultiPartParser, FormParser])
    def documents(self, request, pk=None):
        """A member files a document (multipart/form-data, field `upload`); it is logged."""
        task_force = self.target(pk)
        data = parsed(UploadSerializer, request.data)
        with service_errors():
            document = services.task_force_upload(
                user=request.user, task_force=task_force, upload=data["upload"]
            )
        return Response(
            TeamDocumentSerializer(document, context=self.get_serializer_context()).data,
            status=status.HTTP_201_CREATED,
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
        """Download a document of the team; every download is logged (who, when)."""
        document = services.task_force_document_for_download(
            user=request.user, task_force_pk=pk, document_pk=document_id
        )
        return file_response(document)

    @extend_schema(request=LinkSerializer, responses={200: TaskForceDetailSerializer, **ERRORS})
    @action(detail=True, methods=["post"])
    def requests(self, request, pk=None):
        """Link an assistance request raised by one of the team's procuratorates."""
        task_force = self.target(pk)
        data = parsed(LinkSerializer, request.data)
        with service_errors():
            services.task_force_link_request(
                user=request.user, task_force=task_force, request=data["request"]
            )
        return self.detail_response(pk)

    @extend_schema(request=CloseSerializer, responses={200: TaskForceDetailSerializer, **ERRORS})
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        """The leader closes the team with its evaluation."""
        task_force = self.target(pk)
        data = parsed(CloseSerializer, request.data)
        with service_errors():
            services.task_force_close(user=request.user, task_force=task_force, **data)
        return self.detail_response(pk)
