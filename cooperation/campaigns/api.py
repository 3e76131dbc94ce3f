"""The API of joint campaigns under /api/v1/campaigns/: the same selectors and services as
the pages; an object the user may not see answers 404 and is left out of the list."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import exceptions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from cooperation.campaigns import services
from cooperation.campaigns.models import Campaign, CampaignReport, CampaignReportRevision, Frequency
from cooperation.campaigns.permissions import reporting_participants
from cooperation.campaigns.selectors import campaign_detail, campaign_list, campaign_summary
from portal.api_support import ERRORS, RelatedIdField, parsed, service_errors
from portal.idempotency import idempotent_create
from portal.models import Procuratorate

# Output.


class CampaignParticipantSerializer(serializers.Serializer):
    procuratorate = serializers.IntegerField(source="procuratorate_id")
    name = serializers.CharField(source="procuratorate.name")
    province = serializers.CharField(source="procuratorate.province")


class CampaignListSerializer(serializers.ModelSerializer):
    """One line of the campaigns list."""

    category_label = serializers.CharField(source="get_category_display", read_only=True)
    organiser_name = serializers.CharField(source="organiser.name", read_only=True)
    state = serializers.SerializerMethodField(
        help_text=_("`upcoming`, `running` or `ended` (Beijing time).")
    )
    participants = CampaignParticipantSerializer(many=True, read_only=True)

    class Meta:
        model = Campaign
        fields = [
            "id", "title", "category", "category_label", "starts_on", "ends_on", "frequency",
            "state", "organiser", "organiser_name", "participants",
        ]  # fmt: skip
        read_only_fields = fields

    def get_state(self, campaign) -> str:
        return campaign.state()


class PeriodSerializer(serializers.Serializer):
    start = serializers.DateField()
    end = serializers.DateField()
    due = serializers.DateField()


class CampaignRevisionSerializer(serializers.ModelSerializer):
    class Meta:
        model = CampaignReportRevision
        fields = [
            "version", "arrests_approved", "persons_prosecuted", "proceeds_recovered",
            "work_results", "reported_by", "reported_at", "corrected_by", "reason", "corrected_at",
        ]  # fmt: skip
        read_only_fields = fields


class CampaignReportSerializer(serializers.ModelSerializer):
    """What one participant reported for one period (its current version)."""

    procuratorate_name = serializers.CharField(source="procuratorate.name", read_only=True)
    revisions = CampaignRevisionSerializer(many=True, read_only=True)

    class Meta:
        model = CampaignReport
        fields = [
            "id", "procuratorate", "procuratorate_name", "period_start", "arrests_approved",
            "persons_prosecuted", "proceeds_recovered", "work_results", "version", "reported_by",
            "reported_at", "revisions",
        ]  # fmt: skip
        read_only_fields = fields


class SummaryRowSerializer(serializers.Serializer):
    procuratorate = serializers.IntegerField(source="procuratorate.pk")
    name = serializers.CharField(source="procuratorate.name")
    province = serializers.CharField(source="procuratorate.province")
    arrests_approved = serializers.IntegerField()
    persons_prosecuted = serializers.IntegerField()
    proceeds_recovered = serializers.DecimalField(max_digits=16, decimal_places=2)
    reported = serializers.IntegerField(help_text=_("How many periods it has reported."))


class TotalsSerializer(serializers.Serializer):
    arrests_approved = serializers.IntegerField()
    persons_prosecuted = serializers.IntegerField()
    proceeds_recovered = serializers.DecimalField(max_digits=16, decimal_places=2)


class CampaignDetailSerializer(CampaignListSerializer):
    """A campaign with its goals, periods, reports and the summary across participants."""

    periods = serializers.SerializerMethodField()
    reports = CampaignReportSerializer(many=True, read_only=True)
    summary = serializers.SerializerMethodField()
    totals = serializers.SerializerMethodField()
    reports_for = serializers.SerializerMethodField(
        help_text=_("Ids of the participants whose results you report.")
    )

    class Meta(CampaignListSerializer.Meta):
        fields = [
            *CampaignListSerializer.Meta.fields,
            "goals", "report_grace_days", "created_by", "created_at", "periods", "reports",
            "summary", "totals", "reports_for",
        ]  # fmt: skip
        read_only_fields = fields

    def summary_of(self, campaign):
        if not hasattr(campaign, "_summary"):
            campaign._summary = campaign_summary(campaign)
        return campaign._summary

    @extend_schema_field(PeriodSerializer(many=True))
    def get_periods(self, campaign):
        return PeriodSerializer(campaign.periods(), many=True).data

    @extend_schema_field(SummaryRowSerializer(many=True))
    def get_summary(self, campaign):
        return SummaryRowSerializer(self.summary_of(campaign).rows, many=True).data

    @extend_schema_field(TotalsSerializer)
    def get_totals(self, campaign):
        return TotalsSerializer(self.summary_of(campaign).totals).data

    def get_reports_for(self, campaign) -> list[int]:
        return [p.pk for p in reporting_participants(self.context["request"].user, campaign)]


# Input.


class CampaignWriteSerializer(serializers.Serializer):
    """A new campaign; the organiser is your member procuratorate."""

    title = serializers.CharField(required=False, allow_blank=True)
    category = serializers.CharField(required=False, allow_blank=True)
    starts_on = serializers.DateField(required=False)
    ends_on = serializers.DateField(required=False)
    goals = serializers.CharField(required=False, allow_blank=True)
    frequency = serializers.ChoiceField(choices=Frequency.choices, required=False)
    participants = serializers.PrimaryKeyRelatedField(
        queryset=Procuratorate.objects.all(),
        many=True,
        required=False,
        help_text=_("Ids of the other participating procuratorates, of other provinces."),
    )


class CampaignReportInputSerializer(serializers.Serializer):
    """One period's results of a participant; `reason` when correcting figures reported."""

    procuratorate = RelatedIdField(
        Procuratorate.objects.all(), help_text=_("The participant you report for.")
    )
    period_start = serializers.DateField(help_text=_("The first day of the period."))
    arrests_approved = serializers.IntegerField(min_value=0)
    persons_prosecuted = serializers.IntegerField(min_value=0)
    proceeds_recovered = serializers.DecimalField(max_digits=14, decimal_places=2, min_value=0)
    work_results = serializers.CharField(required=False, allow_blank=True, default="")
    reason = serializers.CharField(required=False, allow_blank=True, default="")


class CampaignViewSet(viewsets.GenericViewSet):
    """Joint campaigns: list, read with the summary across participants, launch, report."""

    queryset = Campaign.objects.none()  # for the schema; reads go through selectors

    def get_serializer_class(self):
        if self.action == "list":
            return CampaignListSerializer
        if self.action == "create":
            return CampaignWriteSerializer
        if self.action == "reports":
            return CampaignReportInputSerializer
        return CampaignDetailSerializer

    def detail_response(self, pk, status_code=status.HTTP_200_OK) -> Response:
        campaign = campaign_detail(user=self.request.user, pk=pk)
        data = CampaignDetailSerializer(campaign, context=self.get_serializer_context()).data
        return Response(data, status=status_code)

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "state", str, enum=["upcoming", "running", "ended"], description=_("Only these.")
            )
        ],
        responses={200: CampaignListSerializer(many=True)},
    )
    def list(self, request):
        """The campaigns your procuratorates take part in (or those below them), newest first."""
        state = request.query_params.get("state")
        page = self.paginate_queryset(campaign_list(user=request.user, state=state))
        return self.get_paginated_response(
            CampaignListSerializer(page, many=True, context=self.get_serializer_context()).data
        )

    @extend_schema(responses={200: CampaignDetailSerializer, **ERRORS})
    def retrieve(self, request, pk=None):
        """One campaign with its periods, reports, and the totals per participant."""
        return self.detail_response(pk)

    @extend_schema(
        request=CampaignWriteSerializer, responses={201: CampaignDetailSerializer, **ERRORS}
    )
    @idempotent_create
    def create(self, request):
        """Your member's liaison officer or chief launches a campaign."""
        data = parsed(CampaignWriteSerializer, request.data)
        participants = data.pop("participants", [])
        with service_errors():
            campaign = services.campaign_create(
                user=request.user, data=data, participants=participants
            )
        return self.detail_response(campaign.pk, status.HTTP_201_CREATED)

    @extend_schema(
        request=CampaignReportInputSerializer,
        responses={201: CampaignReportSerializer, 200: CampaignReportSerializer, **ERRORS},
    )
    @action(detail=True, methods=["post"])
    def reports(self, request, pk=None):
        """A participant's liaison officer reports a period's results (201), or corrects them
        with a `reason` (200; the figures replaced are kept as a revision)."""
        campaign = campaign_detail(user=request.user, pk=pk)
        data = parsed(CampaignReportInputSerializer, request.data)
        procuratorate = data.pop("procuratorate")
        if procuratorate is None:
            raise exceptions.ValidationError({"procuratorate": [_("No such procuratorate.")]})
        with service_errors():
            report = services.campaign_report_save(
                user=request.user,
                campaign=campaign,
                procuratorate=procuratorate,
                period_start=data.pop("period_start"),
                reason=data.pop("reason"),
                data=data,
            )
        code = status.HTTP_201_CREATED if report.version == 1 else status.HTTP_200_OK
        return Response(CampaignReportSerializer(report).data, status=code)
