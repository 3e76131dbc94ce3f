"""Every write of the typical-case library goes through these services."""

from casebank.library.services.cases import (
    STEPS,
    case_attach,
    case_create,
    case_indexers,
    case_preview,
    case_publish,
    case_return,
    case_revise,
    case_steps,
    case_submit,
    case_update,
    case_withdraw,
)
from casebank.library.services.documents import case_attachment_for_download
from casebank.library.services.sealing import case_seal

__all__ = [
    "STEPS",
    "case_attach",
    "case_attachment_for_download",
    "case_create",
    "case_indexers",
    "case_preview",
    "case_publish",
    "case_return",
    "case_revise",
    "case_seal",
    "case_steps",
    "case_submit",
    "case_update",
    "case_withdraw",
]
