"""Document numbers from the yearly registers, letters, uploads, downloads and their log."""

from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from casebank.models import CaseAttachment
from cases.models import (
    AttachmentDownload,
    DecisionRecord,
    DocumentRegister,
    Letter,
    MeasureEvidence,
    RequestAttachment,
    TaskForceDocument,
)
from cases.permissions import is_handler, request_policy
from portal.models import Procuratorate, User
from portal.services import queue_after_commit

# The word of each register in its document numbers: 甘检协〔2026〕12号, 甘检管商〔2026〕1号.
REGISTER_INFIXES = {
    DocumentRegister.Series.REQUEST: "检协",
    DocumentRegister.Series.REPLY: "检协复",
    DocumentRegister.Series.CONSULTATION: "检管商",
}


def register_next_number(*, procuratorate: Procuratorate, series: str) -> str:
    """The next number of the procuratorate's register for this year: gap-free, never reused.

    Called inside the transaction that uses the number, so a failure gives it back.
    """
    year = timezone.localdate().year
    DocumentRegister.objects.bulk_create(
        [DocumentRegister(procuratorate=procuratorate, year=year, series=series)],
        ignore_conflicts=True,
    )
    register = DocumentRegister.objects.select_for_update().get(
        procuratorate=procuratorate, year=year, series=series
    )
    register.last_number += 1
    register.save(update_fields=["last_number"])
    infix = REGISTER_INFIXES[series]
    return f"{procuratorate.abbreviation}{infix}〔{year}〕{register.last_number}号"


def issue_letter(request, kind, number, issuer) -> Letter:
    """Write the letter's row now; render its PDF in Celery once the transaction commits."""
    from cases.tasks import render_letter

    letter = Letter.objects.create(request=request, kind=kind, number=number, issuer=issuer)
    queue_after_commit(render_letter, letter.pk)
    return letter


ALLOWED_UPLOADS = {
    ".pdf": b"%PDF",
    ".png": b"\x89PNG",
    ".jpg": b"\xff\xd8",
    ".jpeg": b"\xff\xd8",
    ".doc": b"\xd0\xcf\x11\xe0",
    ".xls": b"\xd0\xcf\x11\xe0",
    ".docx": b"PK",
    ".xlsx": b"PK",
    ".ofd": b"PK",
    ".zip": b"PK",
    ".txt": b"",
}


def check_upload(upload) -> None:
    """Accept only the document types of the trade, of a sane size, that are what they say."""
    if upload is None:
        raise ValidationError({"upload": _("Choose a file.")})
    suffix = PurePath(upload.name).suffix.lower()
    if suffix not in ALLOWED_UPLOADS:
        raise ValidationError(
            {
                "upload": _(
                    "Files of type “%(type)s” are not accepted. Use PDF, OFD, Word, Excel, "
                    "JPEG, PNG, ZIP or text."
                )
                % {"type": suffix or "?"}
            }
        )
    if upload.size > settings.ATTACHMENT_MAX_BYTES:
        raise ValidationError(
            {
                "upload": _("The file is larger than %(size)d MB.")
                % {"size": settings.ATTACHMENT_MAX_BYTES // 2**20}
            }
        )
    if upload.size == 0:
        raise ValidationError({"upload": _("The file is empty.")})
    head = upload.read(8)
    upload.seek(0)
    if not head.startswith(ALLOWED_UPLOADS[suffix]):
        raise ValidationError(
            {
                "upload": _("The file's content does not match its type “%(type)s”.")
                % {"type": suffix}
            }
        )


# The private documents whose downloads are logged, by the log's column for each.
DOWNLOAD_COLUMNS = {
    RequestAttachment: "attachment",
    Letter: "letter",
    MeasureEvidence: "evidence",
    TaskForceDocument: "task_force_document",
    DecisionRecord: "decision_record",
    CaseAttachment: "case_attachment",
}


def stored_upload(upload) -> dict:
    """A checked upload as the fields every private document keeps (file, name, type, size)."""
    check_upload(upload)
    return {
        "file": upload,
        "original_name": PurePath(upload.name).name[:255],
        "content_type": (getattr(upload, "content_type", "") or "application/octet-stream")[:100],
        "size": upload.size,
    }


def download_record(*, user: User, document) -> None:
    """Log who downloaded which private document (an attachment, a letter, evidence, a task
    force's document, a decision record, a typical case's document)."""
    AttachmentDownload.objects.create(user=user, **{DOWNLOAD_COLUMNS[type(document)]: document})


def attachment_for_download(*, user: User, request_pk, attachment_pk) -> RequestAttachment:
    """An attachment of a request, to both sides only (404 otherwise); the download is logged."""
    request = request_policy.get_or_404(user, pk=request_pk)
    attachment = get_object_or_404(request.attachments, pk=attachment_pk)
    download_record(user=user, document=attachment)
    return attachment


def letter_for_download(*, user: User, request_pk, kind) -> Letter:
    """An issued letter, to the handlers of the procuratorates concerned only; logged."""
    request = request_policy.get_or_404(user, pk=request_pk)
    if not is_handler(user, request):
        raise Http404
    letter = get_object_or_404(request.letters, kind=kind, state=Letter.State.ISSUED)
    download_record(user=user, document=letter)
    return letter
