"""Verifying an issued document: by its number or by an uploaded copy, for anyone signed in.

The signature is checked for anyone (it is cryptography, nothing is disclosed); which document
a file is, and whether it is the very copy the portal issued, is told only to those who may see
that document (their procuratorate sent or received it). A number someone may not see gets the
same "not found" as a number that does not exist. Every verification is logged.
"""

import logging
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from portal import registry
from portal.models import IssuedDocument, User
from portal.signing import Verification, verify_pdf

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class VerificationResult:
    """A verification, and the document it is, if the user may see it."""

    verification: Verification
    document: IssuedDocument | None = None
    # Whether the checked bytes are the very ones the portal issued (None: no document known).
    identical: bool | None = None

    @property
    def kind(self) -> str:
        """What the document is (letter, decision record, meeting notice), translated."""
        return str(self.document._meta.verbose_name) if self.document else ""


def check_pdf_upload(upload) -> None:
    """A PDF to verify: not empty, not too large, and a PDF (translated errors otherwise)."""
    if upload is None:
        raise ValidationError(_("Choose a PDF file or give a document number."))
    if upload.size > settings.VERIFY_MAX_BYTES:
        raise ValidationError(
            _("The file is larger than %(size)d MB.") % {"size": settings.VERIFY_MAX_BYTES // 2**20}
        )
    head = upload.read(5)
    upload.seek(0)
    if head != b"%PDF-":
        raise ValidationError(
            _("This file is not a PDF. Upload the PDF of a document the portal issued.")
        )


def _visible_documents(user: User):
    for visible in registry.issued_documents:
        yield visible(user)


def document_by_number(*, user: User, number: str) -> IssuedDocument:
    """The issued document with this number that the user may see; 404 otherwise."""
    number = number.strip()
    for queryset in _visible_documents(user):
        document = queryset.filter(number=number).first()
        if document is not None:
            return document
    raise Http404


def document_by_digest(*, user: User, digest: str) -> IssuedDocument | None:
    """The issued document the user may see whose file has this SHA-256, if any."""
    for queryset in _visible_documents(user):
        document = queryset.filter(sha256=digest).first()
        if document is not None:
            return document
    return None


def verify_number(*, user: User, number: str) -> VerificationResult:
    """Verify the stored copy of the document with this number (404 if the user may not see
    it): its signature, and that the stored file is still the one issued."""
    try:
        document = document_by_number(user=user, number=number)
    except Http404:
        logger.info("Verification by user %s: number %r not found", user.pk, number)
        raise
    with document.file.open("rb") as stored:
        verification = verify_pdf(stored.read())
    result = VerificationResult(
        verification, document, identical=verification.sha256 == document.sha256
    )
    log(user, result, f"number {number!r}")
    return result


def verify_upload(*, user: User, upload) -> VerificationResult:
    """Verify an uploaded PDF; name its document only if the user may see it."""
    verification = verify_pdf(upload.read())
    document = document_by_digest(user=user, digest=verification.sha256)
    result = VerificationResult(
        verification, document, identical=True if document is not None else None
    )
    log(user, result, "an upload")
    return result


def log(user: User, result: VerificationResult, what: str) -> None:
    """One line per verification: who checked what, and the answer."""
    verification = result.verification
    logger.info(
        "Verification by user %s of %s (sha256 %s): valid=%s signer=%r document=%s identical=%s",
        user.pk,
        what,
        verification.sha256,
        verification.valid,
        verification.signer,
        result.document.number if result.document else None,
        result.identical,
    )
