"""Case leads (案件线索) sent by members of the public through the one public form."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase

from portal.models import Procuratorate


class CaseLead(models.Model):
    """A lead from the public, routed to one member province's liaison officers."""

    class Status(models.TextChoices):
        NEW = "new", _("New")
        READ = "read", _("Read")
        HANDLED = "handled", _("Handled")

    receipt_number = models.CharField(_("receipt number"), max_length=32, unique=True)
    procuratorate = models.ForeignKey(
        Procuratorate,
        verbose_name=_("sent to"),
        on_delete=models.PROTECT,
        related_name="case_leads",
        help_text=_("The provincial procuratorate the lead is sent to."),
    )
    subject = models.CharField(_("subject"), max_length=200)
    content = models.TextField(_("what happened"))
    place = models.CharField(_("where"), max_length=200, blank=True)
    reporter_name = models.CharField(_("your name"), max_length=50, blank=True)
    reporter_contact = models.CharField(_("how to reach you"), max_length=100, blank=True)
    sender_address_hash = models.CharField(
        _("sender address (hashed)"),
        max_length=64,
        db_index=True,
        help_text=_("A keyed hash of the sender's network address, kept only for throttling."),
    )
    form_nonce = models.CharField(
        _("form token"),
        max_length=32,
        unique=True,
        null=True,
        blank=True,
        editable=False,
        help_text=_("The one-time token of the form the lead was sent with: a form sends once."),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.NEW
    )
    created_at = models.DateTimeField(_("received at"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("case lead")
        verbose_name_plural = _("case leads")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.receipt_number


class CaseLeadUserObjectPermission(UserObjectPermissionBase):
    content_object = models.ForeignKey(CaseLead, on_delete=models.CASCADE)

    class Meta(UserObjectPermissionBase.Meta):
        verbose_name = _("case-lead grant to a user")
        verbose_name_plural = _("case-lead grants to users")


class CaseLeadGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey(CaseLead, on_delete=models.CASCADE)

    class Meta(GroupObjectPermissionBase.Meta):
        verbose_name = _("case-lead grant to a group")
        verbose_name_plural = _("case-lead grants to groups")
