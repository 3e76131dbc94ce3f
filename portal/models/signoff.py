"""Sign-off (拟稿 → 核稿 → 签发): the issued document it ends in, and the chief's delegations."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _, pgettext_lazy

from portal.models.accounts import Procuratorate
from portal.models.mechanisms import IssuedDocument


class SignedOffDocument(IssuedDocument):
    """An issued document that went through sign-off: its version, who signed it off and when.

    The row is written at 签发 (the number is taken then, never before); a correction is a new
    row with the next version and a new number, and the earlier versions are kept.
    """

    version = models.PositiveSmallIntegerField(_("version"), default=1)
    signed_off_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("signed off by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    signed_off_at = models.DateTimeField(_("signed off at"), null=True, blank=True)

    class Meta:
        abstract = True


class SigningDelegation(models.Model):
    """The chief's signing power lent to a deputy of the same procuratorate for a period."""

    procuratorate = models.ForeignKey(
        Procuratorate,
        verbose_name=_("procuratorate"),
        on_delete=models.CASCADE,
        related_name="signing_delegations",
    )
    delegate = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("deputy who signs"),
        on_delete=models.CASCADE,
        related_name="signing_delegations",
    )
    valid_from = models.DateField(pgettext_lazy("period", "from"))
    valid_until = models.DateField(_("until"), help_text=_("The last day the deputy signs."))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("delegated by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("signing delegation")
        verbose_name_plural = _("signing delegations")
        ordering = ["-valid_from", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(valid_until__gte=models.F("valid_from")),
                name="delegation_period_ordered",
                violation_error_message=_("The period must end on or after its first day."),
            ),
            models.CheckConstraint(
                condition=~models.Q(delegate=models.F("created_by")),
                name="delegation_not_to_oneself",
                violation_error_message=_("Nobody can delegate signing to themselves."),
            ),
        ]
        indexes = [models.Index(fields=["delegate", "valid_until"], name="delegation_delegate_idx")]

    def __str__(self) -> str:
        return f"{self.delegate} {self.valid_from}–{self.valid_until}"
