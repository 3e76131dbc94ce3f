"""Every write on assistance requests, one module per concern; import from here."""

from cases.services.deadlines import (  # noqa: F401
    send_due_reminders,
)
from cases.services.documents import (  # noqa: F401
    ALLOWED_UPLOADS,
    DOWNLOAD_COLUMNS,
    attachment_for_download,
    check_upload,
    download_record,
    issue_letter,
    letter_for_download,
    register_next_number,
    stored_upload,
)
from cases.services.drafting import (  # noqa: F401
    COMMON_FIELDS,
    check_complete,
    check_slots,
    fill_request,
    slot_errors,
)
from cases.services.restorations import (  # noqa: F401
    MEASURE_STEPS,
    evidence_for_download,
    may_take_step,
    measure_attach_evidence,
    measure_transition,
    restoration_add_measure,
    restoration_create,
    restoration_overdue_notify,
)
from cases.services.steps import (  # noqa: F401
    APPLY,
    apply_agree_slot,
    apply_ask_extension,
    apply_assign,
    apply_attach,
    apply_complete,
    apply_decide_extension,
    apply_edit,
    apply_forward,
    apply_message,
    apply_note,
    apply_nothing,
    apply_return,
    apply_start,
    apply_submit,
)
from cases.services.transitions import (  # noqa: F401
    ANY_SIDE,
    LIVE_STATES,
    TRACKED_FIELDS,
    TRANSITIONS,
    Transition,
    as_json,
    available_actions,
    check_action,
    diff,
    has_pending_extension,
    needs_slots,
    no_pending_extension,
    notify_about,
    pending_extension,
    request_create,
    request_transition,
    request_update,
    side_people,
    snapshot,
)
