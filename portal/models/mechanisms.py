"""The mechanisms every app shares: one download log, private and issued documents, timeline
events, and the first answers of idempotent creates."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey, GenericRelation
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class DocumentDownload(models.Model):
    """Who downloaded which private document, of any app, and when: the portal's one log.

    Each private document declares `downloads = download_log("its_name")`, so that
    `document.downloads` lists its downloads and the log filters by it (`letter__request=…`).
    """

    document_type = models.ForeignKey(
        ContentType, verbose_name=_("document type"), on_delete=models.PROTECT, related_name="+"
    )
    document_id = models.PositiveBigIntegerField(_("document id"))
    document = GenericForeignKey("document_type", "document_id")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.PROTECT, related_name="+"
    )
    downloaded_at = models.DateTimeField(_("downloaded at"), default=timezone.now)

    class Meta:
        verbose_name = _("download")
        verbose_name_plural = _("downloads")
        ordering = ["-downloaded_at", "-id"]
        indexes = [
            models.Index(fields=["document_type", "document_id"], name="download_document_idx")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.downloaded_at:%Y-%m-%d %H:%M}"


def download_log(query_name: str) -> GenericRelation:
    """The downloads of a private document, in the one log; deleted with the document."""
    return GenericRelation(
        DocumentDownload,
        content_type_field="document_type",
        object_id_field="document_id",
        related_query_name=query_name,
    )


class TimelineEvent(models.Model):
    """One step in the life of an object of any app: who did what, when, with a comment. Each
    model adds the object it belongs to (`related_name="events"`) and what else it records."""

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
    )
    action = models.CharField(_("action"), max_length=32)
    comment = models.TextField(_("comment"), blank=True)
    created_at = models.DateTimeField(_("time"), default=timezone.now)

    class Meta:
        abstract = True
        ordering = ["created_at", "id"]


class PrivateDocument(models.Model):
    """An upload of any app, kept out of every public URL: each model adds its `file` (with its
    folder), its parent and `downloads = download_log(name)`; `portal.documents` checks the
    upload, gives these fields (`stored_upload`) and logs every download."""

    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveIntegerField(_("size in bytes"))
    created_at = models.DateTimeField(_("uploaded at"), default=timezone.now)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.original_name


class IssuedDocument(models.Model):
    """A PDF the portal issues (a letter, a notice, a decision record): written as a pending row
    in the change's transaction, rendered after the commit by `portal.pdf.issue_pdf_once`, then
    frozen. Each model adds its `file` (with its folder) and `downloads = download_log(name)`."""

    class State(models.TextChoices):
        PENDING = "pending", _("Being prepared")
        ISSUED = "issued", _("Issued")

    number = models.CharField(_("document number"), max_length=40)
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.PENDING
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    issued_at = models.DateTimeField(_("issued at"), null=True, blank=True)
    sha256 = models.CharField(
        _("SHA-256"),
        max_length=64,
        blank=True,
        db_index=True,
        help_text=_("Of the signed PDF as issued: a copy with the same digest is the same file."),
    )
    signature_valid = models.BooleanField(
        _("signature valid"),
        default=False,
        help_text=_("Whether the issued PDF's signature verified when it was issued."),
    )

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.number

    def issuing_procuratorate(self):
        """The procuratorate that issues (and signs) this document."""
        raise NotImplementedError


class IdempotencyKey(models.Model):
    """The first answer to an API create sent with an `Idempotency-Key`, kept for a day.

    A client that did not hear the answer (a dropped connection) sends the same key and body
    again and gets this answer back, instead of creating a second object.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="+"
    )
    key = models.CharField(_("key"), max_length=255)
    fingerprint = models.CharField(
        _("request fingerprint"), max_length=64, help_text=_("SHA-256 of the path and the body.")
    )
    status_code = models.PositiveSmallIntegerField(_("status code"), null=True, blank=True)
    response = models.JSONField(_("response"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("idempotency key")
        verbose_name_plural = _("idempotency keys")
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="idempotency_key_once_per_user")
        ]

    def __str__(self) -> str:
        return self.key


class SharedCacheEntry(models.Model):
    """A row of the cache all workers share when there is no Redis (`CACHES["shared"]`).

    Django's database cache reads and writes this table itself; it is a model so that
    `migrate` makes it, on a fresh SQLite as on PostgreSQL, with no extra command.
    """

    cache_key = models.CharField(_("key"), max_length=255, primary_key=True)
    value = models.TextField(_("value"))
    expires = models.DateTimeField(_("expires"), db_index=True)

    class Meta:
        db_table = "portal_shared_cache"
        verbose_name = _("shared cache entry")
        verbose_name_plural = _("shared cache")

    def __str__(self) -> str:
        return self.cache_key
