"""What the liaison mechanism's API reads and writes: output shapes and parsed input.

The serializers shape and parse only; whether the input makes a valid meeting, answer or
symposium is the services' answer (they name the field that is wrong).
"""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from cooperation.meetings.models import (
    AgendaDocument,
    AgendaItem,
    Invitation,
    Meeting,
    MeetingNotice,
    MinutesRevision,
    Resolution,
    ResolutionProgress,
)
from cooperation.meetings.permissions import resolution_policy
from cooperation.rotation.permissions import is_chair_office
from portal.api_support import RelatedIdField, UploadField
from portal.models import Procuratorate
from portal.signoff import SIGNOFF_ACTIONS


def absolute(serializer: serializers.Serializer, name: str, *args) -> str:
    """The absolute URL of the API route `name`."""
    return serializer.context["request"].build_absolute_uri(reverse(f"api:{name}", args=args))


# Resolutions.


class ProgressSerializer(serializers.ModelSerializer):
    """What the owner reported on a resolution."""

    author_name = serializers.CharField(source="author.get_full_name", read_only=True)

    class Meta:
        model = ResolutionProgress
        fields = ["id", "note", "done", "author", "author_name", "created_at"]
        read_only_fields = fields


class ResolutionListSerializer(serializers.ModelSerializer):
    """A resolution of a meeting: what, whose, by when, and whether it is done."""

    meeting_name = serializers.CharField(source="meeting.__str__", read_only=True)
    owner_name = serializers.CharField(source="owner.name", read_only=True)
    # A plain string, like a meeting's `status`: the schema's enum named `state` is the letters'.
    state = serializers.CharField(
        read_only=True, help_text=_("`open` or `done`; `state_label` says it in your language.")
    )
    state_label = serializers.CharField(source="get_state_display", read_only=True)
    is_overdue = serializers.SerializerMethodField()
    may_report = serializers.SerializerMethodField()

    class Meta:
        model = Resolution
        fields = [
            "id", "meeting", "meeting_name", "text", "owner", "owner_name", "due_date", "state",
            "state_label", "is_overdue", "created_at", "done_at", "may_report",
        ]  # fmt: skip
        read_only_fields = fields

    def get_is_overdue(self, obj) -> bool:
        return obj.state == Resolution.State.OPEN and obj.due_date < timezone.localdate()

    def get_may_report(self, obj) -> bool:
        """Whether you may report progress (`report`): the owner's liaison officers and chiefs."""
        return obj.state == Resolution.State.OPEN and resolution_policy.can(
            self.context["request"].user, "report", obj
        )


class ResolutionDetailSerializer(ResolutionListSerializer):
    """A resolution with every progress report."""

    progress = ProgressSerializer(many=True, read_only=True)

    class Meta(ResolutionListSerializer.Meta):
        fields = [*ResolutionListSerializer.Meta.fields, "progress"]
        read_only_fields = fields


# Meetings.


class MeetingListSerializer(serializers.ModelSerializer):
    """One line of the meetings list."""

    name = serializers.CharField(source="__str__", read_only=True)
    # Plain strings: the member codes' enum is documented once, as `ProvinceEnum`.
    host = serializers.CharField(
        read_only=True,
        help_text=_("The code of the member holding the chair, e.g. `GS`; `host_label` names it."),
    )
    host_label = serializers.CharField(source="get_host_display", read_only=True)
    status = serializers.CharField(
        read_only=True,
        help_text=_(
            "`draft`, `published` or `cancelled`; `status_label` says it in your language."
        ),
    )
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    answered = serializers.IntegerField(
        read_only=True, help_text=_("How many invited members have answered.")
    )

    class Meta:
        model = Meeting
        fields = [
            "id", "number", "name", "year", "host", "host_label", "title", "starts_at",
            "ends_at", "venue", "online", "status", "status_label", "answered", "published_at",
        ]  # fmt: skip
        read_only_fields = fields


class AgendaDocumentSerializer(serializers.ModelSerializer):
    """A document of an agenda item, downloaded through its URL."""

    name = serializers.CharField(source="original_name", read_only=True)
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = AgendaDocument
        fields = ["id", "name", "uploaded_by", "created_at", "download_url"]
        read_only_fields = fields

    def get_download_url(self, document) -> str:
        return absolute(self, "meeting-agenda-document", document.item.meeting_id, document.pk)


class AgendaItemSerializer(serializers.ModelSerializer):
    presenter_name = serializers.CharField(source="presenter.name", read_only=True)
    documents = AgendaDocumentSerializer(many=True, read_only=True)

    class Meta:
        model = AgendaItem
        fields = [
            "id", "position", "title", "presenter", "presenter_name", "duration_minutes",
            "carried_resolution", "documents",
        ]  # fmt: skip
        read_only_fields = fields


class InvitationSerializer(serializers.ModelSerializer):
    """A member invited, its answer and its delegates."""

    procuratorate_name = serializers.CharField(source="procuratorate.name", read_only=True)
    answer = serializers.CharField(
        read_only=True,
        help_text=_(
            "`pending`, `attending` or `declined`; `answer_label` says it in your language."
        ),
    )
    answer_label = serializers.CharField(source="get_answer_display", read_only=True)
    delegates = serializers.ListField(
        source="delegate_names", child=serializers.CharField(), read_only=True
    )
    answered_by_name = serializers.CharField(
        source="answered_by.get_full_name", read_only=True, allow_null=True
    )

    class Meta:
        model = Invitation
        fields = [
            "id", "procuratorate", "procuratorate_name", "answer", "answer_label", "delegates",
            "answered_by", "answered_by_name", "answered_at", "reminded_at",
        ]  # fmt: skip
        read_only_fields = fields


class RevisionSerializer(serializers.ModelSerializer):
    """One saved version of the minutes."""

    author_name = serializers.CharField(source="author.get_full_name", read_only=True)

    class Meta:
        model = MinutesRevision
        fields = ["id", "text", "author", "author_name", "created_at"]
        read_only_fields = fields


class NoticeSerializer(serializers.ModelSerializer):
    """The meeting notice; its PDF URL once issued."""

    state_label = serializers.CharField(source="get_state_display", read_only=True)
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = MeetingNotice
        fields = ["number", "state", "state_label", "issued_at", "download_url"]
        read_only_fields = fields

    def get_download_url(self, notice) -> str | None:
        if notice.state != MeetingNotice.State.ISSUED:
            return None
        return absolute(self, "meeting-notice", notice.meeting_id)


class MeetingDetailSerializer(MeetingListSerializer):
    """A meeting with its agenda, invitations, minutes, resolutions and notice."""

    online_link = serializers.CharField(read_only=True)
    created_by_name = serializers.CharField(source="created_by.get_full_name", read_only=True)
    agenda = AgendaItemSerializer(many=True, read_only=True)
    invitations = InvitationSerializer(many=True, read_only=True)
    revisions = RevisionSerializer(many=True, read_only=True)
    resolutions = ResolutionDetailSerializer(many=True, read_only=True)
    notice = serializers.SerializerMethodField()
    ics_url = serializers.SerializerMethodField()
    may_edit = serializers.SerializerMethodField()
    answered = serializers.SerializerMethodField(
        help_text=_("How many invited members have answered.")
    )

    class Meta(MeetingListSerializer.Meta):
        fields = [
            *MeetingListSerializer.Meta.fields,
            "online_link", "attendees", "reply_by", "contact_person", "contact_phone",
            "created_by", "created_by_name", "created_at", "agenda",
            "invitations", "minutes", "revisions", "resolutions", "notice", "ics_url", "may_edit",
        ]  # fmt: skip
        read_only_fields = fields

    @extend_schema_field(NoticeSerializer(allow_null=True))
    def get_notice(self, meeting) -> dict | None:
        notice = getattr(meeting, "notice", None)  # none before publication
        return None if notice is None else NoticeSerializer(notice, context=self.context).data

    def get_answered(self, meeting) -> int:
        pending = Invitation.Answer.PENDING
        return sum(invitation.answer != pending for invitation in meeting.invitations.all())

    def get_ics_url(self, meeting) -> str:
        return absolute(self, "meeting-ics", meeting.pk)

    def get_may_edit(self, meeting) -> bool:
        """Whether you belong to the chair office of the meeting's year (edit and every step)."""
        return is_chair_office(self.context["request"].user, meeting.year)


class AgendaItemInputSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=200)
    presenter = RelatedIdField(
        Procuratorate.objects.all(), help_text=_("Id of the presenting procuratorate.")
    )
    duration_minutes = serializers.IntegerField(
        min_value=1, max_value=24 * 60, required=False, default=20
    )


class MeetingWriteSerializer(serializers.ModelSerializer):
    """A meeting's fields as sent; whether they make a valid meeting is the service's answer."""

    agenda = AgendaItemInputSerializer(
        many=True,
        required=False,
        help_text=_("The meeting's own agenda items in order; sent, they replace the old ones."),
    )

    class Meta:
        model = Meeting
        fields = [
            "title", "starts_at", "ends_at", "venue", "online", "online_link",
            "attendees", "reply_by", "contact_person", "contact_phone", "agenda",
        ]  # fmt: skip
        extra_kwargs = {name: {"required": False} for name in fields}


class SignoffInputSerializer(serializers.Serializer):
    """A step of the notice's sign-off, with the comment a return needs."""

    action = serializers.ChoiceField(choices=SIGNOFF_ACTIONS)
    comment = serializers.CharField(required=False, allow_blank=True, default="")


class AnswerInputSerializer(serializers.Serializer):
    """Your member's answer to the invitation."""

    answer = serializers.ChoiceField(
        choices=[
            (Invitation.Answer.ATTENDING, Invitation.Answer.ATTENDING.label),
            (Invitation.Answer.DECLINED, Invitation.Answer.DECLINED.label),
        ]
    )
    delegates = serializers.ListField(
        child=serializers.CharField(max_length=100, allow_blank=True),
        required=False,
        default=list,
        help_text=_("The names of the delegates; at least one when attending."),
    )


class RemindResultSerializer(serializers.Serializer):
    reminded = serializers.IntegerField(help_text=_("How many members were reminded."))


class TextInputSerializer(serializers.Serializer):
    """A step that takes a text: the minutes, the agreement reached."""

    text = serializers.CharField(required=False, allow_blank=True, default="")


class ItemInputSerializer(TextInputSerializer):
    """An item with an owner and a due date: a resolution, a follow-up item."""

    owner = RelatedIdField(
        Procuratorate.objects.all(),
        required=False,
        allow_null=True,
        default=None,
        help_text=_("Id of the procuratorate that carries it out."),
    )
    due_date = serializers.DateField(required=False, allow_null=True, default=None)


class ReportInputSerializer(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, default="")
    done = serializers.BooleanField(required=False, default=False)


class MeetingFilterSerializer(serializers.Serializer):
    year = serializers.IntegerField(min_value=2000, max_value=2100, required=False)
    month = serializers.IntegerField(
        min_value=1, max_value=12, required=False, help_text=_("Month of the start (Beijing time)")
    )


class ResolutionFilterSerializer(serializers.Serializer):
    state = serializers.ChoiceField(choices=Resolution.State.choices, required=False)
    owner = serializers.IntegerField(
        min_value=1, required=False, help_text=_("Id of the owning procuratorate")
    )


# Symposiums.


class DocumentInputSerializer(serializers.Serializer):
    """A document of the symposium (multipart/form-data)."""

    upload = UploadField()
