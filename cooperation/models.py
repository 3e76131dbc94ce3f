"""The liaison mechanism (§10): every sub-domain's models, gathered so that Django finds them."""

from cooperation.calendars.models import CalendarFeed, new_token
from cooperation.campaigns.models import (
    Campaign,
    CampaignGroupObjectPermission,
    CampaignParticipant,
    CampaignReminder,
    CampaignReport,
    CampaignReportRevision,
    CampaignUserObjectPermission,
    Frequency,
    Period,
)
from cooperation.meetings.models import (
    AgendaDocument,
    AgendaItem,
    Invitation,
    Meeting,
    MeetingNotice,
    MeetingReminder,
    MinutesRevision,
    Resolution,
    ResolutionProgress,
)
from cooperation.rotation.models import (
    FIRST_YEAR,
    SIGNING_ORDER,
    ChairSwap,
    ChairTerm,
    Rotation,
)
from cooperation.symposiums.models import (
    Symposium,
    SymposiumDocument,
    SymposiumFollowUp,
    SymposiumGroupObjectPermission,
    SymposiumParticipant,
    SymposiumUserObjectPermission,
)

__all__ = [
    "FIRST_YEAR",
    "SIGNING_ORDER",
    "AgendaDocument",
    "AgendaItem",
    "CalendarFeed",
    "Campaign",
    "CampaignGroupObjectPermission",
    "CampaignParticipant",
    "CampaignReminder",
    "CampaignReport",
    "CampaignReportRevision",
    "CampaignUserObjectPermission",
    "ChairSwap",
    "ChairTerm",
    "Frequency",
    "Invitation",
    "Meeting",
    "MeetingNotice",
    "MeetingReminder",
    "MinutesRevision",
    "Period",
    "Resolution",
    "ResolutionProgress",
    "Rotation",
    "Symposium",
    "SymposiumDocument",
    "SymposiumFollowUp",
    "SymposiumGroupObjectPermission",
    "SymposiumParticipant",
    "SymposiumUserObjectPermission",
    "new_token",
]
