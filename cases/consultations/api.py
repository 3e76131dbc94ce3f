"""The API of jurisdiction consultations: the pages' selectors and services, in JSON."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from cases.consultations import services
from cases.consultations.letters import draft_response
from cases.consultations.models import (
    Consultation,
    ConsultationEvent,
    ConsultationMessage,
    ConsultationParty,
    Position,
)
from cases.consultations.permissions import consultation_policy
from cases.consultations.referral_api import ReferralActions, ReferralSerializer
from cases.consultations.selectors import consultation_detail, consultation_list
from cases.consultations.signoff import decision_draft
from portal.api_support import (
    DOWNLOAD_ERRORS,
    DOWNLOAD_RENDERERS,
    ERRORS,
    ID_PATTERN,
    ErrorSerializer,
    RelatedIdField,
    parsed,
    service_errors,
)
from portal.documents import file_response
from portal.idempotency import idempotent_create
from portal.models import CaseCategory, Procuratorate
from portal.signoff import SIGNOFF_ACTIONS


class ConsultationPartySerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="procuratorate.name", read_only=True)
    province = serializers.CharField(source="procuratorate.province", read_only=True)
    position_label = serializers.CharField(source="get_position_display", read_only=True)

    class Meta:
        model = ConsultationParty
        fields = [
            "procuratorate", "name", "province", "position", "position_label", "reasons",
            "signed_by", "signed_at",
        ]  # fmt: skip
        read_only_fields = fields


class ConsultationMessageSerializer(serializers.ModelSerializer):
    author_name = serializers.CharField(source="author.get_full_name", read_only=True)

    class Meta:
        model = ConsultationMessage
        fields = [
            "id", "kind", "held_on", "procuratorate", "author", "author_name", "body",
            "created_at",
        ]  # fmt: skip
        read_only_fields = fields


class ConsultationEventSerializer(serializers.ModelSerializer):
    actor_name = serializers.CharField(source="actor.get_full_name", read_only=True, default="")
    label = serializers.CharField(read_only=True)

    class Meta:
        model = ConsultationEvent
        fields = ["action", "label", "actor", "actor_name", "comment", "created_at"]
        read_only_fields = fields


class ConsultationListSerializer(serializers.ModelSerializer):
    """One line of the consultations list."""

    parties = ConsultationPartySerializer(many=True, read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)

    class Meta:
        model = Consultation
        fields = [
            "id", "subject", "case_number", "category", "dispute", "status", "status_label",
            "initiator", "due_date", "handling_procuratorate", "parties", "created_at",
        ]  # fmt: skip
        read_only_fields = fields


class ConsultationDetailSerializer(ConsultationListSerializer):
    """A consultation with its facts, thread, decision, signatures and record."""

    messages = ConsultationMessageSerializer(many=True, read_only=True)
    events = ConsultationEventSerializer(many=True, read_only=True)
    referral = ReferralSerializer(
        read_only=True,
        allow_null=True,
        help_text=_("The 请示 to the superior procuratorate, once drafted, and its designation."),
    )
    record = serializers.SerializerMethodField(
        help_text=_(
            "The decision record once every party has signed: its number, its state and, "
            "once issued, its PDF URL."
        )
    )

    class Meta(ConsultationListSerializer.Meta):
        fields = [
            *ConsultationListSerializer.Meta.fields,
            "facts", "decision_reasons", "decided_at", "messages", "events", "record",
            "referral",
        ]  # fmt: skip
        read_only_fields = fields

    def get_record(self, consultation) -> dict | None:
        record = getattr(consultation, "issued_record", None)
        if record is None:
            return None
        request = self.context.get("request")
        path = reverse("api:consultation-record", args=[consultation.pk])
        issued = record.state == record.State.ISSUED
        return {
            "number": record.number,
            "state": record.state,
            "url": (request.build_absolute_uri(path) if request else path) if issued else None,
        }


# The positions a party states (not "not stated yet").
STATED_POSITIONS = [
    (Position.CLAIMS.value, Position.CLAIMS.label),
    (Position.DECLINES.value, Position.DECLINES.label),
]


class OpenSerializer(serializers.Serializer):
    """A consultation opened by your procuratorate, with its position."""

    subject = serializers.CharField(max_length=200)
    case_number = serializers.CharField(max_length=100, required=False, default="")
    category = serializers.ChoiceField(choices=CaseCategory.choices)
    dispute = serializers.ChoiceField(choices=Consultation.Dispute.choices)
    facts = serializers.CharField()
    due_date = serializers.DateField()
    parties = serializers.ListField(
        child=RelatedIdField(Procuratorate.objects.all()),
        help_text=_("Ids of the other procuratorates concerned."),
    )
    position = serializers.ChoiceField(choices=STATED_POSITIONS, default=Position.UNSTATED)
    reasons = serializers.CharField(required=False, allow_blank=True, default="")


class PositionSerializer(serializers.Serializer):
    position = serializers.ChoiceField(choices=STATED_POSITIONS)
    reasons = serializers.CharField(allow_blank=True)


class PostSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(
        choices=ConsultationMessage.Kind.choices, default=ConsultationMessage.Kind.MESSAGE
    )
    held_on = serializers.DateField(required=False, allow_null=True, default=None)
    body = serializers.CharField(allow_blank=True)


class DecisionSerializer(serializers.Serializer):
    handling_procuratorate = RelatedIdField(
        Procuratorate.objects.all(), help_text=_("Id of the procuratorate that handles the case.")
    )
    reasons = serializers.CharField(allow_blank=True)


class SignoffSerializer(serializers.Serializer):
    action = serializers.ChoiceField(
        choices=SIGNOFF_ACTIONS,
        help_text=_("Pass the review, sign off, or return the decision to its drafter."),
    )
    comment = serializers.CharField(required=False, allow_blank=True, default="")


class StatusFilterSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=Consultation.Status.choices, required=False)


# The 请示's actions (referral_api.py) answer with the consultation, as every other action.
@extend_schema_view(
    **{
        name: extend_schema(responses={200: ConsultationDetailSerializer, **ERRORS})
        for name in ("referral", "referral_signoff", "designation")
    }
)
class ConsultationViewSet(ReferralActions, viewsets.GenericViewSet):
    """Jurisdiction consultations between procuratorates of different provinces."""

    queryset = Consultation.objects.none()  # for the schema; reads go through selectors
    lookup_value_regex = ID_PATTERN
    serializer_class = ConsultationDetailSerializer

    def detail_response(self, pk, status_code=status.HTTP_200_OK) -> Response:
        consultation = consultation_detail(user=self.request.user, pk=pk)
        context = self.get_serializer_context()
        return Response(
            ConsultationDetailSerializer(consultation, context=context).data, status=status_code
        )

    def target(self, pk) -> Consultation:
        return consultation_policy.get_or_404(self.request.user, pk=pk)

    @extend_schema(
        parameters=[StatusFilterSerializer],
        responses={200: ConsultationListSerializer(many=True)},
    )
    def list(self, request):
        """The consultations your procuratorates take part in, newest first."""
        params = parsed(StatusFilterSerializer, request.query_params)
        page = self.paginate_queryset(consultation_list(user=request.user, **params))
        return self.get_paginated_response(ConsultationListSerializer(page, many=True).data)

    @extend_schema(responses={200: ConsultationDetailSerializer, 404: ErrorSerializer})
    def retrieve(self, request, pk=None):
        """One consultation."""
        return self.detail_response(pk)

    @extend_schema(
        request=OpenSerializer,
        responses={201: ConsultationDetailSerializer, 400: ErrorSerializer, 403: ErrorSerializer},
    )
    @idempotent_create
    def create(self, request):
        """Open a consultation with the procuratorates of other provinces concerned."""
        data = parsed(OpenSerializer, request.data)
        # An unknown id arrives as None: the service refuses it under `parties`.
        parties = data.pop("parties")
        position, reasons = data.pop("position"), data.pop("reasons")
        with service_errors():
            consultation = services.consultation_open(
                user=request.user, data=data, parties=parties, position=position, reasons=reasons
            )
        return self.detail_response(consultation.pk, status.HTTP_201_CREATED)

    @extend_schema(
        request=PositionSerializer, responses={200: ConsultationDetailSerializer, **ERRORS}
    )
    @action(detail=True, methods=["post"])
    def position(self, request, pk=None):
        """Your procuratorate claims or declines the case, with its grounds."""
        consultation = self.target(pk)
        data = parsed(PositionSerializer, request.data)
        with service_errors():
            services.consultation_state_position(
                user=request.user, consultation=consultation, **data
            )
        return self.detail_response(pk)

    @extend_schema(request=PostSerializer, responses={201: ConsultationMessageSerializer, **ERRORS})
    @action(detail=True, methods=["post"])
    def messages(self, request, pk=None):
        """Write to the other parties, or record a meeting held (`kind` meeting, `held_on`)."""
        consultation = self.target(pk)
        data = parsed(PostSerializer, request.data)
        with service_errors():
            message = services.consultation_post(
                user=request.user, consultation=consultation, **data
            )
        return Response(ConsultationMessageSerializer(message).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=DecisionSerializer, responses={200: ConsultationDetailSerializer, **ERRORS}
    )
    @action(detail=True, methods=["post"])
    def decision(self, request, pk=None):
        """The opening procuratorate records the decision; each party's chief then signs."""
        consultation = self.target(pk)
        data = parsed(DecisionSerializer, request.data)
        with service_errors():
            services.consultation_decide(user=request.user, consultation=consultation, **data)
        return self.detail_response(pk)

    @extend_schema(request=None, responses={200: ConsultationDetailSerializer, **ERRORS})
    @action(detail=True, methods=["post"])
    def sign(self, request, pk=None):
        """Your chief procurator (or a deputy signing for them) signs the decision off; the
        last signature makes it final (the same as `signoff` with `sign_off`)."""
        consultation = self.target(pk)
        with service_errors():
            services.consultation_sign(user=request.user, consultation=consultation)
        return self.detail_response(pk)

    @extend_schema(
        request=SignoffSerializer, responses={200: ConsultationDetailSerializer, **ERRORS}
    )
    @action(detail=True, methods=["post"])
    def signoff(self, request, pk=None):
        """A step of the decision's sign-off: the reviewer of the opening procuratorate passes
        or returns it (a return says why); each party's signer signs it off or returns it."""
        consultation = self.target(pk)
        data = parsed(SignoffSerializer, request.data)
        with service_errors():
            services.consultation_signoff(user=request.user, consultation=consultation, **data)
        return self.detail_response(pk)

    @extend_schema(
        responses={(200, "application/pdf"): OpenApiTypes.BINARY, **DOWNLOAD_ERRORS},
    )
    @action(detail=True, renderer_classes=DOWNLOAD_RENDERERS, url_path="draft-record")
    def draft_record(self, request, pk=None):
        """The decision in sign-off as a PDF watermarked 草稿, to its reviewer and signers."""
        return draft_response(decision_draft(user=request.user, consultation_pk=pk))

    @extend_schema(
        responses={(200, "application/pdf"): OpenApiTypes.BINARY, **DOWNLOAD_ERRORS},
    )
    @action(detail=True, renderer_classes=DOWNLOAD_RENDERERS)
    def record(self, request, pk=None):
        """The decision record's PDF, once issued; every download is logged."""
        record = services.decision_record_for_download(user=request.user, consultation_pk=pk)
        return file_response(record)
