"""Admin of the portal app, scoped by the permission policies."""

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.models import Group
from django.shortcuts import redirect
from django.utils.formats import date_format
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe
from django.utils.timezone import localtime
from django.utils.translation import gettext_lazy as _, ngettext
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp_webauthn.models import WebAuthnAttestation, WebAuthnCredential

from portal import second_factor, services
from portal.accounts import role_change_policy, user_policy
from portal.audit_log import audit_entry_policy
from portal.forms import (
    AdminLoginForm,
    AdminPasswordAssignForm,
    AdminUserAddForm,
    ProcuratorateAdminForm,
    chosen_password,
)
from portal.models import (
    AuditEntry,
    Notification,
    ObjectGrant,
    Procuratorate,
    ProcuratorateGroupObjectPermission,
    ProcuratorateUserObjectPermission,
    Role,
    RoleChange,
    User,
    UserGroupObjectPermission,
    UserUserObjectPermission,
    role_names,
)
from portal.permissions import PermissionPolicy, notification_policy, procuratorate_policy
from portal.scope import procuratorate_scope_ids
from portal.sign_in_delay import sign_in_delay_clear

admin.site.site_header = _("Northwest Procuratorial Cooperation Portal")
admin.site.site_title = _("Portal administration")
admin.site.index_title = _("Administration")
admin.site.login_form = AdminLoginForm


class ReadOnlyMixin:
    """The admin shows; the portal's pages and API change (through the services)."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class PolicyAdmin(admin.ModelAdmin):
    """A model admin that asks the model's permission policy every question."""

    policy: PermissionPolicy
    # The action whose objects the admin lists and opens; any other is answered "not found".
    queryset_action = "view"

    def get_queryset(self, request):
        return super().get_queryset(request) & self.policy.visible(
            request.user, self.queryset_action
        )

    def allowed(self, request, action, obj=None):
        if obj is None:
            return self.policy.allows(request.user, action)
        return self.policy.can(request.user, action, obj)

    def has_module_permission(self, request):
        return self.allowed(request, "view")

    def has_view_permission(self, request, obj=None):
        return self.allowed(request, "view", obj) or self.allowed(request, "change", obj)

    def has_change_permission(self, request, obj=None):
        return self.allowed(request, "change", obj)

    def has_add_permission(self, request):
        return self.allowed(request, "add")

    def has_delete_permission(self, request, obj=None):
        return self.allowed(request, "delete", obj)

    def limit_to_scope(self, request, field):
        """Offer only procuratorates within the user's reach."""
        if not request.user.is_superuser:
            field.queryset = field.queryset.filter(pk__in=procuratorate_scope_ids(request.user))
        return field


def role_label(group: Group) -> str:
    """A role group shown by its translated name."""
    return Role(group.name).label if group.name in Role.values else group.name


@admin.register(Procuratorate)
class ProcuratorateAdmin(PolicyAdmin):
    policy = procuratorate_policy
    form = ProcuratorateAdminForm
    list_display = ["code", "name_zh", "name_en", "level", "province", "parent", "signoff_review"]
    list_filter = ["province", "level", "signoff_review"]
    search_fields = ["code", "name_zh", "name_en"]
    list_select_related = ["parent"]

    def get_readonly_fields(self, request, obj=None):
        # The tree is fixed once created: a node never moves to another province or parent.
        fixed = ["code", "province", "parent", "level"] if obj else []
        # The seal is the administrator's to set, not the liaison officer's.
        if not (request.user.is_superuser or request.user.has_role(Role.ADMINISTRATOR)):
            fixed.append("seal")
        return fixed

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        return self.limit_to_scope(request, field) if db_field.name == "parent" else field


@admin.register(User)
class UserAdmin(PolicyAdmin, DjangoUserAdmin):
    """User accounts: a liaison officer or administrator opens only those they may change (the
    user policy); the others, their own included, answer as not found. Roles and passwords
    are written by the services, which check and record them."""

    policy = user_policy
    queryset_action = "change"
    add_form = AdminUserAddForm
    change_password_form = AdminPasswordAssignForm
    list_display = ["username", "full_name", "procuratorate", "title", "is_active"]
    list_filter = ["is_active", "groups", "procuratorate__province"]
    search_fields = ["username", "full_name", "email"]
    list_select_related = ["procuratorate"]
    ordering = ["procuratorate__code", "username"]
    actions = ["clear_sign_in_delay", "reset_second_factors"]
    personal = (_("Person"), {"fields": ["full_name", "title", "email", "phone", "language"]})
    work = (_("Procuratorate and roles"), {"fields": ["procuratorate", "groups", "is_active"]})
    add_fieldsets = (
        (None, {"classes": ["wide"], "fields": ["username", "password1", "password2"]}),
        personal,
        work,
    )

    def get_fieldsets(self, request, obj=None):
        if obj is None:
            return self.add_fieldsets
        account = ["username", "password", "must_change_password"]
        history = (_("Role changes"), {"fields": ["role_history"]})
        fieldsets = [(None, {"fields": account}), self.personal, self.work, history]
        if request.user.is_superuser:
            fieldsets.append(
                (_("System"), {"fields": ["is_superuser", "user_permissions", "last_login"]})
            )
        return fieldsets

    def get_readonly_fields(self, request, obj=None):
        fixed = ["must_change_password", "role_history"]
        if obj is not None and obj.pk == request.user.pk:
            fixed.append("groups")  # nobody gives themselves a role
        return fixed

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        return self.limit_to_scope(request, field) if db_field.name == "procuratorate" else field

    @admin.display(description=_("role changes"))
    def role_history(self, user):
        """Every change of the user's roles, newest first: when, before → after, by whom."""
        changes = user.role_changes.select_related("changed_by")
        return format_html_join(
            mark_safe("<br>"),
            "{}: {} → {} ({})",
            (
                (
                    date_format(localtime(change.changed_at), "SHORT_DATETIME_FORMAT"),
                    role_names(change.roles_before),
                    role_names(change.roles_after),
                    _("by %(person)s") % {"person": change.changed_by},
                )
                for change in changes
            ),
        ) or _("No change of roles recorded.")

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "groups":
            # Only the roles this user may give are offered; the service refuses any other.
            given = user_policy.roles_given(request.user)
            kwargs["queryset"] = Group.objects.filter(name__in=given).order_by("name")
            field = super().formfield_for_manytomany(db_field, request, **kwargs)
            field.label_from_instance = role_label
            return field
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
            if "is_active" in form.changed_data and not obj.is_active:
                services.user_deactivated(actor=request.user, user=obj, request=request)
        else:
            services.user_password_assign(user=obj, password=chosen_password(form))

    def save_related(self, request, form, formsets, change):
        groups = form.cleaned_data.pop("groups", None)  # set by the service, not the form
        super().save_related(request, form, formsets, change)
        if groups is not None:
            roles = [group.name for group in groups]
            services.user_roles_set(actor=request.user, user=form.instance, roles=roles)
        services.user_sync_staff_flag(user=form.instance)

    def user_change_password(self, request, id, form_url=""):
        # One's own password is changed on the portal's password page, which also clears the
        # demand to change it; here a password is always someone else's choice.
        if str(request.user.pk) == unquote(id):
            return redirect("password_change")
        return super().user_change_password(request, id, form_url)

    @admin.action(
        description=_("Let the selected users sign in without waiting"), permissions=["change"]
    )
    def clear_sign_in_delay(self, request, queryset):
        # The account's own failures only: those from an address stay counted there.
        for user in queryset:
            sign_in_delay_clear(username=user.username)
        count = queryset.count()
        self.message_user(
            request,
            ngettext(
                "%(count)d user may sign in again without waiting.",
                "%(count)d users may sign in again without waiting.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )

    @admin.action(
        description=_("Reset the second factors of the selected users"),
        permissions=["reset_second_factors"],
    )
    def reset_second_factors(self, request, queryset):
        for account in queryset:
            second_factor.second_factors_reset(request, account=account)
        count = queryset.count()
        self.message_user(
            request,
            ngettext(
                "The second factors of %(count)d user were reset.",
                "The second factors of %(count)d users were reset.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )

    def has_reset_second_factors_permission(self, request):
        """A lost phone is an administrator's to deal with, never a liaison officer's."""
        return request.user.is_superuser or request.user.has_role(Role.ADMINISTRATOR)


# The second factors' own admin pages would show every user's secrets: the portal's pages
# manage one's own, and the reset above is the administrators' one tool.
for model in (TOTPDevice, StaticDevice, WebAuthnCredential, WebAuthnAttestation):
    if admin.site.is_registered(model):
        admin.site.unregister(model)


@admin.register(Notification)
class NotificationAdmin(PolicyAdmin):
    policy = notification_policy
    list_display = ["message", "created_at", "read_at", "email_state"]
    list_filter = ["email_state"]
    readonly_fields = [field.name for field in Notification._meta.fields]

    # Notices come only from the notify service; the admin reads them.
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(RoleChange)
class RoleChangeAdmin(ReadOnlyMixin, PolicyAdmin):
    """Who gave or took which roles from whom, and when: written by the roles service only."""

    policy = role_change_policy
    list_display = ["changed_at", "user", "procuratorate", "before", "after", "changed_by"]
    fields = readonly_fields = list_display
    list_select_related = ["user__procuratorate", "changed_by"]
    search_fields = ["user__username", "user__full_name", "changed_by__username"]
    date_hierarchy = "changed_at"

    @admin.display(description=_("procuratorate"))
    def procuratorate(self, change):
        return change.user.procuratorate

    @admin.display(description=_("roles before"))
    def before(self, change):
        return role_names(change.roles_before)

    @admin.display(description=_("roles after"))
    def after(self, change):
        return role_names(change.roles_after)


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyMixin, PolicyAdmin):
    """The audit log, read only and scoped as its page (`portal.audit_log`): entries are only
    ever added, by `portal.audit.audit_record`."""

    policy = audit_entry_policy
    list_display = [
        "occurred_at",
        "username",
        "procuratorate",
        "action",
        "outcome",
        "address",
        "target_label",
    ]
    fields = readonly_fields = [*list_display, "user_agent", "detail"]
    list_filter = ["action", "outcome"]
    list_select_related = ["procuratorate"]
    search_fields = ["username", "target_label", "detail"]
    date_hierarchy = "occurred_at"


@admin.register(
    ProcuratorateUserObjectPermission,
    ProcuratorateGroupObjectPermission,
    UserUserObjectPermission,
    UserGroupObjectPermission,
)
class ObjectGrantAdmin(admin.ModelAdmin):
    """Explicit per-object grants; only superusers hold the model permissions to see them."""

    list_display = ["content_object", "permission", "__str__"]
    list_select_related = ["content_object", "permission"]
    raw_id_fields = ["content_object"]


@admin.register(ObjectGrant)
class ObjectGrantLogAdmin(ReadOnlyMixin, admin.ModelAdmin):
    """The log of the read grants people gave and revoked; only superusers hold the model
    permission to see it, and nobody changes it here (`portal.grants` writes it)."""

    list_display = [
        "content_type",
        "object_id",
        "grantee",
        "granted_by",
        "granted_at",
        "revoked_by",
        "revoked_at",
    ]
    list_filter = ["content_type", ("revoked_at", admin.EmptyFieldListFilter)]
    list_select_related = ["content_type", "grantee", "granted_by", "revoked_by"]
    search_fields = ["grantee__username", "grantee__full_name", "granted_by__username"]
    date_hierarchy = "granted_at"
