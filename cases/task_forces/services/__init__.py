"""Every write of joint task forces, one module per concern; import from here."""

from cases.task_forces.services.closing import (  # noqa: F401
    task_force_close,
    task_force_start_typical_case,
    typical_case_draft,
)
from cases.task_forces.services.task_list import (  # noqa: F401
    send_task_reminders,
    task_force_add_task,
    task_force_complete_task,
)
from cases.task_forces.services.teams import (  # noqa: F401
    WORKFLOW,
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
