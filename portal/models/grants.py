"""django-guardian's direct foreign-key tables for per-object grants on the portal's models,
and the log of the read grants people give on any app's objects."""

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase

from portal.models.accounts import Procuratorate, User


# Direct foreign-key tables for django-guardian's per-object grants on guarded models.
class ProcuratorateUserObjectPermission(UserObjectPermissionBase):
    content_object = models.ForeignKey(Procuratorate, on_delete=models.CASCADE)

    class Meta(UserObjectPermissionBase.Meta):
        verbose_name = _("procuratorate grant to a user")
        verbose_name_plural = _("procuratorate grants to users")


class ProcuratorateGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey(Procuratorate, on_delete=models.CASCADE)

    class Meta(GroupObjectPermissionBase.Meta):
        verbose_name = _("procuratorate grant to a group")
        verbose_name_plural = _("procuratorate grants to groups")


class UserUserObjectPermission(UserObjectPermissionBase):
    # Named apart from the base's `user` foreign key, which points at the same model.
    content_object = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="account_user_grants"
    )

    class Meta(UserObjectPermissionBase.Meta):
        verbose_name = _("user-account grant to a user")
        verbose_name_plural = _("user-account grants to users")


class UserGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="account_group_grants"
    )

    class Meta(GroupObjectPermissionBase.Meta):
        verbose_name = _("user-account grant to a group")
        verbose_name_plural = _("user-account grants to groups")


class ObjectGrant(models.Model):
    """The log of the read grants people give: one row per grant, kept when it is revoked.

    The grant itself is guardian's row in the object's direct table ("view" only); this row
    says who gave it to whom and when, and who took it back and when. Rows are never deleted,
    not even with the object (hence no database foreign key to it).
    """

    content_type = models.ForeignKey(
        ContentType, verbose_name=_("kind of object"), on_delete=models.PROTECT, related_name="+"
    )
    object_id = models.PositiveBigIntegerField(_("object id"))
    content_object = GenericForeignKey("content_type", "object_id")
    grantee = models.ForeignKey(
        User,
        verbose_name=_("shared with"),
        on_delete=models.PROTECT,
        related_name="object_grants",
        help_text=_("The one person the object is opened to, read only."),
    )
    granted_by = models.ForeignKey(
        User, verbose_name=_("granted by"), on_delete=models.PROTECT, related_name="+"
    )
    granted_at = models.DateTimeField(_("granted at"), default=timezone.now)
    revoked_by = models.ForeignKey(
        User,
        verbose_name=_("revoked by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        verbose_name = _("read grant")
        verbose_name_plural = _("read grants")
        ordering = ["-granted_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "grantee"],
                condition=models.Q(revoked_at__isnull=True),
                name="one_active_grant_per_person",
            ),
            models.CheckConstraint(
                condition=models.Q(revoked_at__isnull=True) | models.Q(revoked_by__isnull=False),
                name="grant_revoked_by_someone",
            ),
        ]
        indexes = [
            models.Index(fields=["content_type", "object_id"], name="grant_object_idx"),
            models.Index(fields=["grantee", "revoked_at"], name="grant_grantee_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.content_type.name} #{self.object_id} → {self.grantee}"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None
