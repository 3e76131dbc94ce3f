"""A typical case's documents: downloaded by its own province only, every download logged."""

from django.shortcuts import get_object_or_404

from casebank.library.models import CaseAttachment
from casebank.library.permissions import case_policy
from portal.documents import download_record
from portal.models import User


def case_attachment_for_download(*, user: User, case_pk, attachment_pk) -> CaseAttachment:
    """A document of a case, to the case's own province only (404 otherwise); the download
    is logged.

    The documents (judgments, indictments) are uploaded before the case is masked and keep
    the real names, so publishing the case does not share them.
    """
    case = case_policy.get_or_404(user, "documents", pk=case_pk)
    attachment = get_object_or_404(case.attachments, pk=attachment_pk)
    download_record(user=user, document=attachment)
    return attachment
