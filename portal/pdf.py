"""PDF letters: the portal's own templates rendered by WeasyPrint, with nothing fetched.

A letter is a Django template (see `templates/portal/letters/base.html`) rendered to HTML and
laid out by WeasyPrint with the system's Noto CJK fonts. Its content may quote what users wrote,
so the renderer reads no file and opens no connection: every URL in the document is refused.
"""

import base64
import logging
import threading
from urllib.parse import unquote_to_bytes

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from weasyprint import HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse

from portal import letter_fonts
from portal.models import IssuedDocument
from portal.signing import sign_pdf, verify_pdf

logger = logging.getLogger(__name__)

_thread_state = threading.local()


class URLRefused(ValueError):
    """A letter asked for an external resource, which letters never get."""


def refuse_url(url: str, headers: dict | None = None) -> None:
    """Refuse to fetch `url`, whatever it is: letters read no file and no network."""
    logger.warning("PDF letter: refused to fetch %s", url)
    raise URLRefused(f"Letters fetch nothing: {url}")


class RefusingURLFetcher(URLFetcher):
    """A WeasyPrint URL fetcher that fetches nothing; WeasyPrint logs and skips the resource."""

    # WeasyPrint 70 reads `_fail_on_errors` from the fetcher when a fetch fails, so a plain
    # function cannot be the fetcher: a subclass whose only way out is `refuse_url` can.
    def fetch(self, url, headers=None):
        """Refuse every URL but the seal's `data:` URI this render was given (its bytes are
        inline: nothing is read or fetched)."""
        if url in getattr(_thread_state, "inline_images", ()):
            return data_response(url)
        refuse_url(url, headers)

    def open(self, url, data=None, timeout=None):
        """Refuse every URL, also through the urllib opener interface."""
        refuse_url(getattr(url, "full_url", url))


def data_response(url: str) -> URLFetcherResponse:
    """The bytes of a `data:` URL (RFC 2397), read without any fetching."""
    header, _, payload = url[len("data:") :].partition(",")
    media_type, *parameters = header.split(";")
    body = base64.b64decode(payload) if "base64" in parameters else unquote_to_bytes(payload)
    headers = {"Content-Type": media_type or "text/plain"}
    return URLFetcherResponse(url, body, headers)


def seal_context(procuratorate) -> dict:
    """`{"seal": data URI}` for a letter when its issuer has uploaded a seal image, else {}."""
    if procuratorate is None or not procuratorate.seal:
        return {}
    with procuratorate.seal.open("rb") as image:
        encoded = base64.b64encode(image.read()).decode("ascii")
    return {"seal": f"data:image/png;base64,{encoded}"}


# Stateless for our use (fetch never touches the opener), so one instance serves every thread.
url_fetcher = RefusingURLFetcher(allowed_protocols=())


def font_configuration() -> FontConfiguration:
    """This thread's WeasyPrint font configuration, created on first use and then reused."""
    # Reusing it keeps Pango's loaded CJK faces between renders; Pango font maps are not
    # thread-safe, so each thread (a threaded worker, the test server) gets its own.
    config = getattr(_thread_state, "font_config", None)
    if config is None:
        config = _thread_state.font_config = FontConfiguration()
        # The letters' own build of Noto Serif CJK SC, if `manage.py build_letter_fonts` made it:
        # the same glyphs renumbered, so that embedding their subset costs a fraction.
        letter_fonts.register(config)
    return config


def render_pdf(template_name: str, context: dict) -> bytes:
    """Render one of the portal's templates with `context` into PDF bytes."""
    html = render_to_string(template_name, context)
    # No base URL: relative references resolve to nothing, absolute ones reach the refusing
    # fetcher, so nothing outside the rendered string can enter the PDF.
    document = HTML(string=html, base_url=None, url_fetcher=url_fetcher)
    # The seal is the one image a letter shows; the fetcher answers its data: URI only.
    _thread_state.inline_images = {context["seal"]} if context.get("seal") else set()
    try:
        return document.write_pdf(font_config=font_configuration())
    finally:
        _thread_state.inline_images = set()


def issue_pdf_once(queryset, pk: int, *, render, filename) -> None:
    """Render and store the PDF of one pending document row (a letter, a notice), once.

    The row is locked and skipped if another worker has it; an issued row is frozen and
    never rendered again, however often its task is queued. `render(row)` gives the bytes,
    `filename(row)` the file's name. The rows are `portal.models.IssuedDocument`s; each is
    signed by `row.issuing_procuratorate()`, and its digest and signature check are kept.
    """
    with transaction.atomic():
        # Lock (and skip when locked) the document's row only, not the rows it is joined to: a
        # locked issuer or request must not make the worker pass the document over.
        row = (
            queryset.select_for_update(skip_locked=True, of=("self",))
            .filter(pk=pk, state=IssuedDocument.State.PENDING)
            .first()
        )
        if row is None:
            return  # issued already, deleted, or being rendered by another worker
        # Signed by its issuer before it is stored: no issued file exists unsigned. The signature
        # is verified once here and the answer kept, so pages never verify on a view.
        signed = sign_pdf(render(row), row.issuing_procuratorate())
        verification = verify_pdf(signed)
        content = ContentFile(signed)
        # One document, one file: its name is fixed by the row, and a file left there by an
        # attempt that failed before its row was saved (a dropped connection, a killed worker)
        # is overwritten rather than kept beside the new one under another name.
        name = row.file.field.generate_filename(row, filename(row))
        row.file.storage.delete(name)
        row.file.save(filename(row), content, save=False)
        row.state = IssuedDocument.State.ISSUED
        row.issued_at = timezone.now()
        row.sha256 = verification.sha256
        row.signature_valid = verification.valid
        row.save(update_fields=["file", "state", "issued_at", "sha256", "signature_valid"])


def requeue_pending_pdfs(queryset, task) -> int:
    """Queue `task` again for rows still pending after a while (a broker or worker outage)."""
    cutoff = timezone.now() - settings.NOTIFICATION_EMAIL_REQUEUE_AFTER
    pending = queryset.filter(state=IssuedDocument.State.PENDING, created_at__lt=cutoff)
    pending = list(pending.values_list("pk", flat=True)[:500])
    for pk in pending:
        task.delay(pk)
    return len(pending)
