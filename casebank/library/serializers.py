"""Serializers of the typical-case API: they parse and shape; the services decide."""

from rest_framework import serializers

from casebank.library.models import CaseEvent, CaseVersion, DefendantOutcome, TypicalCase
from casebank.library.services.cases import CASE_FIELDS
from casebank.library.services.outcomes import OUTCOME_FIELDS


class OutcomeSerializer(serializers.ModelSerializer):
    class Meta:
        model = DefendantOutcome
        fields = OUTCOME_FIELDS
        # The model's rules (a term with imprisonment, probation with suspension) are checked
        # by the service, which names the row.
        validators = []


class CaseListSerializer(serializers.ModelSerializer):
    source_procuratorate = serializers.StringRelatedField()
    url = serializers.CharField(source="get_absolute_url", read_only=True)

    class Meta:
        model = TypicalCase
        fields = [
            "id", "code", "title", "status", "province", "category", "charges", "keywords",
            "decided_on", "published_at", "source_procuratorate", "version", "sealed", "url",
        ]  # fmt: skip


class EventSerializer(serializers.ModelSerializer):
    actor = serializers.StringRelatedField()

    class Meta:
        model = CaseEvent
        fields = ["action", "label", "from_status", "to_status", "comment", "actor", "created_at"]


class VersionSerializer(serializers.ModelSerializer):
    published_by = serializers.StringRelatedField()

    class Meta:
        model = CaseVersion
        fields = ["number", "note", "published_by", "published_at"]


class CaseDetailSerializer(CaseListSerializer):
    outcomes = OutcomeSerializer(many=True, read_only=True)
    versions = VersionSerializer(many=True, read_only=True)
    events = serializers.SerializerMethodField()
    steps = serializers.SerializerMethodField()

    class Meta(CaseListSerializer.Meta):
        fields = [
            *CaseListSerializer.Meta.fields,
            "key_points", "facts", "handling", "significance", "legal_provisions",
            "review_comment", "withdrawal_reason", "withdrawn_at", "outcomes", "versions",
            "events", "steps",
        ]  # fmt: skip

    def get_events(self, case) -> list[dict]:
        # The history of reviews stays in the case's province.
        if not self.context.get("own_province"):
            return []
        return EventSerializer(case.events.all(), many=True).data

    def get_steps(self, case) -> list[str]:
        return self.context.get("steps", [])


class CaseWriteSerializer(serializers.ModelSerializer):
    keywords = serializers.ListField(child=serializers.CharField(max_length=50), required=False)
    charges = serializers.ListField(child=serializers.CharField(max_length=100), required=False)
    outcomes = OutcomeSerializer(many=True, required=False)

    class Meta:
        model = TypicalCase
        fields = [*CASE_FIELDS, "outcomes"]

    def service_kwargs(self) -> dict:
        data = dict(self.validated_data)
        outcomes = data.pop("outcomes", None)
        return {"data": data, "outcomes": outcomes}


class ReviseSerializer(CaseWriteSerializer):
    note = serializers.CharField(help_text="What changed in this revision.")

    class Meta(CaseWriteSerializer.Meta):
        # Sealing a shared case is a step of its own (`seal`).
        fields = [
            *(f for f in CASE_FIELDS if f not in ("other_names", "sealed")),
            "outcomes",
            "note",
        ]


class SubmitSerializer(serializers.Serializer):
    confirmed = serializers.BooleanField(
        help_text="True once you have checked the masked preview (GET …/preview/)."
    )


class CaseCommentSerializer(serializers.Serializer):
    comment = serializers.CharField(help_text="The reviewer's comments or the reason.")


class PreviewSerializer(serializers.Serializer):
    fields = serializers.DictField(child=serializers.CharField())
    keywords = serializers.ListField(child=serializers.CharField())
    defendants = serializers.ListField(child=serializers.CharField())
    names = serializers.ListField(child=serializers.ListField(child=serializers.CharField()))
    identity_numbers = serializers.IntegerField()
    personal_data = serializers.ListField(
        child=serializers.ListField(child=serializers.CharField()),
        help_text="Other personal data hidden: [kind, how many].",
    )
