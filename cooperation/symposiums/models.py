"""Coordination symposiums of neighbouring procuratorates (§10)."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _, pgettext_lazy
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase

from portal.models import PrivateDocument, Procuratorate, download_log
from portal.storage import private_storage


class Symposium(models.Model):
    """A coordination symposium (协调座谈会) convened by a prefecture or county procuratorate
    with neighbouring procuratorates of other provinces."""

    convener = models.ForeignKey(
        Procuratorate,
        verbose_name=_("convening procuratorate"),
        on_delete=models.PROTECT,
        related_name="convened_symposiums",
    )
    title = models.CharField(pgettext_lazy("subject", "title"), max_length=200)
    held_on = models.DateField(_("date"))
    venue = models.CharField(_("venue"), max_length=200)
    agreement = models.TextField(_("agreement reached"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("coordination symposium")
        verbose_name_plural = _("coordination symposiums")
        ordering = ["-held_on", "-id"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("cooperation:symposium-detail", args=[self.pk])


class SymposiumParticipant(models.Model):
    """A procuratorate taking part: the share table that makes a symposium visible to it."""

    symposium = models.ForeignKey(Symposium, on_delete=models.CASCADE, related_name="participants")
    procuratorate = models.ForeignKey(
        Procuratorate,
        verbose_name=_("procuratorate"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        constraints = [
            models.UniqueConstraint(fields=["symposium", "procuratorate"], name="one_participation")
        ]

    def __str__(self) -> str:
        return str(self.procuratorate)


class SymposiumFollowUp(models.Model):
    """A follow-up item of a symposium's agreement."""

    symposium = models.ForeignKey(Symposium, on_delete=models.CASCADE, related_name="follow_ups")
    text = models.TextField(_("follow-up item"))
    owner = models.ForeignKey(
        Procuratorate, verbose_name=_("owner"), on_delete=models.PROTECT, related_name="+"
    )
    due_date = models.DateField(_("due date"), null=True, blank=True)
    done = models.BooleanField(_("done"), default=False)

    class Meta:
        verbose_name = _("follow-up item")
        verbose_name_plural = _("follow-up items")
        ordering = ["due_date", "id"]

    def __str__(self) -> str:
        return self.text[:60]


class SymposiumDocument(PrivateDocument):
    symposium = models.ForeignKey(Symposium, on_delete=models.CASCADE, related_name="documents")
    file = models.FileField(_("file"), storage=private_storage, upload_to="symposiums/")

    downloads = download_log("symposium_document")

    class Meta:
        verbose_name = _("symposium document")
        verbose_name_plural = _("symposium documents")

    def __str__(self) -> str:
        return self.original_name


class SymposiumUserObjectPermission(UserObjectPermissionBase):
    content_object = models.ForeignKey(Symposium, on_delete=models.CASCADE)


class SymposiumGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey(Symposium, on_delete=models.CASCADE)
