"""The audit log: who did what, when, from where, to what, and how it ended. Rows are only ever
added; the retention job is the one thing that removes them."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.models.accounts import ChoiceLabels, Procuratorate


class AuditEntry(ChoiceLabels, models.Model):
    """One event of the audit log (append-only)."""

    class Action(models.TextChoices):
        SIGN_IN = "sign_in", _("Signed in")
        SIGN_IN_FAILED = "sign_in_failed", _("Sign-in failed")
        SIGN_IN_THROTTLED = "sign_in_throttled", _("Sign-in slowed down")
        SIGN_OUT = "sign_out", _("Signed out")
        SESSIONS_ENDED = "sessions_ended", _("Other sessions ended")
        SECOND_FACTOR_ENROLLED = "second_factor_enrolled", _("Second factor enrolled")
        SECOND_FACTOR_REMOVED = "second_factor_removed", _("Second factor removed")
        SECOND_FACTOR_RESET = "second_factor_reset", _("Second factors reset")
        SECOND_FACTOR_FAILED = "second_factor_failed", _("Second factor failed")
        RECOVERY_CODES_ISSUED = "recovery_codes_issued", _("Recovery codes issued")
        RECOVERY_CODE_USED = "recovery_code_used", _("Recovery code used")
        PASSWORD_CHANGED = "password_changed", _("Password changed")
        PASSWORD_SET = "password_set", _("Password set by someone else")
        ROLE_CHANGED = "role_changed", _("Roles changed")
        ACCOUNT_DEACTIVATED = "account_deactivated", _("Account deactivated")
        TOKEN_CREATED = "token_created", _("API token created")
        TOKEN_REVOKED = "token_revoked", _("API token revoked")
        GRANT_ADDED = "grant_added", _("Access granted")
        GRANT_REVOKED = "grant_revoked", _("Access revoked")
        DOWNLOAD = "download", _("Downloaded")
        EXPORT = "export", _("Exported")
        REFUSED = "refused", _("Refused (not found)")

    class Outcome(models.TextChoices):
        SUCCESS = "success", _("Success")
        FAILURE = "failure", _("Failure")
        REFUSED = "refused", _("Refused")

    occurred_at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # The name typed or held at the time: kept when the account is renamed or deleted, and the
    # only name a failed sign-in has.
    username = models.CharField(_("user name"), max_length=150, blank=True)
    procuratorate = models.ForeignKey(
        Procuratorate,
        verbose_name=_("procuratorate"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Whose entry this is: its liaison officers read it."),
    )
    action = models.CharField(_("event"), max_length=32, choices=Action.choices)
    outcome = models.CharField(
        _("outcome"), max_length=16, choices=Outcome.choices, default=Outcome.SUCCESS
    )
    address = models.GenericIPAddressField(_("network address"), null=True, blank=True)
    user_agent = models.CharField(_("browser"), max_length=300, blank=True)
    target_type = models.ForeignKey(
        ContentType,
        verbose_name=_("target type"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    target_id = models.CharField(_("target id"), max_length=64, blank=True)
    target = GenericForeignKey("target_type", "target_id")
    target_label = models.CharField(_("target"), max_length=300, blank=True)
    detail = models.TextField(_("detail"), blank=True)

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit log")
        ordering = ["-occurred_at", "-id"]
        indexes = [
            models.Index(fields=["procuratorate", "-occurred_at"], name="audit_procuratorate_idx"),
            models.Index(fields=["action", "-occurred_at"], name="audit_action_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.occurred_at:%Y-%m-%d %H:%M} {self.username} {self.action}"

    def save(self, *args, **kwargs):
        """Add, never change: an entry once written stays as it was."""
        if not self._state.adding:
            raise ValueError("Audit entries are append-only.")
        super().save(*args, **kwargs)
