"""What the request endpoints take: the fields of a request, each step's input, the filters."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from cases.requests import services
from cases.requests.models import (
    AssistanceRequest,
    Completion,
    Letter,
    ProposedSlot,
    RequestType,
    ReturnReason,
    Status,
    Supplement,
)
from cases.requests.selectors import RECEIVED, SENT, SIGNOFF
from portal.api_support import (
    RelatedIdField,
    UploadField,
)
from portal.models import CaseCategory, Procuratorate, Province, User

# Output.


class SlotInputSerializer(serializers.Serializer):
    """A proposed time slot."""

    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField()


class RequestWriteSerializer(serializers.ModelSerializer):
    """A request's fields as sent; whether they make a valid request is the service's answer."""

    requested_procuratorate = RelatedIdField(
        Procuratorate.objects.all(),
        required=False,
        help_text=_("Id of the procuratorate of another province asked for help."),
    )
    details = serializers.DictField(
        required=False,
        help_text=_("The fields of the request type, by name; sent whole, they replace the old."),
    )
    proposed_slots = SlotInputSerializer(
        many=True,
        required=False,
        help_text=_("Proposed time slots; sent, they replace the old ones."),
    )

    class Meta:
        model = AssistanceRequest
        fields = [*services.COMMON_FIELDS, "details", "proposed_slots"]
        extra_kwargs = {name: {"required": False} for name in services.COMMON_FIELDS}

    def service_kwargs(self) -> dict:
        """The service's `data`, `details` and `slots`; None for what was not sent."""
        data = dict(self.validated_data)
        details = data.pop("details", None)
        slots = data.pop("proposed_slots", None)
        if slots is not None:
            slots = [(slot["starts_at"], slot["ends_at"]) for slot in slots]
        return {"data": data, "details": details, "slots": slots}


class CommentInputSerializer(serializers.Serializer):
    """A step that takes a comment only."""

    comment = serializers.CharField(required=False, allow_blank=True, default="")

    def service_kwargs(self) -> dict:
        return dict(self.validated_data)


class ReturnInputSerializer(CommentInputSerializer):
    """Return the request: why, and (for "other") a comment saying so."""

    reason = serializers.ChoiceField(choices=ReturnReason.choices, required=False)


class ForwardInputSerializer(CommentInputSerializer):
    """Forward the request to a procuratorate below the requested one."""

    target = RelatedIdField(
        Procuratorate.objects.all(),
        required=False,
        help_text=_("Id of a procuratorate below the requested one."),
    )


class AssignInputSerializer(CommentInputSerializer):
    """Make a colleague the handler."""

    handler = RelatedIdField(
        User.objects.all(),
        required=False,
        help_text=_("Id of a prosecutor or liaison officer of the procuratorate handling it."),
    )


class AgreeSlotInputSerializer(CommentInputSerializer):
    """Agree one of the proposed time slots, the venue and the equipment."""

    slot = RelatedIdField(
        ProposedSlot.objects.all(),
        required=False,
        help_text=_("Id of one of the request's proposed time slots."),
    )
    venue = serializers.CharField(required=False, allow_blank=True, max_length=200)
    equipment = serializers.CharField(required=False, allow_blank=True, max_length=200)


class AskExtensionInputSerializer(CommentInputSerializer):
    """Ask for a later due date; the comment gives the reason."""

    proposed_due_date = serializers.DateField(required=False)


class DecideExtensionInputSerializer(CommentInputSerializer):
    """Approve or decline the pending extension."""

    # allow_null: a form that leaves it out has not decided, rather than declined.
    approve = serializers.BooleanField(required=False, allow_null=True)


class CompleteInputSerializer(CommentInputSerializer):
    """Reply: the result, how fully it was done (else the comment says what was not)."""

    result = serializers.CharField(required=False, allow_blank=True)
    completion = serializers.ChoiceField(choices=Completion.choices, required=False)
    upload = UploadField(required=False, help_text=_("Reply document"))


class AttachInputSerializer(CommentInputSerializer):
    """Attach a document (multipart/form-data)."""

    upload = UploadField()


class SupplementInputSerializer(CommentInputSerializer):
    """A 补充函 (adds facts or materials) or 更正函 (corrects a letter sent): its kind, the
    letter it refers to, its text."""

    kind = serializers.ChoiceField(choices=Supplement.Kind.choices, required=False)
    refers_to = RelatedIdField(
        Letter.objects.all(),
        required=False,
        allow_null=True,
        help_text=_(
            "Id of a letter your procuratorate sent on the request: the one a correction "
            "corrects; a supplementary letter refers to the request letter if not given."
        ),
    )
    body = serializers.CharField(required=False, allow_blank=True, default="")


class SupplementStepInputSerializer(SupplementInputSerializer):
    """A step of a supplementary or correction letter; `kind`, `refers_to` and `body` are read
    by `edit` only, `comment` says why a draft is returned."""

    action = serializers.ChoiceField(choices=services.SUPPLEMENT_ACTIONS)

    def service_kwargs(self) -> dict:
        data = dict(self.validated_data)
        if data["action"] != "edit":
            for name in ("kind", "refers_to", "body"):
                data.pop(name, None)
        return data


ACTION_INPUTS: dict[str, type[CommentInputSerializer]] = {
    "return": ReturnInputSerializer,
    "forward": ForwardInputSerializer,
    "assign": AssignInputSerializer,
    "agree_slot": AgreeSlotInputSerializer,
    "ask_extension": AskExtensionInputSerializer,
    "decide_extension": DecideExtensionInputSerializer,
    "complete": CompleteInputSerializer,
    "attach": AttachInputSerializer,
    "draft_supplement": SupplementInputSerializer,
}
# Every step has its endpoint but "edit", which is PATCH on the request itself.
STEP_ACTIONS = [name for name in services.TRANSITIONS if name != "edit"]


class UpperChoiceField(serializers.ChoiceField):
    """A choice of upper-case codes that also takes them in lower case."""

    def to_internal_value(self, data):
        return super().to_internal_value(str(data).upper())


class RequestFilterSerializer(serializers.Serializer):
    """The filters of the list, as query parameters."""

    box = serializers.ChoiceField(
        choices=[SENT, RECEIVED, SIGNOFF],
        required=False,
        allow_blank=True,
        help_text=_(
            "Sent or received by your procuratorates (both if not given), or waiting for your "
            "review or signature (signoff)."
        ),
    )
    status = serializers.ChoiceField(choices=Status.choices, required=False, allow_blank=True)
    request_type = serializers.ChoiceField(
        choices=RequestType.choices,
        required=False,
        allow_blank=True,
    )
    category = serializers.ChoiceField(
        choices=CaseCategory.choices, required=False, allow_blank=True
    )
    province = UpperChoiceField(
        choices=Province.choices,
        required=False,
        allow_blank=True,
        help_text=_("Counterpart province"),
    )
    overdue = serializers.BooleanField(required=False)
    q = serializers.CharField(
        required=False,
        allow_blank=True,
        help_text=_("Document number or case name"),
    )
