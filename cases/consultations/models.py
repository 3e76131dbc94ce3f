"""Jurisdiction consultations (管辖会商, §11): procuratorates of different provinces that both
claim, or both decline, a case agree which one handles it, and each signs the decision. When
they cannot agree by the deadline, the opening one refers the question by 请示 to their common
superior procuratorate, which designates the handling one (指定管辖)."""

import datetime as dt

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _, pgettext_lazy
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase

from portal.models import (
    CaseCategory,
    IssuedDocument,
    Procuratorate,
    SignedOffDocument,
    TimelineEvent,
    download_log,
)
from portal.storage import private_storage


class ConsultationQuerySet(models.QuerySet):
    def overdue(self, today: dt.date | None = None):
        """Consultations not yet decided whose deadline has passed."""
        today = today or timezone.localdate()
        return self.exclude(status__in=Consultation.SETTLED).filter(due_date__lt=today)


class Consultation(models.Model):
    """A jurisdiction consultation opened by one procuratorate with the others concerned."""

    class Status(models.TextChoices):
        OPEN = "open", _("Consulting")
        REVIEW = "review", _("Decision in review")
        SIGNING = "signing", _("Decision awaiting signatures")
        DECIDED = "decided", _("Decided")
        # No agreement by the deadline: the 请示 to the common superior procuratorate.
        REFERRAL_REVIEW = "referral_review", _("Referral in review")
        REFERRAL_SIGNING = "referral_signing", _("Referral awaiting signature")
        REFERRED = "referred", _("Referred to the superior procuratorate")
        DESIGNATED = "designated", _("Jurisdiction designated")

    class Dispute(models.TextChoices):
        BOTH_CLAIM = "both_claim", _("Both claim the case")
        BOTH_DECLINE = "both_decline", _("Both decline the case")

    subject = models.CharField(_("case"), max_length=200)
    case_number = models.CharField(_("case number"), max_length=100, blank=True)
    category = models.CharField(_("case category"), max_length=32, choices=CaseCategory.choices)
    dispute = models.CharField(_("dispute"), max_length=16, choices=Dispute.choices)
    facts = models.TextField(_("facts"))
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.OPEN
    )
    initiator = models.ForeignKey(
        Procuratorate,
        verbose_name=_("opened by procuratorate"),
        on_delete=models.PROTECT,
        related_name="opened_consultations",
    )
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("opened by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    due_date = models.DateField(_("deadline"), help_text=_("The date the decision is due."))
    handling_procuratorate = models.ForeignKey(
        Procuratorate,
        verbose_name=_("handling procuratorate"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_(
            "The procuratorate decided to handle the case, or the one the superior designated."
        ),
    )
    decision_reasons = models.TextField(_("reasons for the decision"), blank=True)
    decision_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decision recorded by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    created_at = models.DateTimeField(_("opened at"), default=timezone.now)
    due_reminder_sent_for = models.DateField(
        _("due reminder sent for"),
        null=True,
        blank=True,
        help_text=_("The deadline a reminder was sent for, so the daily job sends it once."),
    )
    overdue_notified_for = models.DateField(_("overdue notice sent for"), null=True, blank=True)

    objects = ConsultationQuerySet.as_manager()

    # Past waiting on the parties: agreed, referred to the superior, or designated by it.
    SETTLED = frozenset({Status.DECIDED, Status.REFERRED, Status.DESIGNATED})
    # Ended: nothing more is written to it.
    CLOSED = frozenset({Status.DECIDED, Status.DESIGNATED})

    class Meta:
        verbose_name = _("jurisdiction consultation")
        verbose_name_plural = _("jurisdiction consultations")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["initiator", "status"], name="consultation_initiator_idx"),
            models.Index(fields=["status", "due_date"], name="consultation_due_idx"),
        ]

    def __str__(self) -> str:
        return self.subject

    def get_absolute_url(self) -> str:
        return reverse("cases:consultation-detail", args=[self.pk])

    @property
    def is_overdue(self) -> bool:
        return self.status not in self.SETTLED and self.due_date < timezone.localdate()


class Position(models.TextChoices):
    UNSTATED = "unstated", _("Not stated yet")
    CLAIMS = "claims", _("Claims jurisdiction")
    DECLINES = "declines", _("Declines jurisdiction")


STANCE = pgettext_lazy("stance", "position")  # 意见 on jurisdiction, not a place in an order


class ConsultationParty(models.Model):
    """A procuratorate concerned: the share opening the consultation to it, position, signature."""

    consultation = models.ForeignKey(
        Consultation,
        verbose_name=_("jurisdiction consultation"),
        on_delete=models.CASCADE,
        related_name="parties",
    )
    procuratorate = models.ForeignKey(
        Procuratorate, verbose_name=_("procuratorate"), on_delete=models.PROTECT, related_name="+"
    )
    position = models.CharField(STANCE, max_length=10, choices=Position, default=Position.UNSTATED)
    reasons = models.TextField(_("grounds of the position"), blank=True)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("signed by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    signed_at = models.DateTimeField(_("signed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("party to a consultation")
        verbose_name_plural = _("parties to a consultation")
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["consultation", "procuratorate"], name="one_party_each")
        ]
        indexes = [
            models.Index(fields=["procuratorate", "consultation"], name="consultation_party_idx")
        ]

    def __str__(self) -> str:
        return str(self.procuratorate)


class ConsultationMessage(models.Model):
    """A message between the parties, or the record of a meeting they held."""

    class Kind(models.TextChoices):
        MESSAGE = "message", _("Message")
        MEETING = "meeting", _("Meeting")

    consultation = models.ForeignKey(
        Consultation,
        verbose_name=_("jurisdiction consultation"),
        on_delete=models.CASCADE,
        related_name="messages",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    procuratorate = models.ForeignKey(
        Procuratorate, verbose_name=_("for"), on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.MESSAGE)
    held_on = models.DateField(_("meeting date"), null=True, blank=True)
    body = models.TextField(_("text"))
    created_at = models.DateTimeField(_("time"), default=timezone.now)

    class Meta:
        verbose_name = _("consultation message")
        verbose_name_plural = _("consultation messages")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.body[:40]


CONSULTATION_EVENT_LABELS = {
    "open": _("opened the consultation"),
    "position": _("stated the position"),
    "message": _("wrote a message"),
    "meeting": _("recorded a meeting"),
    "decide": _("recorded the decision"),
    "review": _("passed the decision in review"),
    "review_return": _("returned the decision to the drafter"),
    "sign": _("signed the decision"),
    "signature_return": _("returned the decision unsigned"),
    "decided": _("the decision took effect"),
    "refer": _("drafted the referral to the superior procuratorate"),
    "referral_review": _("passed the referral in review"),
    "referral_review_return": _("returned the referral to the drafter"),
    "referral_sign": _("signed the referral off"),
    "referral_signature_return": _("returned the referral unsigned"),
    "referred": _("the referral was issued"),
    "designate": _("recorded the superior's designation"),
}


# 核稿 is a step inside the opening procuratorate: the other parties see neither it nor the
# comments its reviewer returns the draft with (a signer's return is between the parties). The
# 请示 is the opening procuratorate's own document until it is issued: its draft and its
# sign-off are its own too; the others see it signed off and issued.
INTERNAL_ACTIONS = frozenset(
    {
        "review",
        "review_return",
        "refer",
        "referral_review",
        "referral_review_return",
        "referral_signature_return",
    }
)


class ConsultationEvent(TimelineEvent):
    """One step of a consultation's timeline."""

    consultation = models.ForeignKey(
        Consultation,
        verbose_name=_("jurisdiction consultation"),
        on_delete=models.CASCADE,
        related_name="events",
    )

    class Meta:
        verbose_name = _("consultation event")
        verbose_name_plural = _("consultation events")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.consultation_id} {self.action}"

    @property
    def label(self) -> str:
        return CONSULTATION_EVENT_LABELS.get(self.action, self.action)


class DecisionRecord(IssuedDocument):
    """The PDF record of the decision (管辖会商决定书): a row first, rendered after commit."""

    consultation = models.OneToOneField(
        Consultation,
        verbose_name=_("jurisdiction consultation"),
        on_delete=models.CASCADE,
        related_name="record",
    )
    issuer = models.ForeignKey(
        Procuratorate, verbose_name=_("issuer"), on_delete=models.PROTECT, related_name="+"
    )
    file = models.FileField(
        _("PDF"), storage=private_storage, upload_to="consultations/", blank=True
    )

    downloads = download_log("decision_record")

    class Meta:
        verbose_name = _("decision record")
        verbose_name_plural = _("decision records")
        indexes = [models.Index(fields=["state", "created_at"], name="decision_record_state_idx")]

    def __str__(self) -> str:
        return self.number

    def issuing_procuratorate(self) -> Procuratorate:
        """The record's issuer (the consultation's initiator) signs it."""
        return self.issuer

    def get_absolute_url(self) -> str:
        return self.consultation.get_absolute_url()


class Referral(models.Model):
    """The 请示 to the parties' common superior procuratorate, as drafted by the opening one
    when no agreement came by the deadline, and the designation the superior replied with."""

    consultation = models.OneToOneField(
        Consultation,
        verbose_name=_("jurisdiction consultation"),
        on_delete=models.CASCADE,
        related_name="referral",
    )
    superior = models.CharField(
        _("common superior procuratorate"),
        max_length=100,
        default="最高人民检察院",
        help_text=_("The parties name it; by default the Supreme People's Procuratorate."),
    )
    facts = models.TextField(_("facts"))
    question = models.TextField(_("question asked"))
    drafted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("drafted by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    drafted_at = models.DateTimeField(_("drafted at"), default=timezone.now)
    designated_procuratorate = models.ForeignKey(
        Procuratorate,
        verbose_name=_("designated procuratorate"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    reply_number = models.CharField(_("number of the superior's reply"), max_length=60, blank=True)
    reply_date = models.DateField(_("date of the superior's reply"), null=True, blank=True)
    designation_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("designation recorded by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    designated_at = models.DateTimeField(_("designation recorded at"), null=True, blank=True)

    class Meta:
        verbose_name = _("referral to the superior procuratorate")
        verbose_name_plural = _("referrals to the superior procuratorate")

    def __str__(self) -> str:
        return f"{self.consultation} → {self.superior}"


class ReferralDocument(SignedOffDocument):
    """The issued 请示 (an upward document): its row written at 签发 with the number, its PDF
    rendered and signed after commit."""

    referral = models.OneToOneField(
        Referral,
        verbose_name=_("referral to the superior procuratorate"),
        on_delete=models.CASCADE,
        related_name="document",
    )
    issuer = models.ForeignKey(
        Procuratorate, verbose_name=_("issuer"), on_delete=models.PROTECT, related_name="+"
    )
    file = models.FileField(
        _("PDF"), storage=private_storage, upload_to="consultations/", blank=True
    )

    downloads = download_log("referral_document")

    class Meta:
        verbose_name = _("referral (请示)")
        verbose_name_plural = _("referrals (请示)")
        indexes = [models.Index(fields=["state", "created_at"], name="referral_doc_state_idx")]

    def __str__(self) -> str:
        return self.number

    def issuing_procuratorate(self) -> Procuratorate:
        """The opening procuratorate issues (and signs) the referral."""
        return self.issuer

    def get_absolute_url(self) -> str:
        return self.referral.consultation.get_absolute_url()


class ConsultationUserObjectPermission(UserObjectPermissionBase):
    content_object = models.ForeignKey(Consultation, on_delete=models.CASCADE)


class ConsultationGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey(Consultation, on_delete=models.CASCADE)
