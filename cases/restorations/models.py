"""Ecological restoration (§7): the measures that repair the damage of a case, followed by the
handling procuratorate and, where the damage lies elsewhere, by the damage-place one."""

import datetime as dt
import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _, pgettext_lazy
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase

from portal.models import CaseCategory, PrivateDocument, Procuratorate, TimelineEvent, download_log
from portal.storage import private_storage

# The categories of the shared taxonomy a restoration may be about.
RESTORATION_CATEGORIES = (CaseCategory.ECOLOGY, CaseCategory.NATURE_RESERVES)


class Restoration(models.Model):
    """The restoration of the ecological damage of one case (on an assistance request or not)."""

    request = models.ForeignKey(
        "cases.AssistanceRequest",
        verbose_name=_("assistance request"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="restorations",
        help_text=_("The assistance request the restoration is coordinated on, if any."),
    )
    case_name = models.CharField(_("case name"), max_length=200)
    case_number = models.CharField(_("case number"), max_length=100)
    category = models.CharField(
        _("case category"),
        max_length=32,
        choices=[(c.value, c.label) for c in RESTORATION_CATEGORIES],
    )
    damage_place = models.CharField(
        _("place of damage"), max_length=200, help_text=_("Where the damage was done.")
    )
    damage_description = models.TextField(_("damage"), help_text=_("What was damaged, and how."))
    damage_procuratorate = models.ForeignKey(
        Procuratorate,
        verbose_name=_("damage-place procuratorate"),
        on_delete=models.PROTECT,
        related_name="damage_restorations",
    )
    handling_procuratorate = models.ForeignKey(
        Procuratorate,
        verbose_name=_("handling procuratorate"),
        on_delete=models.PROTECT,
        related_name="handled_restorations",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("ecological restoration")
        verbose_name_plural = _("ecological restorations")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["handling_procuratorate"], name="restoration_handling_idx"),
            models.Index(fields=["damage_procuratorate"], name="restoration_damage_idx"),
        ]

    def __str__(self) -> str:
        return self.case_name

    def get_absolute_url(self) -> str:
        return reverse("restorations:detail", args=[self.pk])

    @property
    def crosses_jurisdictions(self) -> bool:
        """Whether the damage lies in another procuratorate's area than the handling one's."""
        return self.damage_procuratorate_id != self.handling_procuratorate_id


class MeasureKind(models.TextChoices):
    ELIMINATE_POLLUTION = "eliminate_pollution", _("Eliminating pollution")
    REPLANTING = "replanting", _("Replanting")
    RESTOCKING_FISH = "restocking_fish", _("Restocking fish")
    LAND_RECLAMATION = "land_reclamation", _("Land reclamation")
    COMPENSATION = "compensation", _("Compensation")


class MeasureStatus(models.TextChoices):
    # A measure is carried out (实施), not handled (办理) as a request is: its own words.
    PLANNED = "planned", pgettext_lazy("measure", "Planned")
    IN_PROGRESS = "in_progress", pgettext_lazy("measure", "In progress")
    DONE = "done", pgettext_lazy("measure", "Done")
    VERIFIED = "verified", pgettext_lazy("measure", "Verified")


# A measure in one of these states is still to be carried out: it can become overdue.
OPEN_MEASURE_STATES = frozenset({MeasureStatus.PLANNED, MeasureStatus.IN_PROGRESS})


class MeasureQuerySet(models.QuerySet):
    def overdue(self, today: dt.date | None = None):
        """Measures not yet carried out whose deadline has passed."""
        return self.filter(
            status__in=OPEN_MEASURE_STATES, deadline__lt=today or timezone.localdate()
        )


class RestorationMeasure(models.Model):
    """One measure: what, where, by whom, by when, and how far it has got."""

    restoration = models.ForeignKey(
        Restoration,
        verbose_name=_("restoration"),
        on_delete=models.CASCADE,
        related_name="measures",
    )
    kind = models.CharField(_("measure"), max_length=24, choices=MeasureKind.choices)
    description = models.TextField(_("what is to be done"))
    location = models.CharField(_("location"), max_length=200)
    responsible_party = models.CharField(
        _("responsible party"),
        max_length=200,
        help_text=_("Who carries out the measure (the offender, a company, an agency)."),
    )
    deadline = models.DateField(_("deadline"))
    status = models.CharField(
        _("status"), max_length=16, choices=MeasureStatus.choices, default=MeasureStatus.PLANNED
    )
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("verified by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)
    overdue_notified = models.BooleanField(
        _("overdue notice sent"),
        default=False,
        help_text=_("Set when the daily job has told both sides, so it tells them once."),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    objects = MeasureQuerySet.as_manager()

    class Meta:
        verbose_name = _("restoration measure")
        verbose_name_plural = _("restoration measures")
        ordering = ["deadline", "id"]
        indexes = [models.Index(fields=["status", "deadline"], name="measure_due_idx")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.location}"

    @property
    def is_overdue(self) -> bool:
        return self.status in OPEN_MEASURE_STATES and self.deadline < timezone.localdate()


def evidence_path(instance, filename: str) -> str:
    # A random name: the original one is kept in a column and never touches the file system.
    return f"restorations/{instance.measure_id}/{uuid.uuid4().hex}"


class MeasureEvidence(PrivateDocument):
    """Verification evidence of a measure (photos, reports); downloaded through a checked view."""

    measure = models.ForeignKey(
        RestorationMeasure,
        verbose_name=_("measure"),
        on_delete=models.CASCADE,
        related_name="evidence",
    )
    file = models.FileField(_("file"), storage=private_storage, upload_to=evidence_path)

    downloads = download_log("evidence")

    class Meta:
        verbose_name = _("verification evidence")
        verbose_name_plural = _("verification evidence")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.original_name


# How each step reads in a restoration's timeline.
RESTORATION_EVENT_LABELS = {
    "create": _("opened the restoration"),
    "add_measure": _("added a measure"),
    "start": _("started a measure"),
    "finish": _("reported a measure done"),
    "verify": _("verified a measure"),
    "reopen": _("sent a measure back"),
    "evidence": _("filed evidence"),
}


class RestorationEvent(TimelineEvent):
    """One step of a restoration's timeline: who did what to which measure, when."""

    restoration = models.ForeignKey(
        Restoration,
        verbose_name=_("restoration"),
        on_delete=models.CASCADE,
        related_name="events",
    )
    measure = models.ForeignKey(
        RestorationMeasure,
        verbose_name=_("measure"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    from_status = models.CharField(
        _("from"), max_length=16, choices=MeasureStatus.choices, blank=True
    )
    to_status = models.CharField(_("to"), max_length=16, choices=MeasureStatus.choices, blank=True)

    class Meta:
        verbose_name = _("restoration event")
        verbose_name_plural = _("restoration events")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.restoration_id} {self.action}"

    @property
    def label(self) -> str:
        return RESTORATION_EVENT_LABELS.get(self.action, self.action)


class RestorationUserObjectPermission(UserObjectPermissionBase):
    content_object = models.ForeignKey(Restoration, on_delete=models.CASCADE)


class RestorationGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey(Restoration, on_delete=models.CASCADE)
