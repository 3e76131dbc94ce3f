"""Saved searches of researchers and the cases already sent to them."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class SavedSearch(models.Model):
    """A query a user keeps, with how often new published matches are sent to them."""

    class Rate(models.TextChoices):
        IMMEDIATELY = "immediately", _("Immediately")
        DAILY = "daily", _("Daily")
        WEEKLY = "weekly", _("Weekly")
        OFF = "off", _("Off")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="saved_searches",
    )
    name = models.CharField(_("name"), max_length=100)
    query = models.CharField(_("query"), max_length=200, blank=True)
    filters = models.JSONField(_("filters"), default=dict, blank=True)
    rate = models.CharField(_("alerts"), max_length=12, choices=Rate.choices, default=Rate.DAILY)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    last_sent_at = models.DateTimeField(_("last alert sent"), null=True, blank=True)

    class Meta:
        verbose_name = _("saved search")
        verbose_name_plural = _("saved searches")
        ordering = ["user", "name", "id"]
        indexes = [models.Index(fields=["rate"], name="savedsearch_rate_idx")]

    def __str__(self) -> str:
        return self.name


class SavedSearchMatch(models.Model):
    """A published case found for a saved search: each is sent once, never twice."""

    saved_search = models.ForeignKey(SavedSearch, on_delete=models.CASCADE, related_name="matches")
    case = models.ForeignKey("casebank.TypicalCase", on_delete=models.CASCADE, related_name="+")
    found_at = models.DateTimeField(_("found at"), default=timezone.now)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("saved-search match")
        verbose_name_plural = _("saved-search matches")
        constraints = [
            models.UniqueConstraint(fields=["saved_search", "case"], name="one_match_per_case"),
        ]
        indexes = [models.Index(fields=["saved_search", "sent_at"], name="match_unsent_idx")]

    def __str__(self) -> str:
        return f"{self.saved_search} → {self.case_id}"
