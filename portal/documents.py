"""Private documents of every app: what an upload must be, the fields each one keeps, and the
one log of their downloads."""

from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import FileResponse
from django.utils.translation import gettext_lazy as _

from portal.audit import Action, audit_record
from portal.models import DocumentDownload, IssuedDocument, User

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
    """Log who downloaded which private or issued document (of any app), in the portal's one
    log and in the audit log."""
    DocumentDownload.objects.create(user=user, document=document)
    audit_record(Action.DOWNLOAD, actor=user, target=document)


def rendering_record(*, user: User, document, detail: str = "") -> None:
    """Record in the audit log a PDF rendered for `user` as it is read (a draft in sign-off,
    a typical case): no stored file, so not in the download log."""
    audit_record(Action.DOWNLOAD, actor=user, target=document, detail=detail)


def file_response(document) -> FileResponse:
    """A private or issued document as a download: its own name, or its number as a PDF. The
    caller got it from a `*_for_download` service, which checked and logged the download."""
    if isinstance(document, IssuedDocument):
        return FileResponse(
            document.file.open("rb"),
            as_attachment=True,
            filename=f"{document.number}.pdf",
            content_type="application/pdf",
        )
    return FileResponse(
        document.file.open("rb"), as_attachment=True, filename=document.original_name
    )
