"""The liaison mechanism (§10): rotation, meetings, symposiums; one module each."""

from cooperation.models.campaigns import (  # noqa: F401
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
from cooperation.models.meetings import (  # noqa: F401
    AgendaDocument,
    AgendaItem,
    CalendarFeed,
    Invitation,
    Meeting,
    MeetingNotice,
    MeetingReminder,
    MinutesRevision,
    Resolution,
    ResolutionProgress,
    new_token,
)
from cooperation.models.rotation import (  # noqa: F401
    FIRST_YEAR,
    SIGNING_ORDER,
    ChairSwap,
    ChairTerm,
    Rotation,
)
from cooperation.models.symposiums import (  # noqa: F401
    Symposium,
    SymposiumDocument,
    SymposiumFollowUp,
    SymposiumGroupObjectPermission,
    SymposiumParticipant,
    SymposiumUserObjectPermission,
)
