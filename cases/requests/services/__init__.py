"""Every write of case-handling cooperation, one module per concern; import from here."""

from cases.services.consultations import (  # noqa: F401
    consultation_decide,
    consultation_open,
    consultation_post,
    consultation_sign,
    consultation_state_position,
    decision_record_for_download,
    send_consultation_reminders,
)
from cases.services.deadlines import (  # noqa: F401
    send_due_reminders,
)
from cases.services.documents import (  # noqa: F401
    attachment_for_download,
    issue_letter,
    letter_for_download,
    register_next_number,
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
from cases.services.task_force_closing import (  # noqa: F401
    task_force_close,
    task_force_start_typical_case,
    typical_case_draft,
)
from cases.services.task_force_tasks import (  # noqa: F401
    send_task_reminders,
    task_force_add_task,
    task_force_complete_task,
)
from cases.services.task_forces import (  # noqa: F401
    task_force_add_case,
    task_force_add_member,
    task_force_decide,
    task_force_document_for_download,
    task_force_link_request,
    task_force_post,
    task_force_propose,
    task_force_remove_member,
    task_force_upload,
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
