"""What the task-force endpoints show and take."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from cases.requests.models import AssistanceRequest
from cases.task_forces import services
from cases.task_forces.models import (
    TaskForce,
    TaskForceCase,
    TaskForceDocument,
    TaskForceEvent,
    TaskForceMember,
    TaskForceMessage,
    TaskForceTask,
    TeamRole,
)
from portal.api_support import (
    RelatedIdField,
    UploadField,
)
from portal.models import CaseCategory, DocumentDownload, User


class TeamMemberSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="user.get_full_name", read_only=True)
    procuratorate_name = serializers.CharField(source="procuratorate.name", read_only=True)
    province = serializers.CharField(source="procuratorate.province", read_only=True)
    role_label = serializers.CharField(source="get_role_display", read_only=True)

    class Meta:
        model = TaskForceMember
        fields = [
            "id", "user", "name", "procuratorate", "procuratorate_name", "province", "role",
            "role_label", "added_at", "removed_at",
        ]  # fmt: skip
        read_only_fields = fields


class TeamCaseSerializer(serializers.ModelSerializer):
    class Meta:
        model = TaskForceCase
        fields = ["id", "name", "number"]
        read_only_fields = fields


class TeamTaskSerializer(serializers.ModelSerializer):
    assignee_name = serializers.CharField(source="assignee.get_full_name", read_only=True)

    class Meta:
        model = TaskForceTask
        fields = ["id", "title", "assignee", "assignee_name", "due_date", "done_at"]
        read_only_fields = fields


class TeamMessageSerializer(serializers.ModelSerializer):
    author_name = serializers.CharField(source="author.get_full_name", read_only=True)

    class Meta:
        model = TaskForceMessage
        fields = ["id", "author", "author_name", "body", "created_at"]
        read_only_fields = fields


class DocumentDownloadSerializer(serializers.ModelSerializer):
    user_name = serializers.CharField(source="user.get_full_name", read_only=True)

    class Meta:
        model = DocumentDownload
        fields = ["user", "user_name", "downloaded_at"]
        read_only_fields = fields


class TeamDocumentSerializer(serializers.ModelSerializer):
    """A document with who uploaded it and every download (who, when)."""

    name = serializers.CharField(source="original_name", read_only=True)
    uploaded_by_name = serializers.CharField(source="uploaded_by.get_full_name", read_only=True)
    url = serializers.SerializerMethodField()
    downloads = DocumentDownloadSerializer(many=True, read_only=True)

    class Meta:
        model = TaskForceDocument
        fields = [
            "id", "name", "content_type", "size", "uploaded_by", "uploaded_by_name",
            "created_at", "url", "downloads",
        ]  # fmt: skip
        read_only_fields = fields

    def get_url(self, document) -> str:
        request = self.context.get("request")
        path = f"/api/v1/task-forces/{document.task_force_id}/documents/{document.pk}/"
        return request.build_absolute_uri(path) if request else path


class LinkedRequestSerializer(serializers.ModelSerializer):
    class Meta:
        model = AssistanceRequest
        fields = ["id", "number", "case_name", "status", "requesting_procuratorate"]
        read_only_fields = fields


class TaskForceEventSerializer(serializers.ModelSerializer):
    actor_name = serializers.CharField(source="actor.get_full_name", read_only=True, default="")
    label = serializers.CharField(read_only=True)

    class Meta:
        model = TaskForceEvent
        fields = ["action", "label", "actor", "actor_name", "comment", "created_at"]
        read_only_fields = fields


class TaskForceListSerializer(serializers.ModelSerializer):
    """One line of the task forces list."""

    lead_procuratorate_name = serializers.CharField(
        source="lead_procuratorate.name", read_only=True
    )
    member_count = serializers.IntegerField(read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)

    class Meta:
        model = TaskForce
        fields = [
            "id", "name", "category", "status", "status_label", "lead_procuratorate",
            "lead_procuratorate_name", "member_count", "created_at",
        ]  # fmt: skip
        read_only_fields = fields


class TaskForceDetailSerializer(serializers.ModelSerializer):
    """The team space: team, cases, tasks, thread, documents with their log, requests."""

    lead_procuratorate_name = serializers.CharField(
        source="lead_procuratorate.name", read_only=True
    )
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    members = TeamMemberSerializer(many=True, read_only=True)
    cases = TeamCaseSerializer(many=True, read_only=True)
    tasks = TeamTaskSerializer(many=True, read_only=True)
    messages = TeamMessageSerializer(many=True, read_only=True)
    documents = TeamDocumentSerializer(many=True, read_only=True)
    requests = LinkedRequestSerializer(many=True, read_only=True)
    events = TaskForceEventSerializer(many=True, read_only=True)
    typical_case_draft = serializers.SerializerMethodField(
        help_text=_("Once closed: the fields of a typical case, pre-filled for the case library.")
    )

    class Meta:
        model = TaskForce
        fields = [
            "id", "name", "category", "purpose", "status", "status_label",
            "lead_procuratorate", "lead_procuratorate_name", "proposed_by", "created_at",
            "decided_by", "decided_at", "decision_comment", "evaluation_worked",
            "evaluation_not_worked", "closed_at", "members", "cases", "tasks", "messages",
            "documents", "requests", "events", "typical_case_draft",
        ]  # fmt: skip
        read_only_fields = fields

    def get_typical_case_draft(self, task_force) -> dict[str, str] | None:
        if task_force.status != TaskForce.Status.CLOSED:
            return None
        return services.typical_case_draft(task_force=task_force)


# Input.

PEOPLE = User.objects.filter(is_active=True).select_related("procuratorate")


class MemberInputSerializer(serializers.Serializer):
    user = RelatedIdField(PEOPLE, help_text=_("Id of the prosecutor seconded."))
    role = serializers.ChoiceField(choices=TeamRole.choices, default=TeamRole.MEMBER)


class ProposalSerializer(serializers.Serializer):
    """A proposal; the proposer joins as leader unless listed with another role."""

    name = serializers.CharField(max_length=200)
    category = serializers.ChoiceField(choices=CaseCategory.choices)
    purpose = serializers.CharField()
    case_name = serializers.CharField(max_length=200)
    case_number = serializers.CharField(max_length=100, required=False, default="")
    members = MemberInputSerializer(many=True)


class CommentSerializer(serializers.Serializer):
    comment = serializers.CharField(required=False, allow_blank=True, default="")


class CaseInputSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=200)
    number = serializers.CharField(max_length=100, required=False, default="")


class TaskInputSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=300)
    assignee = RelatedIdField(PEOPLE, help_text=_("Id of a member of the task force."))
    due_date = serializers.DateField()


class BodySerializer(serializers.Serializer):
    body = serializers.CharField(allow_blank=True)


class UploadSerializer(serializers.Serializer):
    upload = UploadField()


class LinkSerializer(serializers.Serializer):
    request = RelatedIdField(
        AssistanceRequest.objects.all(), help_text=_("Id of the assistance request.")
    )


class CloseSerializer(serializers.Serializer):
    worked = serializers.CharField(allow_blank=True)
    not_worked = serializers.CharField(allow_blank=True)


class StatusFilterSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=TaskForce.Status.choices, required=False)
