"""The rotating chair of the liaison mechanism (§10)."""

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.models import Province

# The default rotation: the signing order, from the first full year after the signing.
SIGNING_ORDER = ["GS", "SN", "QH", "NX", "XJ", "BT"]
FIRST_YEAR = 2020


class Rotation(models.Model):
    """The order in which the six convene the mechanism, one year each, and its first year."""

    order = models.JSONField(
        _("rotation order"),
        default=list,
        help_text=_("The six member codes in rotation order, e.g. GS, SN, QH, NX, XJ, BT."),
    )
    first_year = models.PositiveSmallIntegerField(_("first year"))
    handover_month = models.PositiveSmallIntegerField(_("handover month"), default=1)
    handover_day = models.PositiveSmallIntegerField(_("handover day"), default=1)

    class Meta:
        verbose_name = _("rotation")
        verbose_name_plural = _("rotation")

    def __str__(self) -> str:
        return " → ".join(self.order)

    def clean(self):
        if sorted(self.order) != sorted(Province.values):
            raise ValidationError({"order": _("List each of the six members exactly once.")})
        try:
            dt.date(2001, self.handover_month, self.handover_day)
        except ValueError:
            raise ValidationError({"handover_day": _("This is not a date.")}) from None

    def handover_date(self, year: int) -> dt.date:
        """The day the chair of `year` takes over."""
        return dt.date(year, self.handover_month, self.handover_day)


class ChairSwap(models.Model):
    """Two years whose chairs trade places, with the reason (recorded by an administrator)."""

    year_a = models.PositiveSmallIntegerField(_("year"), unique=True)
    year_b = models.PositiveSmallIntegerField(_("swapped with year"), unique=True)
    reason = models.TextField(_("reason"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    class Meta:
        verbose_name = _("chair swap")
        verbose_name_plural = _("chair swaps")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(year_a__lt=models.F("year_b")), name="swap_years_in_order"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year_a} ⇄ {self.year_b}"


class ChairTerm(models.Model):
    """The year a member holds the chair, opened by the handover job on the handover date."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    province = models.CharField(_("chair"), max_length=2, choices=Province.choices)
    started_at = models.DateTimeField(_("handed over at"), default=timezone.now)
    handover_note = models.TextField(_("handover note"), blank=True)

    class Meta:
        verbose_name = _("chair term")
        verbose_name_plural = _("chair terms")
        ordering = ["-year"]

    def __str__(self) -> str:
        return f"{self.year} {self.get_province_display()}"
