from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CooperationConfig(AppConfig):
    name = "cooperation"
    verbose_name = _("Cooperation mechanism")

    def ready(self):
        from cooperation import api
        from portal.registry import register_api

        register_api("meetings", api.MeetingViewSet, "meeting")
        register_api("resolutions", api.ResolutionViewSet, "resolution")
        register_api("symposiums", api.SymposiumViewSet, "symposium")
        register_api("campaigns", api.CampaignViewSet, "campaign")
