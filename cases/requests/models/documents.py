"""The papers of a request: the yearly registers that number letters, the attachments either
side files, the formal letters (协作请求函 / 协作回复函, 补充函 / 更正函), and the supplementary
or correction letters being drafted and signed off."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases.requests.models.requests import AssistanceRequest, Side, attachment_path
from cases.requests.models.states import SupplementStatus
from portal.models import (
    ChoiceLabels,
    PrivateDocument,
    Procuratorate,
    SignedOffDocument,
    download_log,
)
from portal.storage import private_storage


class DocumentRegister(models.Model):
    """The per-procuratorate, per-year register of letter numbers: gap-free, never reused."""

    class Series(models.TextChoices):
        REQUEST = "request", _("Request letters")
        REPLY = "reply", _("Reply letters")
        CONSULTATION = "consultation", _("Jurisdiction decisions")
        NOTICE = "notice", _("Meeting notices")
        REFERRAL = "referral", _("Referrals to a superior procuratorate")

    procuratorate = models.ForeignKey(
        Procuratorate, verbose_name=_("procuratorate"), on_delete=models.PROTECT
    )
    year = models.PositiveSmallIntegerField(_("year"))
    series = models.CharField(_("series"), max_length=12, choices=Series.choices)
    last_number = models.PositiveIntegerField(_("last number issued"), default=0)

    class Meta:
        verbose_name = _("document register")
        verbose_name_plural = _("document registers")
        constraints = [
            models.UniqueConstraint(
                fields=["procuratorate", "year", "series"], name="one_register_per_year"
            )
        ]

    def __str__(self) -> str:
        return f"{self.procuratorate} {self.year} {self.get_series_display()}"


class RequestAttachment(ChoiceLabels, PrivateDocument):
    """A document attached to a request by either side; downloaded only through a checked view."""

    request = models.ForeignKey(
        AssistanceRequest, on_delete=models.CASCADE, related_name="attachments"
    )
    side = models.CharField(_("side"), max_length=10, choices=Side.choices)
    file = models.FileField(_("file"), storage=private_storage, upload_to=attachment_path)

    downloads = download_log("attachment")

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.original_name


class Letter(ChoiceLabels, SignedOffDocument):
    """A formal letter (协作请求函 / 协作回复函, 补充函 / 更正函): written when signed off,
    rendered after commit.

    A request re-sent after a return gets a new version of its letter, numbered anew; a
    supplementary or correction letter is a letter of its own kind, numbered anew too (its
    `version` counts the letters of its kind on the request)."""

    class Kind(models.TextChoices):
        REQUEST = "request", _("Request letter")
        REPLY = "reply", _("Reply letter")
        SUPPLEMENT = "supplement", _("Supplementary letter")
        CORRECTION = "correction", _("Correction letter")

    request = models.ForeignKey(AssistanceRequest, on_delete=models.CASCADE, related_name="letters")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    issuer = models.ForeignKey(
        Procuratorate, verbose_name=_("issuer"), on_delete=models.PROTECT, related_name="+"
    )
    file = models.FileField(_("PDF"), storage=private_storage, upload_to="letters/", blank=True)
    supplement = models.OneToOneField(
        "Supplement",
        verbose_name=_("supplementary or correction letter"),
        # Deleted only with its request (and so with its letter), never on its own.
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        related_name="letter",
        help_text=_("The draft this letter was issued from, for 补充函 and 更正函."),
    )

    downloads = download_log("letter")

    class Meta:
        verbose_name = _("letter")
        verbose_name_plural = _("letters")
        ordering = ["kind", "version", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["request", "kind", "version"], name="one_letter_per_kind_version"
            ),
            models.UniqueConstraint(fields=["issuer", "number"], name="letter_number_unique"),
        ]
        indexes = [models.Index(fields=["state", "created_at"], name="letter_state_idx")]

    def __str__(self) -> str:
        return self.number

    def issuing_procuratorate(self) -> Procuratorate:
        """The letter's issuer signs it."""
        return self.issuer

    def get_absolute_url(self) -> str:
        return self.request.get_absolute_url()


class Supplement(ChoiceLabels, models.Model):
    """A 补充函 (adds facts or materials) or 更正函 (corrects an error of a letter sent) to a
    request already sent, drafted by the requesting side.

    It has a sign-off of its own (the request keeps its status meanwhile); at 签发 it takes a
    new number from the requester's register and is issued as a `Letter` of its kind."""

    class Kind(models.TextChoices):
        SUPPLEMENT = Letter.Kind.SUPPLEMENT.value, Letter.Kind.SUPPLEMENT.label
        CORRECTION = Letter.Kind.CORRECTION.value, Letter.Kind.CORRECTION.label

    request = models.ForeignKey(
        AssistanceRequest, on_delete=models.CASCADE, related_name="supplements"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=SupplementStatus.choices,
        default=SupplementStatus.DRAFT,
    )
    refers_to = models.ForeignKey(
        Letter,
        verbose_name=_("letter referred to"),
        on_delete=models.RESTRICT,
        related_name="+",
        help_text=_("The letter already sent that this one supplements or corrects."),
    )
    body = models.TextField(_("text"))
    drafted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("drafted by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    return_comment = models.TextField(_("return comment"), blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("supplementary or correction letter")
        verbose_name_plural = _("supplementary and correction letters")
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["status", "request"], name="supplement_status_idx")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.request_id}"

    def get_absolute_url(self) -> str:
        return self.request.get_absolute_url()
