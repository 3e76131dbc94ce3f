"""Models of assistance requests: the request and its workflow (`requests`), its states
(`states`), and its papers (`documents`)."""

from cases.requests.models.documents import (
    DocumentRegister,
    Letter,
    RequestAttachment,
    Supplement,
)
from cases.requests.models.requests import (
    AssistanceRequest,
    AssistanceRequestGroupObjectPermission,
    AssistanceRequestUserObjectPermission,
    Completion,
    DeadlineExtension,
    ProposedSlot,
    RequestEvent,
    RequestMessage,
    RequestType,
    ReturnReason,
    Side,
    Urgency,
)
from cases.requests.models.states import (
    EDITABLE_STATES,
    OPEN_STATES,
    REPLY_SIGNOFF,
    REQUEST_SIGNOFF,
    SUPPLEMENT_SIGNOFF,
    SUPPLEMENT_STATES,
    UNSENT_STATES,
    Status,
    SupplementStatus,
)

__all__ = [
    "EDITABLE_STATES",
    "OPEN_STATES",
    "REPLY_SIGNOFF",
    "REQUEST_SIGNOFF",
    "SUPPLEMENT_SIGNOFF",
    "SUPPLEMENT_STATES",
    "UNSENT_STATES",
    "AssistanceRequest",
    "AssistanceRequestGroupObjectPermission",
    "AssistanceRequestUserObjectPermission",
    "Completion",
    "DeadlineExtension",
    "DocumentRegister",
    "Letter",
    "ProposedSlot",
    "RequestAttachment",
    "RequestEvent",
    "RequestMessage",
    "RequestType",
    "ReturnReason",
    "Side",
    "Status",
    "Supplement",
    "SupplementStatus",
    "Urgency",
]
