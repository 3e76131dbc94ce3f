"""Admin of assistance requests: read-only and scoped; requests change only through services."""

from django.contrib import admin

from cases.models import (
    AssistanceRequest,
    AssistanceRequestGroupObjectPermission,
    AssistanceRequestUserObjectPermission,
    DocumentRegister,
    Letter,
    RequestEvent,
    Restoration,
    RestorationGroupObjectPermission,
    RestorationUserObjectPermission,
)
from cases.permissions import request_policy, restoration_policy
from portal.admin import ObjectGrantAdmin, PolicyAdmin


class ReadOnlyMixin:
    """The admin shows; the portal's pages and API change (through the services)."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


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


admin.site.register(
    [RestorationUserObjectPermission, RestorationGroupObjectPermission], ObjectGrantAdmin
)
