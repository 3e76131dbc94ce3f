"""Joint concentrated campaigns (联合集中整治行动, §4): one category of crime, several
provinces, a period, and the results each participant reports period by period."""

import datetime as dt
from typing import NamedTuple

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _, pgettext_lazy
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase

from portal.models import CaseCategory, Procuratorate


class Frequency(models.TextChoices):
    MONTHLY = "monthly", _("Monthly")
    QUARTERLY = "quarterly", _("Quarterly")


FREQUENCY_MONTHS = {Frequency.MONTHLY: 1, Frequency.QUARTERLY: 3}


def add_months(day: dt.date, months: int) -> dt.date:
    """The first day of the month `months` after `day`'s month."""
    index = day.year * 12 + day.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


class Campaign(models.Model):
    """A joint campaign organised by one member procuratorate with others of other provinces."""

    title = models.CharField(pgettext_lazy("subject", "title"), max_length=200)
    category = models.CharField(_("case category"), max_length=32, choices=CaseCategory.choices)
    organiser = models.ForeignKey(
        Procuratorate,
        verbose_name=_("organising procuratorate"),
        on_delete=models.PROTECT,
        related_name="organised_campaigns",
    )
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    goals = models.TextField(_("goals"))
    frequency = models.CharField(
        _("reporting frequency"),
        max_length=10,
        choices=Frequency.choices,
        default=Frequency.MONTHLY,
        help_text=_("How often each participant reports its results."),
    )
    report_grace_days = models.PositiveSmallIntegerField(
        _("days to report"),
        default=10,
        help_text=_("A period's results are due this many days after it ends."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("joint campaign")
        verbose_name_plural = _("joint campaigns")
        ordering = ["-starts_on", "-id"]
        indexes = [models.Index(fields=["organiser", "-starts_on"], name="campaign_organiser_idx")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="campaign_ends_after_start",
                violation_error_message=_("The campaign must end on or after its first day."),
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("cooperation:campaign-detail", args=[self.pk])

    def state(self, today: dt.date | None = None) -> str:
        """`upcoming`, `running` or `ended`, by the calendar (Beijing time)."""
        today = today or timezone.localdate()
        if today < self.starts_on:
            return "upcoming"
        return "running" if today <= self.ends_on else "ended"

    def periods(self) -> list["Period"]:
        """The reporting periods: calendar months or quarters, clipped to the campaign."""
        step = FREQUENCY_MONTHS[self.frequency]
        first = self.starts_on.replace(day=1)
        if step == 3:
            first = first.replace(month=(first.month - 1) // 3 * 3 + 1)
        periods = []
        start = first
        while start <= self.ends_on:
            following = add_months(start, step)
            period_start = max(start, self.starts_on)
            period_end = min(following - dt.timedelta(days=1), self.ends_on)
            periods.append(
                Period(
                    period_start,
                    period_end,
                    period_end + dt.timedelta(days=self.report_grace_days),
                )
            )
            start = following
        return periods

    def period_of(self, day: dt.date) -> "Period | None":
        return next((p for p in self.periods() if p.start == day), None)


class Period(NamedTuple):
    """One reporting period of a campaign: its first and last days and when its report is due."""

    start: dt.date
    end: dt.date
    due: dt.date

    @property
    def label(self) -> str:
        return f"{self.start:%Y-%m-%d} – {self.end:%Y-%m-%d}"


class CampaignParticipant(models.Model):
    """A procuratorate taking part: the share table that makes a campaign visible to it."""

    campaign = models.ForeignKey(
        Campaign,
        verbose_name=_("campaign"),
        on_delete=models.CASCADE,
        related_name="participants",
    )
    procuratorate = models.ForeignKey(
        Procuratorate,
        verbose_name=_("procuratorate"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("campaign participant")
        verbose_name_plural = _("campaign participants")
        ordering = ["procuratorate_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "procuratorate"], name="one_campaign_participation"
            )
        ]
        indexes = [models.Index(fields=["procuratorate", "campaign"], name="campaign_share_idx")]

    def __str__(self) -> str:
        return str(self.procuratorate)


class CampaignReport(models.Model):
    """What one participant achieved in one period: one row, corrected in place with history."""

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("campaign"), on_delete=models.CASCADE, related_name="reports"
    )
    procuratorate = models.ForeignKey(
        Procuratorate,
        verbose_name=_("reporting procuratorate"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    period_start = models.DateField(_("period"), help_text=_("The first day of the period."))
    arrests_approved = models.PositiveIntegerField(_("persons approved for arrest"))
    persons_prosecuted = models.PositiveIntegerField(_("persons prosecuted"))
    proceeds_recovered = models.DecimalField(
        _("proceeds recovered (10,000 yuan)"), max_digits=14, decimal_places=2
    )
    work_results = models.TextField(_("results of the work"), blank=True)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reported by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    reported_at = models.DateTimeField(_("reported at"), default=timezone.now)
    version = models.PositiveSmallIntegerField(
        _("version"), default=1, help_text=_("1 for the first report, one more per correction.")
    )

    class Meta:
        verbose_name = _("campaign report")
        verbose_name_plural = _("campaign reports")
        ordering = ["period_start", "procuratorate_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "procuratorate", "period_start"],
                name="one_report_per_participant_period",
            )
        ]

    def __str__(self) -> str:
        return f"{self.procuratorate} {self.period_start:%Y-%m}"


class CampaignReportRevision(models.Model):
    """The figures a report held before a correction, and who corrected it."""

    report = models.ForeignKey(
        CampaignReport,
        verbose_name=_("report"),
        on_delete=models.CASCADE,
        related_name="revisions",
    )
    version = models.PositiveSmallIntegerField(_("version"))
    arrests_approved = models.PositiveIntegerField(_("persons approved for arrest"))
    persons_prosecuted = models.PositiveIntegerField(_("persons prosecuted"))
    proceeds_recovered = models.DecimalField(
        _("proceeds recovered (10,000 yuan)"), max_digits=14, decimal_places=2
    )
    work_results = models.TextField(_("results of the work"), blank=True)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reported by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    reported_at = models.DateTimeField(_("reported at"))
    corrected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("corrected by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    reason = models.TextField(_("reason for the correction"))
    corrected_at = models.DateTimeField(_("corrected at"), default=timezone.now)

    class Meta:
        verbose_name = _("earlier version of a campaign report")
        verbose_name_plural = _("earlier versions of campaign reports")
        ordering = ["report_id", "version"]

    def __str__(self) -> str:
        return f"{self.report} v{self.version}"


class CampaignReminder(models.Model):
    """A reminder sent to a participant for one period: written once, so beat sends it once."""

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("campaign"), on_delete=models.CASCADE, related_name="+"
    )
    procuratorate = models.ForeignKey(
        Procuratorate, verbose_name=_("procuratorate"), on_delete=models.CASCADE, related_name="+"
    )
    period_start = models.DateField(_("period"))
    sent_at = models.DateTimeField(_("sent at"), default=timezone.now)

    class Meta:
        verbose_name = _("campaign report reminder")
        verbose_name_plural = _("campaign report reminders")
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "procuratorate", "period_start"],
                name="one_campaign_reminder_per_period",
            )
        ]

    def __str__(self) -> str:
        return f"{self.campaign_id} {self.procuratorate_id} {self.period_start}"


class CampaignUserObjectPermission(UserObjectPermissionBase):
    content_object = models.ForeignKey(Campaign, on_delete=models.CASCADE)


class CampaignGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey(Campaign, on_delete=models.CASCADE)
