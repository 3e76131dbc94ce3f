"""Admin of case-handling cooperation: read-only and scoped by the policies; requests, task
forces and consultations change only through their services."""

from django.contrib import admin

from cases.consultations.permissions import consultation_policy
from cases.models import (
    AssistanceRequest,
    AssistanceRequestGroupObjectPermission,
    AssistanceRequestUserObjectPermission,
    Consultation,
    ConsultationGroupObjectPermission,
    ConsultationParty,
    ConsultationUserObjectPermission,
    DocumentRegister,
    Letter,
    RequestEvent,
    Restoration,
    RestorationGroupObjectPermission,
    RestorationUserObjectPermission,
    TaskForce,
    TaskForceDocument,
    TaskForceGroupObjectPermission,
    TaskForceMember,
    TaskForceUserObjectPermission,
)
from cases.requests.permissions import request_policy
from cases.restorations.permissions import restoration_policy
from cases.task_forces.permissions import task_force_policy
from portal.admin import ObjectGrantAdmin, PolicyAdmin, ReadOnlyMixin


class EventInline(ReadOnlyMixin, admin.TabularInline):
    model = RequestEvent
    fields = ["created_at", "actor", "action", "from_status", "to_status", "comment"]
    readonly_fields = fields
    extra = 0


class LetterInline(ReadOnlyMixin, admin.TabularInline):
    model = Letter
    fields = ["kind", "number", "issuer", "state", "issued_at"]
    readonly_fields = fields
    extra = 0


@admin.register(AssistanceRequest)
class AssistanceRequestAdmin(ReadOnlyMixin, PolicyAdmin):
    policy = request_policy
    list_display = [
        "__str__", "request_type", "status", "requesting_procuratorate",
        "requested_procuratorate", "forwarded_to", "due_date",
    ]  # fmt: skip
    list_filter = ["status", "request_type", "category", "urgency"]
    search_fields = ["number", "case_name", "case_number"]
    list_select_related = ["requesting_procuratorate", "requested_procuratorate", "forwarded_to"]
    # Type-specific details may hold identity numbers: they are shown on the portal's page,
    # masked for whoever is not a handler, never here.
    exclude = ["details"]
    inlines = [LetterInline, EventInline]


@admin.register(DocumentRegister)
class DocumentRegisterAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["procuratorate", "year", "series", "last_number"]
    list_filter = ["year", "series"]


admin.site.register(
    [AssistanceRequestUserObjectPermission, AssistanceRequestGroupObjectPermission],
    ObjectGrantAdmin,
)


@admin.register(Restoration)
class RestorationAdmin(ReadOnlyMixin, PolicyAdmin):
    policy = restoration_policy
    list_display = ["case_name", "case_number", "handling_procuratorate", "damage_procuratorate"]
    list_filter = ["category"]
    search_fields = ["case_name", "case_number"]
    list_select_related = ["handling_procuratorate", "damage_procuratorate"]


class MemberInline(ReadOnlyMixin, admin.TabularInline):
    model = TaskForceMember
    fk_name = "task_force"
    fields = ["user", "procuratorate", "role", "added_at", "removed_at", "removed_by"]
    readonly_fields = fields
    extra = 0


class DocumentInline(ReadOnlyMixin, admin.TabularInline):
    model = TaskForceDocument
    fields = ["original_name", "uploaded_by", "created_at", "size"]
    readonly_fields = fields
    extra = 0


@admin.register(TaskForce)
class TaskForceAdmin(ReadOnlyMixin, PolicyAdmin):
    policy = task_force_policy
    list_display = ["name", "status", "lead_procuratorate", "category", "created_at"]
    list_filter = ["status", "category"]
    search_fields = ["name"]
    list_select_related = ["lead_procuratorate"]
    inlines = [MemberInline, DocumentInline]


class PartyInline(ReadOnlyMixin, admin.TabularInline):
    model = ConsultationParty
    fields = ["procuratorate", "position", "signed_by", "signed_at"]
    readonly_fields = fields
    extra = 0


@admin.register(Consultation)
class ConsultationAdmin(ReadOnlyMixin, PolicyAdmin):
    policy = consultation_policy
    list_display = ["subject", "status", "initiator", "due_date", "handling_procuratorate"]
    list_filter = ["status", "dispute", "category"]
    search_fields = ["subject", "case_number"]
    list_select_related = ["initiator", "handling_procuratorate"]
    inlines = [PartyInline]


admin.site.register(
    [
        TaskForceUserObjectPermission,
        TaskForceGroupObjectPermission,
        ConsultationUserObjectPermission,
        ConsultationGroupObjectPermission,
        RestorationUserObjectPermission,
        RestorationGroupObjectPermission,
    ],
    ObjectGrantAdmin,
)
