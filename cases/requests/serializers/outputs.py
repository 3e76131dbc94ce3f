"""What the requests API reads and writes: serializers only, no rule."""

from django import forms
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from cases.requests import services
from cases.requests.models import (
    AssistanceRequest,
    DeadlineExtension,
    Letter,
    ProposedSlot,
    RequestAttachment,
    RequestEvent,
    RequestMessage,
    Supplement,
)
from cases.requests.permissions import reply_visible
from cases.requests.types import (
    SPECS,
    WITNESS_PROTECTION_CATEGORIES,
    details_display,
    mask_details,
    person_label,
)
from portal.api_support import (
    LabelField,
)

# What the replying side wrote, hidden from the requester until the reply is signed off.
REPLY_FIELDS = ["reply_result", "reply_completion", "reply_completion_label", "reply_alternative"]


# Output.


class RequestListSerializer(serializers.ModelSerializer):
    """One line of a list: what the request is, where it stands, between whom; person masked."""

    request_type_label = LabelField(source="request_type")
    status_label = LabelField(source="status")
    urgency_label = LabelField(source="urgency")
    category_label = LabelField(source="category")
    is_overdue = serializers.BooleanField(read_only=True)
    requesting_procuratorate_name = serializers.CharField(
        source="requesting_procuratorate.name", read_only=True
    )
    requested_procuratorate_name = serializers.CharField(
        source="requested_procuratorate.name", read_only=True
    )
    forwarded_to_name = serializers.CharField(
        source="forwarded_to.name", read_only=True, allow_null=True
    )
    person = serializers.SerializerMethodField()

    class Meta:
        model = AssistanceRequest
        fields = [
            "id", "number", "request_type", "request_type_label", "status", "status_label",
            "is_overdue", "urgency", "urgency_label", "due_date", "case_name", "category",
            "category_label", "requesting_procuratorate", "requesting_procuratorate_name",
            "requested_procuratorate", "requested_procuratorate_name", "forwarded_to",
            "forwarded_to_name", "person", "created_at", "submitted_at",
        ]  # fmt: skip
        read_only_fields = fields

    def reveal(self, obj) -> bool:
        """Whether identity data are shown in full: never in a list."""
        return False

    def get_person(self, obj) -> str:
        return person_label(
            obj.request_type, obj.details, category=obj.category, reveal=self.reveal(obj)
        )


class SlotSerializer(serializers.ModelSerializer):
    """A proposed time slot (Beijing time)."""

    class Meta:
        model = ProposedSlot
        fields = ["id", "starts_at", "ends_at"]


class DetailItemSerializer(serializers.Serializer):
    """One type-specific detail: its key, its label, its value (masked where sensitive)."""

    name = serializers.CharField()
    label = serializers.CharField()
    value = serializers.JSONField()


class EventSerializer(serializers.ModelSerializer):
    """One step of the timeline."""

    actor_name = serializers.CharField(
        source="actor.get_full_name", read_only=True, allow_null=True
    )
    # Plain strings: the schema documents the status choices once, under `status`.
    from_status = serializers.CharField(read_only=True)
    to_status = serializers.CharField(read_only=True)
    action_label = serializers.CharField(source="label", read_only=True)
    from_status_label = LabelField(source="from_status")
    to_status_label = LabelField(source="to_status")
    changes = serializers.SerializerMethodField()
    changed_fields = serializers.ListField(child=serializers.CharField(), read_only=True)

    class Meta:
        model = RequestEvent
        fields = [
            "id", "actor", "actor_name", "action", "action_label", "from_status",
            "from_status_label", "to_status", "to_status_label", "comment", "changes",
            "changed_fields", "created_at",
        ]  # fmt: skip

    @extend_schema_field(OpenApiTypes.OBJECT)
    def get_changes(self, event) -> dict:
        """Field: [old, new]; identity data in the details masked for those who are no handlers."""
        changes = dict(event.changes)
        if "details" in changes:
            request = event.request
            # Details written while the case was of a category that protects witnesses stay
            # protected after the category changes.
            categories = [request.category, *changes.get("category", [])]
            category = next(
                (c for c in categories if c in WITNESS_PROTECTION_CATEGORIES), request.category
            )
            changes["details"] = [
                mask_details(
                    value,
                    request_type=request.request_type,
                    category=category,
                    reveal=self.context.get("reveal", False),
                )
                for value in changes["details"]
            ]
        return changes


class MessageSerializer(serializers.ModelSerializer):
    """A message to the other side, or an internal note of the user's own side."""

    author_name = serializers.CharField(source="author.get_full_name", read_only=True)
    side_label = LabelField(source="side")

    class Meta:
        model = RequestMessage
        fields = [
            "id",
            "author",
            "author_name",
            "side",
            "side_label",
            "internal",
            "body",
            "created_at",
        ]


class AttachmentSerializer(serializers.ModelSerializer):
    """A document attached by either side, downloaded through its URL."""

    name = serializers.CharField(source="original_name", read_only=True)
    uploaded_by_name = serializers.CharField(source="uploaded_by.get_full_name", read_only=True)
    side_label = LabelField(source="side")
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = RequestAttachment
        fields = [
            "id", "name", "size", "content_type", "side", "side_label", "uploaded_by",
            "uploaded_by_name", "created_at", "download_url",
        ]  # fmt: skip

    def get_download_url(self, attachment) -> str:
        path = reverse("api:request-attachment", args=[attachment.request_id, attachment.pk])
        return self.context["request"].build_absolute_uri(path)


class LetterSerializer(serializers.ModelSerializer):
    """A formal letter; its PDF URL for the handlers once issued."""

    kind_label = LabelField(source="kind")
    state_label = LabelField(source="state")
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = Letter
        fields = [
            "id",
            "kind",
            "kind_label",
            "version",
            "number",
            "state",
            "state_label",
            "signed_off_at",
            "issued_at",
            "signature_valid",
            "download_url",
        ]

    def get_download_url(self, letter) -> str | None:
        """Issued letters, to the handlers of the procuratorates concerned only."""
        if letter.state != Letter.State.ISSUED or not self.context.get("reveal", False):
            return None
        path = reverse("api:request-letter", args=[letter.request_id, letter.kind])
        return self.context["request"].build_absolute_uri(f"{path}?version={letter.version}")


class SupplementSerializer(serializers.ModelSerializer):
    """A 补充函 or 更正函 being drafted or in sign-off (the requesting side's only); issued,
    it is among the letters."""

    kind_label = LabelField(source="kind")
    status_label = LabelField(source="status")
    refers_to_number = serializers.CharField(source="refers_to.number", read_only=True)
    drafted_by_name = serializers.CharField(source="drafted_by.get_full_name", read_only=True)
    available_actions = serializers.SerializerMethodField()

    class Meta:
        model = Supplement
        fields = [
            "id", "kind", "kind_label", "status", "status_label", "refers_to",
            "refers_to_number", "body", "drafted_by", "drafted_by_name", "return_comment",
            "created_at", "available_actions",
        ]  # fmt: skip
        read_only_fields = fields

    def get_available_actions(self, supplement) -> list[str]:
        """The steps you may take on it now (`POST …/supplements/{id}/` with `action`)."""
        return services.SUPPLEMENT_WORKFLOW.available(self.context["request"].user, supplement)


class ExtensionSerializer(serializers.ModelSerializer):
    """A request for more time and its decision."""

    asked_by_name = serializers.CharField(source="asked_by.get_full_name", read_only=True)
    decision_label = LabelField(source="decision")
    decided_by_name = serializers.CharField(
        source="decided_by.get_full_name", read_only=True, allow_null=True
    )

    class Meta:
        model = DeadlineExtension
        fields = [
            "id", "proposed_due_date", "reason", "decision", "decision_label", "asked_by",
            "asked_by_name", "decided_by", "decided_by_name", "decided_at", "created_at",
        ]  # fmt: skip


class RequestDetailSerializer(RequestListSerializer):
    """Everything about one request the user may see, and the steps they may take now."""

    # Identity data are shown in full only when the view puts `reveal` in the context (the
    # user handles the request); without it they are masked, so forgetting it leaks nothing.

    created_by_name = serializers.CharField(source="created_by.get_full_name", read_only=True)
    handler_name = serializers.CharField(
        source="handler.get_full_name", read_only=True, allow_null=True
    )
    details = serializers.SerializerMethodField()
    proposed_slots = SlotSerializer(many=True, read_only=True)
    ics_url = serializers.SerializerMethodField()
    # Plain strings: the schema documents these choices once, where they are sent.
    return_reason = serializers.CharField(read_only=True)
    return_reason_label = LabelField(source="return_reason")
    reply_completion = serializers.CharField(read_only=True)
    reply_completion_label = LabelField(source="reply_completion")
    events = EventSerializer(source="visible_events", many=True, read_only=True)
    messages = MessageSerializer(source="visible_messages", many=True, read_only=True)
    attachments = AttachmentSerializer(many=True, read_only=True)
    letters = LetterSerializer(many=True, read_only=True)
    supplements = SupplementSerializer(source="open_supplements", many=True, read_only=True)
    extensions = ExtensionSerializer(many=True, read_only=True)
    available_actions = serializers.SerializerMethodField()

    class Meta(RequestListSerializer.Meta):
        fields = [
            *RequestListSerializer.Meta.fields,
            "case_number", "legal_basis", "description", "contact_person", "contact_phone",
            "needs_venue", "needs_equipment", "needs_coordination", "created_by",
            "created_by_name", "handler", "handler_name", "details", "proposed_slots",
            "agreed_slot", "agreed_venue", "agreed_equipment", "ics_url", "return_reason",
            "return_reason_label", "return_comment", "reply_result", "reply_completion",
            "reply_completion_label", "reply_alternative", "completed_at", "updated_at",
            "events", "messages", "attachments", "letters", "supplements", "extensions",
            "available_actions",
        ]  # fmt: skip
        read_only_fields = fields

    def reveal(self, obj) -> bool:
        """Whether identity data are shown in full: to the request's handlers only."""
        return self.context.get("reveal", False)

    def to_representation(self, obj):
        data = super().to_representation(obj)
        if not reply_visible(self.context["request"].user, obj):
            # The reply in sign-off is not the requester's to read yet.
            data.update(dict.fromkeys(REPLY_FIELDS, ""))
        return data

    @extend_schema_field(DetailItemSerializer(many=True))
    def get_details(self, obj) -> list[dict]:
        fields = SPECS[obj.request_type].form.base_fields
        shown = details_display(
            obj.request_type, obj.details, category=obj.category, reveal=self.reveal(obj)
        )
        return [
            {
                "name": name,
                "label": str(label),
                # A yes/no stays a boolean for programs; the pages show it as words.
                "value": bool(obj.details.get(name))
                if isinstance(field, forms.BooleanField)
                else value,
            }
            for (name, field), (label, value) in zip(fields.items(), shown, strict=True)
        ]

    def get_ics_url(self, obj) -> str | None:
        if obj.agreed_slot_id is None:
            return None
        return self.context["request"].build_absolute_uri(reverse("api:request-ics", args=[obj.pk]))

    def get_available_actions(self, obj) -> list[str]:
        """The steps the user may take now; "edit" means PATCH, every other one has its POST."""
        return services.available_actions(self.context["request"].user, obj)


# Input.
