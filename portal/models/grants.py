"""django-guardian's direct foreign-key tables for per-object grants on the portal's models."""

from django.db import models
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
