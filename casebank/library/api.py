"""The API of typical cases: the pages' selectors and services, answered in JSON."""

from drf_spectacular.utils import extend_schema
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from casebank.library import selectors, services
from casebank.library.models import TypicalCase
from casebank.library.permissions import case_policy, province_of
from casebank.library.serializers import (
    CaseCommentSerializer,
    CaseDetailSerializer,
    CaseListSerializer,
    CaseWriteSerializer,
    PreviewSerializer,
    ReviseSerializer,
    SubmitSerializer,
)
from portal.api_support import ERRORS, ErrorSerializer, service_errors
from portal.idempotency import idempotent_create


class TypicalCaseViewSet(viewsets.GenericViewSet):
    """Typical cases: the shared library, your province's drafts, and each step of review."""

    queryset = TypicalCase.objects.none()  # for the schema; reads go through selectors

    def get_serializer_class(self):
        return {
            "create": CaseWriteSerializer,
            "partial_update": CaseWriteSerializer,
            "revise": ReviseSerializer,
            "submit": SubmitSerializer,
            "return_case": CaseCommentSerializer,
            "withdraw": CaseCommentSerializer,
            "list": CaseListSerializer,
            "preview": PreviewSerializer,
        }.get(self.action, CaseDetailSerializer)

    def detail_response(self, pk, status_code=status.HTTP_200_OK) -> Response:
        case = selectors.case_detail(user=self.request.user, pk=pk)
        context = {
            **self.get_serializer_context(),
            "own_province": case.province == province_of(self.request.user),
            "steps": services.case_steps(user=self.request.user, case=case),
        }
        return Response(CaseDetailSerializer(case, context=context).data, status=status_code)

    @extend_schema(responses={200: CaseListSerializer(many=True)})
    def list(self, request):
        """The published library, newest first (`?scope=province`: your province's cases)."""
        if request.query_params.get("scope") == "province":
            cases = selectors.province_cases(user=request.user)
        else:
            cases = selectors.library_cases(user=request.user)
        page = self.paginate_queryset(cases)
        return self.get_paginated_response(CaseListSerializer(page, many=True).data)

    @extend_schema(responses={200: CaseDetailSerializer, 404: ErrorSerializer})
    def retrieve(self, request, pk=None):
        """One case with its outcomes, versions and the steps you may take."""
        return self.detail_response(pk)

    @extend_schema(request=CaseWriteSerializer, responses={201: CaseDetailSerializer, **ERRORS})
    @idempotent_create
    def create(self, request):
        """Write a draft for your procuratorate."""
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        with service_errors():
            case = services.case_create(user=request.user, **serializer.service_kwargs())
        return self.detail_response(case.pk, status.HTTP_201_CREATED)

    @extend_schema(request=CaseWriteSerializer, responses={200: CaseDetailSerializer, **ERRORS})
    def partial_update(self, request, pk=None):
        """Change your draft or returned case: the fields sent, the rest stays."""
        case = case_policy.get_or_404(request.user, pk=pk)
        serializer = self.get_serializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        with service_errors():
            services.case_update(user=request.user, case=case, **serializer.service_kwargs())
        return self.detail_response(pk)

    @extend_schema(responses={200: PreviewSerializer, 404: ErrorSerializer})
    @action(detail=True, methods=["get"])
    def preview(self, request, pk=None):
        """What submitting would share: names masked, identity numbers removed."""
        case = case_policy.get_or_404(request.user, "change", pk=pk)
        return Response(PreviewSerializer(services.case_preview(case=case)).data)

    def step(self, request, pk, run) -> Response:
        case = case_policy.get_or_404(request.user, pk=pk)
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        with service_errors():
            run(case, serializer.validated_data)
        return self.detail_response(pk)

    @extend_schema(request=SubmitSerializer, responses={200: CaseDetailSerializer, **ERRORS})
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        """Submit to your province's reviewers, once you have checked the preview."""
        return self.step(
            request,
            pk,
            lambda case, data: services.case_submit(
                user=request.user, case=case, confirmed=data["confirmed"]
            ),
        )

    @extend_schema(request=CaseCommentSerializer, responses={200: CaseDetailSerializer, **ERRORS})
    @action(detail=True, methods=["post"], url_path="return")
    def return_case(self, request, pk=None):
        """Return a submitted case to its submitter with comments (reviewers)."""
        return self.step(
            request,
            pk,
            lambda case, data: services.case_return(
                user=request.user, case=case, comment=data["comment"]
            ),
        )

    @extend_schema(request=None, responses={200: CaseDetailSerializer, **ERRORS})
    @action(detail=True, methods=["post"])
    def publish(self, request, pk=None):
        """Publish a submitted case to the six members (reviewers)."""
        case = case_policy.get_or_404(request.user, pk=pk)
        with service_errors():
            services.case_publish(user=request.user, case=case)
        return self.detail_response(pk)

    @extend_schema(request=ReviseSerializer, responses={200: CaseDetailSerializer, **ERRORS})
    @action(detail=True, methods=["post"])
    def revise(self, request, pk=None):
        """Revise a published case; the version shared before is kept (reviewers)."""
        case = case_policy.get_or_404(request.user, pk=pk)
        serializer = self.get_serializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        kwargs = serializer.service_kwargs()
        note = kwargs["data"].pop("note", "")
        with service_errors():
            services.case_revise(user=request.user, case=case, note=note, **kwargs)
        return self.detail_response(pk)

    @extend_schema(request=None, responses={200: CaseDetailSerializer, **ERRORS})
    @action(detail=True, methods=["post"])
    def seal(self, request, pk=None):
        """Seal a juvenile's criminal record (Criminal Procedure Law, art. 286): the case
        leaves the library and stays with your province (reviewers)."""
        case = case_policy.get_or_404(request.user, pk=pk)
        with service_errors():
            services.case_seal(user=request.user, case=case)
        return self.detail_response(pk)

    @extend_schema(request=CaseCommentSerializer, responses={200: CaseDetailSerializer, **ERRORS})
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        """Withdraw a published case from the library, with the reason (reviewers)."""
        return self.step(
            request,
            pk,
            lambda case, data: services.case_withdraw(
                user=request.user, case=case, reason=data["comment"]
            ),
        )

    def handle_exception(self, exc):
        # An unknown id answers like one the user may not see.
        if isinstance(exc, TypicalCase.DoesNotExist):
            exc = NotFound()
        return super().handle_exception(exc)
