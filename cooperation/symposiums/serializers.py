"""What the symposium endpoints show and take."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from cooperation.meetings.serializers import absolute
from cooperation.symposiums.models import (
    Symposium,
    SymposiumDocument,
    SymposiumFollowUp,
    SymposiumParticipant,
)
from cooperation.symposiums.permissions import symposium_policy
from portal.models import Procuratorate


class ParticipantSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="procuratorate.name", read_only=True)
    province = serializers.CharField(source="procuratorate.province", read_only=True)

    class Meta:
        model = SymposiumParticipant
        fields = ["procuratorate", "name", "province"]
        read_only_fields = fields


class SymposiumListSerializer(serializers.ModelSerializer):
    """One line of the symposiums list."""

    convener_name = serializers.CharField(source="convener.name", read_only=True)
    participants = ParticipantSerializer(many=True, read_only=True)

    class Meta:
        model = Symposium
        fields = [
            "id", "title", "held_on", "venue", "convener", "convener_name", "participants",
            "created_at",
        ]  # fmt: skip
        read_only_fields = fields


class FollowUpSerializer(serializers.ModelSerializer):
    owner_name = serializers.CharField(source="owner.name", read_only=True)

    class Meta:
        model = SymposiumFollowUp
        fields = ["id", "text", "owner", "owner_name", "due_date", "done"]
        read_only_fields = fields


class DocumentSerializer(serializers.ModelSerializer):
    """A document of the symposium, downloaded through its URL."""

    name = serializers.CharField(source="original_name", read_only=True)
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = SymposiumDocument
        fields = ["id", "name", "uploaded_by", "created_at", "download_url"]
        read_only_fields = fields

    def get_download_url(self, document) -> str:
        return absolute(self, "symposium-document", document.symposium_id, document.pk)


class SymposiumDetailSerializer(SymposiumListSerializer):
    """A symposium with its agreement, follow-up items and documents."""

    created_by_name = serializers.CharField(source="created_by.get_full_name", read_only=True)
    follow_ups = FollowUpSerializer(many=True, read_only=True)
    documents = DocumentSerializer(many=True, read_only=True)
    may_change = serializers.SerializerMethodField()

    class Meta(SymposiumListSerializer.Meta):
        fields = [
            *SymposiumListSerializer.Meta.fields,
            "agreement", "created_by", "created_by_name", "follow_ups", "documents", "may_change",
        ]  # fmt: skip
        read_only_fields = fields

    def get_may_change(self, symposium) -> bool:
        """Whether you record it (agreement, follow-up items, documents): the convener's side."""
        return symposium_policy.can(self.context["request"].user, "change", symposium)


class SymposiumWriteSerializer(serializers.ModelSerializer):
    """A new symposium; the convener is your procuratorate."""

    participants = serializers.PrimaryKeyRelatedField(
        queryset=Procuratorate.objects.all(),
        many=True,
        required=False,
        help_text=_("Ids of the procuratorates taking part, at least one of another province."),
    )

    class Meta:
        model = Symposium
        fields = ["title", "held_on", "venue", "agreement", "participants"]
        extra_kwargs = {name: {"required": False} for name in fields}
