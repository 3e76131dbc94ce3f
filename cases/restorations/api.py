"""The API of ecological restoration under /api/v1/restorations/: the same selectors and
services as the pages; what the user may not see answers 404, every download is logged."""

from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from cases.requests.models import AssistanceRequest
from cases.restorations import services
from cases.restorations.models import (
    MeasureEvidence,
    Restoration,
    RestorationEvent,
    RestorationMeasure,
)
from cases.restorations.permissions import may_run_restoration, may_verify_restoration
from cases.restorations.selectors import restoration_detail, restoration_list
from portal.api_support import (
    DOWNLOAD_RENDERERS,
    ERRORS,
    ErrorSerializer,
    RelatedIdField,
    UploadField,
    parsed,
    service_errors,
)
from portal.documents import file_response
from portal.idempotency import idempotent_create
from portal.models import Procuratorate

# Output.


class EvidenceSerializer(serializers.ModelSerializer):
    """Verification evidence, downloaded through its URL (logged)."""

    name = serializers.CharField(source="original_name", read_only=True)
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = MeasureEvidence
        fields = ["id", "name", "content_type", "size", "uploaded_by", "created_at", "download_url"]
        read_only_fields = fields

    def get_download_url(self, evidence) -> str:
        return self.context["request"].build_absolute_uri(
            reverse("api:restoration-evidence", args=[evidence.measure.restoration_id, evidence.pk])
        )


class MeasureSerializer(serializers.ModelSerializer):
    """A measure with its evidence and the steps you may take on it now."""

    kind = serializers.CharField(
        read_only=True,
        help_text=_(
            "`eliminate_pollution`, `replanting`, `restocking_fish`, `land_reclamation` or "
            "`compensation`; `kind_label` says it in your language."
        ),
    )
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    status = serializers.CharField(
        read_only=True, help_text=_("`planned`, `in_progress`, `done` or `verified`.")
    )
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    overdue = serializers.BooleanField(source="is_overdue", read_only=True)
    evidence = EvidenceSerializer(many=True, read_only=True)
    steps = serializers.SerializerMethodField(
        help_text=_("The steps you may take now: start, finish, verify, reopen.")
    )

    class Meta:
        model = RestorationMeasure
        fields = [
            "id", "kind", "kind_label", "description", "location", "responsible_party",
            "deadline", "status", "status_label", "overdue", "verified_by", "verified_at",
            "evidence", "steps",
        ]  # fmt: skip
        read_only_fields = fields

    def get_steps(self, measure) -> list[str]:
        user = self.context["request"].user
        return [a for a in services.MEASURE_STEPS if services.may_take_step(user, measure, a)]


class RestorationEventSerializer(serializers.ModelSerializer):
    actor_name = serializers.CharField(source="actor.get_full_name", read_only=True)
    label = serializers.CharField(read_only=True)
    from_status = serializers.CharField(read_only=True)
    to_status = serializers.CharField(read_only=True)

    class Meta:
        model = RestorationEvent
        fields = [
            "action", "label", "measure", "from_status", "to_status", "comment", "actor",
            "actor_name", "created_at",
        ]  # fmt: skip
        read_only_fields = fields


RESTORATION_FIELDS = [
    "id", "request", "case_name", "case_number", "category", "category_label", "damage_place",
    "handling_procuratorate", "handling_name", "damage_procuratorate", "damage_name",
    "created_at",
]  # fmt: skip


class RestorationBaseSerializer(serializers.ModelSerializer):
    # Plain strings, with their labels: the schema's enums of these names are the requests'.
    category = serializers.CharField(read_only=True, help_text=_("`ecology` or `nature_reserves`."))
    category_label = serializers.CharField(source="get_category_display", read_only=True)
    handling_name = serializers.CharField(source="handling_procuratorate.name", read_only=True)
    damage_name = serializers.CharField(source="damage_procuratorate.name", read_only=True)


class RestorationListSerializer(RestorationBaseSerializer):
    """One line of the list, with how many measures are verified and overdue."""

    measure_count = serializers.IntegerField(read_only=True)
    verified_count = serializers.IntegerField(read_only=True)
    overdue_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Restoration
        fields = [*RESTORATION_FIELDS, "measure_count", "verified_count", "overdue_count"]
        read_only_fields = fields


class RestorationDetailSerializer(RestorationBaseSerializer):
    """A restoration with its measures, their evidence and the timeline."""

    measures = MeasureSerializer(many=True, read_only=True)
    events = RestorationEventSerializer(many=True, read_only=True)
    may_run = serializers.SerializerMethodField(
        help_text=_("Whether you plan measures and report their progress (the handling side).")
    )
    may_verify = serializers.SerializerMethodField(
        help_text=_("Whether you verify the measures (the damage-place side).")
    )

    class Meta:
        model = Restoration
        fields = [
            *RESTORATION_FIELDS, "damage_description", "measures", "events", "may_run",
            "may_verify",
        ]  # fmt: skip
        read_only_fields = fields

    def get_may_run(self, restoration) -> bool:
        return may_run_restoration(self.context["request"].user, restoration)

    def get_may_verify(self, restoration) -> bool:
        return may_verify_restoration(self.context["request"].user, restoration)


# Input.


class RestorationWriteSerializer(serializers.Serializer):
    """A new restoration of your procuratorate: on a request it sent, or for a case of its own."""

    request = RelatedIdField(
        AssistanceRequest.objects.all(),
        required=False,
        allow_null=True,
        help_text=_("A request your procuratorate sent; the case and damage place come from it."),
    )
    case_name = serializers.CharField(required=False, allow_blank=True)
    case_number = serializers.CharField(required=False, allow_blank=True)
    category = serializers.CharField(required=False, allow_blank=True)
    damage_procuratorate = RelatedIdField(
        Procuratorate.objects.all(), required=False, allow_null=True
    )
    damage_place = serializers.CharField(required=False, allow_blank=True)
    damage_description = serializers.CharField(required=False, allow_blank=True)


class MeasureInputSerializer(serializers.Serializer):
    kind = serializers.CharField(
        help_text=_(
            "`eliminate_pollution`, `replanting`, `restocking_fish`, `land_reclamation` or "
            "`compensation`."
        )
    )
    description = serializers.CharField()
    location = serializers.CharField()
    responsible_party = serializers.CharField()
    deadline = serializers.DateField()


class StepInputSerializer(serializers.Serializer):
    action = serializers.ChoiceField(choices=list(services.MEASURE_STEPS))
    comment = serializers.CharField(required=False, allow_blank=True, default="")


class EvidenceInputSerializer(serializers.Serializer):
    """Evidence of a measure (multipart/form-data)."""

    upload = UploadField()


MEASURE_ID = OpenApiParameter("measure_id", int, OpenApiParameter.PATH)
EVIDENCE_ID = OpenApiParameter("evidence_id", int, OpenApiParameter.PATH)


class RestorationViewSet(viewsets.GenericViewSet):
    """Ecological restorations: list, read, open, plan measures, steps, evidence."""

    queryset = Restoration.objects.none()  # for the schema; reads go through selectors
    lookup_value_regex = "[0-9]+"

    def get_serializer_class(self):
        return {
            "list": RestorationListSerializer,
            "create": RestorationWriteSerializer,
            "measures": MeasureInputSerializer,
            "step": StepInputSerializer,
            "evidence_upload": EvidenceInputSerializer,
        }.get(self.action, RestorationDetailSerializer)

    def detail_response(self, pk, status_code=status.HTTP_200_OK) -> Response:
        restoration = restoration_detail(user=self.request.user, pk=pk)
        data = RestorationDetailSerializer(restoration, context=self.get_serializer_context()).data
        return Response(data, status=status_code)

    def measure(self, pk, measure_id) -> RestorationMeasure:
        restoration = restoration_detail(user=self.request.user, pk=pk)
        return get_object_or_404(restoration.measures.all(), pk=measure_id)

    @extend_schema(
        parameters=[
            OpenApiParameter("overdue", bool, description="Only those with overdue measures."),
            OpenApiParameter("category", str),
            OpenApiParameter("q", str, description="Words of the case name or number."),
        ],
        responses={200: RestorationListSerializer(many=True)},
    )
    def list(self, request):
        """The restorations your procuratorates handle or whose damage lies in their area."""
        filters = {
            "overdue": request.query_params.get("overdue") in ("1", "true"),
            "category": request.query_params.get("category", ""),
            "q": request.query_params.get("q", ""),
        }
        page = self.paginate_queryset(restoration_list(user=request.user, filters=filters))
        return self.get_paginated_response(RestorationListSerializer(page, many=True).data)

    @extend_schema(responses={200: RestorationDetailSerializer, **ERRORS})
    def retrieve(self, request, pk=None):
        """One restoration with its measures, their evidence and the timeline."""
        return self.detail_response(pk)

    @extend_schema(
        request=RestorationWriteSerializer, responses={201: RestorationDetailSerializer, **ERRORS}
    )
    @idempotent_create
    def create(self, request):
        """Open a restoration; the damage-place procuratorate is told when it is another."""
        data = parsed(RestorationWriteSerializer, request.data)
        linked = data.pop("request", None)
        with service_errors():
            restoration = services.restoration_create(user=request.user, data=data, request=linked)
        return self.detail_response(restoration.pk, status.HTTP_201_CREATED)

    @extend_schema(request=MeasureInputSerializer, responses={201: MeasureSerializer, **ERRORS})
    @action(detail=True, methods=["post"])
    def measures(self, request, pk=None):
        """The handling side plans a measure."""
        restoration = restoration_detail(user=request.user, pk=pk)
        data = parsed(MeasureInputSerializer, request.data)
        with service_errors():
            measure = services.restoration_add_measure(
                user=request.user, restoration=restoration, data=data
            )
        measure.restoration = restoration
        return Response(
            MeasureSerializer(measure, context=self.get_serializer_context()).data,
            status=status.HTTP_201_CREATED,
        )

    @extend_schema(
        parameters=[MEASURE_ID],
        request=StepInputSerializer,
        responses={200: MeasureSerializer, **ERRORS},
    )
    @action(
        detail=True,
        methods=["post"],
        url_path=r"measures/(?P<measure_id>[0-9]+)/steps",
        url_name="measure-step",
    )
    def step(self, request, pk=None, measure_id=None):
        """Move a measure one step: `start`, `finish` (needs evidence) by the handling side;
        `verify`, or `reopen` with a `comment`, by the damage-place side."""
        measure = self.measure(pk, measure_id)
        data = parsed(StepInputSerializer, request.data)
        with service_errors():
            measure = services.measure_transition(user=request.user, measure=measure, **data)
        return Response(MeasureSerializer(measure, context=self.get_serializer_context()).data)

    @extend_schema(
        parameters=[MEASURE_ID],
        request=EvidenceInputSerializer,
        responses={201: EvidenceSerializer, **ERRORS},
    )
    @action(
        detail=True,
        methods=["post"],
        url_path=r"measures/(?P<measure_id>[0-9]+)/evidence",
        url_name="measure-evidence",
        parser_classes=[MultiPartParser, FormParser],
    )
    def evidence_upload(self, request, pk=None, measure_id=None):
        """Either side files evidence of a measure (multipart/form-data, field `upload`)."""
        measure = self.measure(pk, measure_id)
        data = parsed(EvidenceInputSerializer, request.data)
        with service_errors():
            evidence = services.measure_attach_evidence(
                user=request.user, measure=measure, upload=data["upload"]
            )
        return Response(
            EvidenceSerializer(evidence, context=self.get_serializer_context()).data,
            status=status.HTTP_201_CREATED,
        )

    @extend_schema(
        parameters=[EVIDENCE_ID],
        responses={
            (200, "*/*"): OpenApiTypes.BINARY,
            (404, "application/json"): ErrorSerializer,
        },
    )
    @action(
        detail=True,
        url_path=r"evidence/(?P<evidence_id>[0-9]+)",
        url_name="evidence",
        renderer_classes=DOWNLOAD_RENDERERS,
    )
    def evidence(self, request, pk=None, evidence_id=None):
        """Download evidence (both procuratorates concerned); every download is logged."""
        evidence = services.evidence_for_download(
            user=request.user, restoration_pk=pk, evidence_pk=evidence_id
        )
        return file_response(evidence)
