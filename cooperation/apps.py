from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CooperationConfig(AppConfig):
    name = "cooperation"
    verbose_name = _("Cooperation mechanism")
    subdomains = ("meetings", "rotation", "handover", "symposiums", "campaigns", "calendars")

    def ready(self):
        from cooperation.campaigns.api import CampaignViewSet
        from cooperation.meetings.api import MeetingViewSet, ResolutionViewSet
        from cooperation.meetings.selectors import notices_awaiting_signoff, notices_verifiable
        from cooperation.symposiums.api import SymposiumViewSet
        from portal.registry import (
            register_api,
            register_issued_documents,
            register_signoff_inbox,
        )

        register_api("meetings", MeetingViewSet, "meeting")
        register_api("resolutions", ResolutionViewSet, "resolution")
        register_api("symposiums", SymposiumViewSet, "symposium")
        register_api("campaigns", CampaignViewSet, "campaign")
        # The verification page finds issued meeting notices (`portal.verification`).
        register_issued_documents(notices_verifiable)
        # The 待我审核/签发 page lists the notices awaiting the user (`portal.signoff`).
        register_signoff_inbox(notices_awaiting_signoff)
