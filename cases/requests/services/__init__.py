"""Every write of assistance requests, one module per concern; import from here."""

from cases.requests.services.deadlines import (  # noqa: F401
    send_due_reminders,
)
from cases.requests.services.documents import (  # noqa: F401
    attachment_for_download,
    issue_letter,
    letter_for_download,
    register_next_number,
)
from cases.requests.services.drafting import (  # noqa: F401
    COMMON_FIELDS,
    check_complete,
    check_slots,
    fill_request,
    slot_errors,
)
from cases.requests.services.drafts import letter_draft, may_decide_signoff  # noqa: F401
from cases.requests.services.signoff import (  # noqa: F401
    signing_procuratorate,
)
from cases.requests.services.steps import (  # noqa: F401
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
    apply_return,
    apply_start,
    apply_submit,
)
from cases.requests.services.supplements import (  # noqa: F401
    SUPPLEMENT_ACTIONS,
    SUPPLEMENT_WORKFLOW,
    may_decide_supplement,
    sent_letters,
    supplement_draft,
    supplement_of,
    supplement_sides,
    supplement_transition,
)
from cases.requests.services.transitions import (  # noqa: F401
    ANY_SIDE,
    LIVE_STATES,
    TRACKED_FIELDS,
    TRANSITIONS,
    WORKFLOW,
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
