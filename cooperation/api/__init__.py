"""The API of the liaison mechanism: meetings, resolutions and symposiums under /api/v1/.

`serializers` shapes and parses; `views` (meetings, resolutions), `symposiums` and `campaigns`
hold the endpoints, which only call the selectors and services.
"""

from cooperation.api.campaigns import CampaignViewSet
from cooperation.api.symposiums import SymposiumViewSet
from cooperation.api.views import MeetingViewSet, ResolutionViewSet

__all__ = ["CampaignViewSet", "MeetingViewSet", "ResolutionViewSet", "SymposiumViewSet"]
