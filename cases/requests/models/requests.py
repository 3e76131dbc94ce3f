"""Assistance requests between procuratorates (§11): the request, its slots, messages, extensions
and history."""

import datetime as dt
import functools
import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase

from cases.requests.models.states import EVENT_LABELS, OPEN_STATES, Status
from portal.models import (
    CaseCategory,
    ChoiceLabels,
    Procuratorate,
    TimelineEvent,
)


class RequestType(models.TextChoices):
    REMOTE_INTERROGATION = "remote_interrogation", _("Remote interrogation of a suspect")
    WITNESS_QUESTIONING = "witness_questioning", _("Questioning a witness")
    EVIDENCE_GATHERING = "evidence_gathering", _("Entrusted investigation and evidence gathering")
    PROCURATORIAL_SUGGESTION = "procuratorial_suggestion", _("Issuing a procuratorial suggestion")
    JUVENILE_EDUCATION = "juvenile_education", _("Remote assistance-education of a juvenile")
    PROBATION_SUPERVISION = "probation_supervision", _("Supervision during probation")
    INFORMATION_QUERY = "information_query", _("Information query")
    ECOLOGICAL_RESTORATION = "ecological_restoration", _("Ecological restoration coordination")


class Urgency(models.TextChoices):
    NORMAL = "normal", _("Normal")
    URGENT = "urgent", _("Urgent")
    VERY_URGENT = "very_urgent", _("Very urgent")


class ReturnReason(models.TextChoices):
    INCOMPLETE = "incomplete", _("Incomplete")
    WRONG_RECIPIENT = "wrong_recipient", _("Wrong recipient")
    NOT_WITHIN_POWER = "not_within_power", _("Not within our power")
    OTHER = "other", _("Other")


class Completion(models.TextChoices):
    FULL = "full", _("Fully completed")
    PARTIAL = "partial", _("Partially completed")
    ALTERNATIVE = "alternative", _("Completed by an alternative measure")


class AssistanceRequestQuerySet(models.QuerySet):
    def overdue(self, today: dt.date | None = None):
        """Requests still being handled whose due date has passed."""
        today = today or timezone.localdate()
        return self.filter(status__in=OPEN_STATES, due_date__lt=today)


class AssistanceRequest(ChoiceLabels, models.Model):
    """A request for assistance from one procuratorate to another of a different province."""

    request_type = models.CharField(_("type"), max_length=32, choices=RequestType.choices)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.DRAFT
    )
    number = models.CharField(
        _("document number"),
        max_length=40,
        blank=True,
        help_text=_(
            "From the requesting procuratorate's register, given when the first letter is "
            "signed off."
        ),
    )
    requesting_procuratorate = models.ForeignKey(
        Procuratorate,
        verbose_name=_("requesting procuratorate"),
        on_delete=models.PROTECT,
        related_name="sent_requests",
    )
    requested_procuratorate = models.ForeignKey(
        Procuratorate,
        verbose_name=_("requested procuratorate"),
        on_delete=models.PROTECT,
        related_name="received_requests",
    )
    forwarded_to = models.ForeignKey(
        Procuratorate,
        verbose_name=_("forwarded to"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="forwarded_requests",
        help_text=_("The subordinate procuratorate that handles the request."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.PROTECT,
        related_name="created_requests",
    )
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("handler"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="handled_requests",
        help_text=_("The colleague of the requested side who handles the request."),
    )
    urgency = models.CharField(
        _("urgency"), max_length=16, choices=Urgency.choices, default=Urgency.NORMAL
    )
    due_date = models.DateField(_("due date"))
    case_name = models.CharField(_("case name"), max_length=200)
    case_number = models.CharField(_("originating case number"), max_length=100)
    category = models.CharField(_("case category"), max_length=32, choices=CaseCategory.choices)
    legal_basis = models.TextField(_("legal basis"))
    description = models.TextField(
        _("matters requested"), help_text=_("What the requested procuratorate is asked to do.")
    )
    contact_person = models.CharField(_("contact person"), max_length=100)
    contact_phone = models.CharField(_("contact phone"), max_length=40)
    needs_venue = models.BooleanField(_("needs a venue"), default=False)
    needs_equipment = models.BooleanField(_("needs technical equipment"), default=False)
    needs_coordination = models.BooleanField(
        _("needs coordination with other departments"), default=False
    )
    details = models.JSONField(_("type-specific details"), default=dict, blank=True)
    return_reason = models.CharField(
        _("reason for return"), max_length=20, choices=ReturnReason.choices, blank=True
    )
    return_comment = models.TextField(_("return comment"), blank=True)
    reply_result = models.TextField(_("result"), blank=True)
    reply_completion = models.CharField(
        _("completion"), max_length=16, choices=Completion.choices, blank=True
    )
    reply_alternative = models.TextField(_("alternative measure"), blank=True)
    agreed_slot = models.ForeignKey(
        "ProposedSlot",
        verbose_name=_("agreed time slot"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    agreed_venue = models.CharField(_("agreed venue"), max_length=200, blank=True)
    agreed_equipment = models.CharField(_("agreed equipment"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)
    due_reminder_sent_for = models.DateField(
        _("due reminder sent for"),
        null=True,
        blank=True,
        help_text=_("The due date a reminder was sent for, so the daily job sends it once."),
    )
    overdue_notified_for = models.DateField(_("overdue notice sent for"), null=True, blank=True)
    task_force = models.ForeignKey(
        "TaskForce",
        verbose_name=_("joint task force"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="requests",
        help_text=_("The joint task force that raised this request, if any."),
    )

    objects = AssistanceRequestQuerySet.as_manager()

    class Meta:
        verbose_name = _("assistance request")
        verbose_name_plural = _("assistance requests")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["requesting_procuratorate", "status"], name="request_sent_idx"),
            models.Index(fields=["requested_procuratorate", "status"], name="request_received_idx"),
            models.Index(fields=["status", "due_date"], name="request_due_idx"),
            # The lists' order: a page of the newest is read from the index, not sorted.
            models.Index(fields=["-created_at", "-id"], name="request_newest_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(requesting_procuratorate=models.F("requested_procuratorate")),
                name="request_not_to_itself",
            ),
            # A register never repeats a number (and no two procuratorates share a prefix).
            models.UniqueConstraint(
                fields=["requesting_procuratorate", "number"],
                condition=~models.Q(number=""),
                name="request_number_unique_per_register",
            ),
        ]

    def __str__(self) -> str:
        return self.number or str(_("Draft request %(id)s") % {"id": self.pk})

    def get_absolute_url(self) -> str:
        return reverse("cases:request-detail", args=[self.pk])

    @property
    def handling_procuratorate(self) -> Procuratorate:
        """The procuratorate that actually does the work: the forwarded-to one, if any."""
        return self.forwarded_to or self.requested_procuratorate

    @property
    def is_overdue(self) -> bool:
        return self.status in OPEN_STATES and self.due_date < timezone.localdate()


class ProposedSlot(models.Model):
    """A time the requester proposes for an interrogation or a questioning."""

    request = models.ForeignKey(
        AssistanceRequest, on_delete=models.CASCADE, related_name="proposed_slots"
    )
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))

    class Meta:
        verbose_name = _("proposed time slot")
        verbose_name_plural = _("proposed time slots")
        ordering = ["starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")), name="slot_ends_after_start"
            )
        ]

    def __str__(self) -> str:
        start = timezone.localtime(self.starts_at)
        return f"{start:%Y-%m-%d %H:%M}–{timezone.localtime(self.ends_at):%H:%M}"


class Side(models.TextChoices):
    REQUESTING = "requesting", _("Requesting side")
    REQUESTED = "requested", _("Requested side")


class RequestEvent(ChoiceLabels, TimelineEvent):
    """One step of a request's timeline: who did what, when, and what changed."""

    request = models.ForeignKey(AssistanceRequest, on_delete=models.CASCADE, related_name="events")
    from_status = models.CharField(_("from"), max_length=16, choices=Status.choices, blank=True)
    to_status = models.CharField(_("to"), max_length=16, choices=Status.choices, blank=True)
    private_to = models.CharField(
        _("seen only by"),
        max_length=16,
        choices=Side.choices,
        blank=True,
        help_text=_("An internal step is shown to its own side only."),
    )
    changes = models.JSONField(
        _("changed fields"), default=dict, blank=True, help_text=_("field: [old, new]")
    )

    class Meta:
        verbose_name = _("request event")
        verbose_name_plural = _("request events")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.request_id} {self.action}"

    @property
    def label(self) -> str:
        return EVENT_LABELS.get(self.action, self.action)

    @property
    def changed_fields(self) -> list[str]:
        """The names of the fields this step changed, in the reader's language."""
        labels = request_field_labels()
        return [str(labels.get(name, name)) for name in self.changes]


@functools.cache
def request_field_labels() -> dict:
    """A request's columns and their (lazily translated) names, built once per process."""
    return {field.attname: field.verbose_name for field in AssistanceRequest._meta.fields}


class RequestMessage(ChoiceLabels, models.Model):
    """A message to the other side, or an internal note seen by the author's side only."""

    request = models.ForeignKey(
        AssistanceRequest, on_delete=models.CASCADE, related_name="messages"
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    side = models.CharField(_("side"), max_length=10, choices=Side.choices)
    internal = models.BooleanField(
        _("internal note"), default=False, help_text=_("Seen by the author's side only.")
    )
    body = models.TextField(_("message"))
    created_at = models.DateTimeField(_("time"), default=timezone.now)

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.body[:40]


def attachment_path(instance, filename: str) -> str:
    # A random name: the original one is kept in a column and never touches the file system.
    return f"requests/{instance.request_id}/{uuid.uuid4().hex}"


class DeadlineExtension(ChoiceLabels, models.Model):
    """The requested side asks for more time; the requester approves or declines."""

    class Decision(models.TextChoices):
        PENDING = "pending", _("Pending")
        APPROVED = "approved", _("Approved")
        DECLINED = "declined", _("Declined")

    request = models.ForeignKey(
        AssistanceRequest, on_delete=models.CASCADE, related_name="extensions"
    )
    asked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    proposed_due_date = models.DateField(_("proposed due date"))
    reason = models.TextField(_("reason"))
    decision = models.CharField(
        _("decision"), max_length=10, choices=Decision.choices, default=Decision.PENDING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    created_at = models.DateTimeField(_("asked at"), default=timezone.now)

    class Meta:
        verbose_name = _("deadline extension")
        verbose_name_plural = _("deadline extensions")
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["request"],
                condition=models.Q(decision="pending"),
                name="one_pending_extension",
            )
        ]

    def __str__(self) -> str:
        return f"{self.request_id} → {self.proposed_due_date}"


class AssistanceRequestUserObjectPermission(UserObjectPermissionBase):
    content_object = models.ForeignKey(AssistanceRequest, on_delete=models.CASCADE)


class AssistanceRequestGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey(AssistanceRequest, on_delete=models.CASCADE)
