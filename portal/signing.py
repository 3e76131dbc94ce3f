"""Signed PDFs: every issued document is signed (PAdES B-B, pyHanko) by its issuer, and anyone
signed in may verify one.

Keys: `settings.SIGNING_KEYS_DIR` holds each procuratorate's certificate and private key as
`<code>.crt` / `<code>.key` (PEM); verification trusts the certificates in
`settings.SIGNING_TRUST_ROOTS`. The demo and the tests make their own CA there
(`portal.demo_ca`); with `SIGNING_DEMO_CA` on, a procuratorate without a certificate gets one
from it on first use. Without that, a missing key is an error and the document stays pending
(the beat queues it again), so that nothing is ever issued unsigned.
"""

import asyncio
import hashlib
import logging
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime
from io import BytesIO
from pathlib import Path

from asn1crypto import x509 as asn1_x509
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.misc import PdfError
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import fields, signers
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.status import SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext
from pyhanko_certvalidator.registry import SimpleTrustManager

from portal import demo_ca

logger = logging.getLogger(__name__)

_signers: dict[tuple, signers.SimpleSigner] = {}
_lock = threading.Lock()


class SigningKeyMissing(ImproperlyConfigured):
    """The issuing procuratorate has no certificate and key installed."""


def outside_event_loop(function, *args, **kwargs):
    """Call `function` where pyHanko's sync API works: it runs its own event loop, which fails
    in a thread that has one running (an async view, Playwright's tests), so go to a thread."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return function(*args, **kwargs)
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(function, *args, **kwargs).result()


def key_paths(code: str) -> tuple[Path, Path]:
    """Where the certificate and the key of the procuratorate `code` are installed."""
    folder = Path(settings.SIGNING_KEYS_DIR)
    return folder / f"{code}.crt", folder / f"{code}.key"


def signer_for(procuratorate) -> signers.SimpleSigner:
    """The signer of a procuratorate, loaded once (and again when its files change)."""
    certificate, key = key_paths(procuratorate.code)
    with _lock:
        if not (certificate.exists() and key.exists()) and settings.SIGNING_DEMO_CA:
            folder = Path(settings.SIGNING_KEYS_DIR)
            demo_ca.ca_ensure(folder)
            demo_ca.certificate_issue(folder, code=procuratorate.code, name=procuratorate.name_zh)
        if not (certificate.exists() and key.exists()):
            raise SigningKeyMissing(
                f"No signing certificate and key for {procuratorate.code}: install "
                f"{certificate.name} and {key.name} in {certificate.parent}"
            )
        cache_key = (procuratorate.code, certificate.stat().st_mtime_ns, key.stat().st_mtime_ns)
        signer = _signers.get(cache_key)
        if signer is None:
            signer = signers.SimpleSigner.load(str(key), str(certificate))
            if signer is None:
                raise SigningKeyMissing(f"Cannot read {certificate} / {key}")
            _signers[cache_key] = signer
        return signer


def sign_pdf(pdf: bytes, procuratorate) -> bytes:
    """`pdf` signed by `procuratorate` (PAdES baseline B-B, SHA-256, an invisible signature)."""
    writer = IncrementalPdfFileWriter(BytesIO(pdf), strict=False)
    metadata = signers.PdfSignatureMetadata(
        field_name="Signature",
        md_algorithm="sha256",
        subfilter=fields.SigSeedSubFilter.PADES,
        name=procuratorate.name_zh,
    )
    output = BytesIO()
    signer = signer_for(procuratorate)
    outside_event_loop(signers.sign_pdf, writer, metadata, signer=signer, output=output)
    return output.getvalue()


def sha256(data: bytes) -> str:
    """The SHA-256 of `data`, in hex: what an issued row keeps of its file."""
    return hashlib.sha256(data).hexdigest()


@dataclass(frozen=True)
class Verification:
    """What a PDF's signature says: whether it is valid, by whom, since when."""

    sha256: str
    signed: bool = False
    intact: bool = False
    trusted: bool = False
    whole_file: bool = False
    signer: str = ""
    signer_code: str = ""
    signed_at: datetime | None = None
    readable: bool = True

    @property
    def valid(self) -> bool:
        """Signed, unchanged since, covering the whole file, by a certificate we trust."""
        return self.signed and self.intact and self.trusted and self.whole_file


def trust_roots() -> list[asn1_x509.Certificate]:
    """The certificates verification trusts (the portal's CA, or the configured roots)."""
    roots = []
    for path in settings.SIGNING_TRUST_ROOTS:
        path = Path(path)
        if path.exists():
            roots.append(load_certificate(path.read_bytes()))
    return roots


def load_certificate(data: bytes) -> asn1_x509.Certificate:
    """A certificate from PEM or DER bytes."""
    from asn1crypto import pem

    if pem.detect(data):
        _, _, data = pem.unarmor(data)
    return asn1_x509.Certificate.load(data)


def verify_pdf(data: bytes) -> Verification:
    """Verify the (last) signature of a PDF against the trust roots; never fetches anything."""
    digest = sha256(data)
    try:
        reader = PdfFileReader(BytesIO(data), strict=False)
        embedded = reader.embedded_signatures
    except (PdfError, ValueError, KeyError, TypeError, IndexError) as error:
        logger.info("Verification: unreadable PDF %s (%s)", digest, error)
        return Verification(sha256=digest, readable=False)
    if not embedded:
        return Verification(sha256=digest)
    signature = embedded[-1]
    context = ValidationContext(
        trust_manager=SimpleTrustManager.build(trust_roots=trust_roots()),
        allow_fetching=False,
        revocation_mode="soft-fail",
    )
    try:
        status = outside_event_loop(validate_pdf_signature, signature, context)
    except Exception as error:  # pyHanko raises many kinds on a broken signature
        logger.info("Verification: signature of %s could not be checked (%s)", digest, error)
        return Verification(sha256=digest, signed=True)
    subject = status.signing_cert.subject.native
    return Verification(
        sha256=digest,
        signed=True,
        intact=status.intact and status.valid,
        trusted=status.trusted,
        whole_file=status.coverage == SignatureCoverageLevel.ENTIRE_FILE,
        signer=subject.get("common_name") or subject.get("organization_name") or "",
        signer_code=subject.get("organizational_unit_name") or "",
        signed_at=status.signer_reported_dt,
    )
