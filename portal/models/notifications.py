"""In-app notices, with the state of their e-mail copy."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy as _


class Notification(models.Model):
    """An in-app notice to one user, with the state of its e-mail copy."""

    class EmailState(models.TextChoices):
        PENDING = "pending", _("Pending")
        SENT = "sent", _("Sent")
        SKIPPED = "skipped", _("Not sent (no address or not wanted)")
        FAILED = "failed", _("Failed")
        DIGEST = "digest", _("Waiting for the daily digest")

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    verb = models.CharField(
        _("message"),
        max_length=255,
        help_text=_("English source text, translated when shown; may hold %(name)s placeholders."),
    )
    params = models.JSONField(_("message parameters"), default=dict, blank=True)
    target_type = models.ForeignKey(
        ContentType, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    target_id = models.PositiveBigIntegerField(null=True, blank=True)
    target = GenericForeignKey("target_type", "target_id")
    url = models.CharField(_("link"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    email_state = models.CharField(
        _("e-mail"), max_length=10, choices=EmailState.choices, default=EmailState.PENDING
    )
    email_attempts = models.PositiveSmallIntegerField(_("e-mail attempts"), default=0)
    emailed_at = models.DateTimeField(_("e-mailed at"), null=True, blank=True)
    email_claimed_at = models.DateTimeField(
        _("e-mail claimed at"),
        null=True,
        blank=True,
        help_text=_("When a worker took the e-mail to send it; a recent claim is not sent again."),
    )
    email_message_id = models.CharField(
        _("e-mail Message-ID"),
        max_length=255,
        blank=True,
        help_text=_("Kept from the first attempt, so a copy sent again is the same message."),
    )

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["recipient", "read_at"], name="notification_inbox_idx"),
            models.Index(fields=["email_state", "created_at"], name="notification_email_idx"),
        ]

    def __str__(self) -> str:
        return self.message

    @property
    def is_read(self) -> bool:
        return self.read_at is not None

    @property
    def message(self) -> str:
        """The message in the active language, with its parameters filled in."""
        text = gettext(self.verb)
        try:
            return text % self.params if self.params else text
        except (KeyError, TypeError, ValueError):
            # A translation that lost a placeholder must not break the inbox.
            return self.verb % self.params
