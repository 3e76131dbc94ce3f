"""Admin of the liaison mechanism: the rotation for the superuser; the rest read-only, scoped."""

from django.contrib import admin

from cooperation.campaigns.models import (
    Campaign,
    CampaignGroupObjectPermission,
    CampaignUserObjectPermission,
)
from cooperation.campaigns.permissions import campaign_policy
from cooperation.meetings.models import Meeting, Resolution
from cooperation.meetings.permissions import meeting_policy, resolution_policy
from cooperation.rotation.models import ChairSwap, ChairTerm, Rotation
from cooperation.symposiums.models import (
    Symposium,
    SymposiumGroupObjectPermission,
    SymposiumUserObjectPermission,
)
from cooperation.symposiums.permissions import symposium_policy
from portal.admin import ObjectGrantAdmin, PolicyAdmin, ReadOnlyMixin


@admin.register(Rotation)
class RotationAdmin(admin.ModelAdmin):
    list_display = ["__str__", "first_year", "handover_month", "handover_day"]

    def has_add_permission(self, request):
        return not Rotation.objects.exists() and super().has_add_permission(request)


@admin.register(ChairTerm, ChairSwap)
class HistoryAdmin(ReadOnlyMixin, admin.ModelAdmin):
    """Chair terms open by the handover job and swaps are recorded on the rotation page."""


@admin.register(Meeting)
class MeetingAdmin(ReadOnlyMixin, PolicyAdmin):
    policy = meeting_policy
    list_display = ["__str__", "title", "starts_at", "host", "status"]
    list_filter = ["status", "year"]


@admin.register(Resolution)
class ResolutionAdmin(ReadOnlyMixin, PolicyAdmin):
    policy = resolution_policy
    list_display = ["__str__", "meeting", "owner", "due_date", "state"]
    list_filter = ["state"]
    list_select_related = ["meeting", "owner"]


@admin.register(Symposium)
class SymposiumAdmin(ReadOnlyMixin, PolicyAdmin):
    policy = symposium_policy
    list_display = ["title", "convener", "held_on"]
    list_select_related = ["convener"]


admin.site.register(
    [SymposiumUserObjectPermission, SymposiumGroupObjectPermission], ObjectGrantAdmin
)


@admin.register(Campaign)
class CampaignAdmin(ReadOnlyMixin, PolicyAdmin):
    policy = campaign_policy
    list_display = ["title", "category", "organiser", "starts_on", "ends_on"]
    list_filter = ["category", "frequency"]
    list_select_related = ["organiser"]


admin.site.register([CampaignUserObjectPermission, CampaignGroupObjectPermission], ObjectGrantAdmin)
