"""Every write of the liaison mechanism, one module per sub-domain."""

from cooperation.permissions import is_chair_office  # noqa: F401 - callers ask it here too
from cooperation.services.campaigns import (  # noqa: F401
    campaign_create,
    campaign_reminders_send,
    campaign_report_save,
    check_results,
    reporters_of,
)
from cooperation.services.meetings import (  # noqa: F401
    agenda_document_attach,
    agenda_document_for_download,
    calendar_feed,
    calendar_feed_revoke,
    carry_open_resolutions,
    check_chair,
    fill_meeting,
    invitation_answer,
    invitations_remind,
    meeting_create,
    meeting_publish,
    meeting_reminders_send,
    meeting_update,
    members,
    minutes_save,
    notice_for_download,
    resolution_create,
    resolution_report,
    set_agenda,
)
from cooperation.services.rotation import (  # noqa: F401
    chair_calendar,
    chair_for,
    chair_handover,
    chair_swap_record,
    chair_users,
    liaisons_of,
    rotation,
)
from cooperation.services.symposiums import (  # noqa: F401
    check_convener,
    symposium_add_follow_up,
    symposium_attach,
    symposium_create,
    symposium_document_for_download,
    symposium_follow_up_done,
    symposium_record_agreement,
)
