"""Document numbers from the yearly registers, letters, uploads, downloads and their log."""

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from cases.requests.models import DocumentRegister, Letter, RequestAttachment
from cases.requests.permissions import is_handler, request_policy
from portal.documents import download_record
from portal.models import Procuratorate, User
from portal.services import queue_after_commit

# The word of each register in its document numbers: 甘检协〔2026〕12号, 甘检管商〔2026〕1号,
# 甘检请〔2026〕1号 (a 请示).
REGISTER_INFIXES = {
    DocumentRegister.Series.REQUEST: "检协",
    DocumentRegister.Series.REPLY: "检协复",
    DocumentRegister.Series.CONSULTATION: "检管商",
    DocumentRegister.Series.NOTICE: "检协通",
    DocumentRegister.Series.REFERRAL: "检请",
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


def issue_letter(request, kind, number, issuer, **signoff) -> Letter:
    """Write the letter's row now; render its PDF in Celery once the transaction commits.

    `signoff`: its version, who signed it off and when."""
    letter = Letter.objects.create(
        request=request, kind=kind, number=number, issuer=issuer, **signoff
    )
    queue_after_commit("cases.render_letter", letter.pk)
    return letter


def attachment_for_download(*, user: User, request_pk, attachment_pk) -> RequestAttachment:
    """An attachment of a request, to both sides only (404 otherwise); the download is logged."""
    request = request_policy.get_or_404(user, pk=request_pk)
    attachment = get_object_or_404(request.attachments, pk=attachment_pk)
    download_record(user=user, document=attachment)
    return attachment


def letter_for_download(*, user: User, request_pk, kind, version=None) -> Letter:
    """An issued letter (its latest version, or the one asked for), to the handlers of the
    procuratorates concerned only; logged."""
    request = request_policy.get_or_404(user, pk=request_pk)
    if not is_handler(user, request):
        raise Http404
    letters = request.letters.filter(kind=kind, state=Letter.State.ISSUED)
    if version is not None:
        letters = letters.filter(version=version)
    letter = letters.order_by("-version").first()
    if letter is None:
        raise Http404
    download_record(user=user, document=letter)
    return letter
