"""Read grants people give: one named person may read one object, until the grant is revoked.

An app registers a model and who may share its objects (`registry.register_grantable`, in its
`AppConfig.ready`). A grant is guardian's "view" row in the model's direct table, so the
model's policy (`granted_q`, `permits`) opens the object to the grantee and to nobody else;
every grant and revocation is logged in `ObjectGrant`, whose rows are never deleted, and in the
audit log.

Nobody raises their own rights: only "view" is granted; only the people the app's rule names
(and a superuser) grant and revoke, and the rule never counts a grant, so a grantee cannot
grant on; someone who cannot see the object gets 404, someone who sees it but may not share it
403.
"""

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Model, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _, gettext_noop
from guardian.shortcuts import assign_perm, remove_perm

from portal import registry
from portal.audit import Action, audit_record
from portal.models import ObjectGrant, User
from portal.permissions import ProcuratoratePolicy, is_active_user, registry as policies
from portal.services import notify

GRANTED_ACTION = "view"  # the only action a person ever grants


def grantable_model(label: str) -> type[Model]:
    """The registered model of this label ("cases.assistancerequest"); 404 if there is none."""
    for model in registry.grantables:
        if model._meta.label_lower == label:
            return model
    raise Http404


def policy_of(model: type[Model]) -> ProcuratoratePolicy:
    """The permission policy of a model people may share."""
    if model not in registry.grantables:
        raise Http404
    return policies[model]


def may_grant(user: User, obj: Model) -> bool:
    """Whether `user` may share `obj` with someone, or revoke its grants: the app's rule (the
    handler, the leader), or a superuser."""
    rule = registry.grantables.get(type(obj))
    if rule is None or not is_active_user(user):
        return False
    return user.is_superuser or bool(rule(user, obj))


def check_may_grant(user: User, obj: Model) -> None:
    """404 unless `user` sees `obj`; 403, saying who may, unless they may share it."""
    if not policy_of(type(obj)).can(user, GRANTED_ACTION, obj):
        raise Http404
    if not may_grant(user, obj):
        raise PermissionDenied(
            _(
                "Only the one responsible for this (the handler of a request, the leader of a "
                "task force) may share it with someone or revoke a grant."
            )
        )


def object_to_share(*, user: User, label: str, pk: int) -> Model:
    """The object of a grant page: 404 unless registered, found and seen; 403 unless the user
    may share it."""
    model = grantable_model(label)
    obj = model._default_manager.filter(pk=pk).first()
    if obj is None:
        raise Http404
    check_may_grant(user, obj)
    return obj


def grant_to_revoke(*, user: User, pk: int) -> tuple[ObjectGrant, Model]:
    """A grant and its object, for the revoke button: 404 unless the grant exists and the user
    sees its object; 403 unless they may share it."""
    grant = ObjectGrant.objects.filter(pk=pk).select_related("content_type").first()
    obj = grant.content_object if grant is not None else None
    if obj is None or type(obj) not in registry.grantables:
        raise Http404
    check_may_grant(user, obj)
    return grant, obj


def grants_of(obj: Model) -> QuerySet[ObjectGrant]:
    """Every grant ever given on `obj`, active or revoked, newest first."""
    return ObjectGrant.objects.filter(
        content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk
    )


def active_grants(obj: Model) -> QuerySet[ObjectGrant]:
    """The grants on `obj` in force, with the people they name."""
    return (
        grants_of(obj)
        .filter(revoked_at=None)
        .select_related("grantee__procuratorate", "granted_by")
    )


def grants_to(user: User) -> list[ObjectGrant]:
    """The user's grants in force, each with its object (`grant.content_object`), newest first."""
    grants = (
        ObjectGrant.objects.filter(grantee=user, revoked_at=None)
        .select_related("content_type", "granted_by__procuratorate")
        .prefetch_related("content_object")
    )
    return [grant for grant in grants if grant.content_object is not None]


def grantee_choices(obj: Model) -> QuerySet[User]:
    """Whom `obj` may be shared with: the active users of a procuratorate who do not see it
    yet, by procuratorate, then name."""
    seeing = policy_of(type(obj)).users_seeing(obj, GRANTED_ACTION)
    return (
        User.objects.filter(is_active=True, procuratorate__isnull=False)
        .exclude(pk__in=seeing.values("pk"))
        .select_related("procuratorate")
        .order_by("procuratorate__province", "procuratorate__code", "full_name", "username")
    )


def permission_name(model: type[Model]) -> str:
    """Guardian's name of the one permission granted ("cases.view_assistancerequest")."""
    return f"{model._meta.app_label}.{policy_of(model).codename(GRANTED_ACTION)}"


def check_grantee(*, user: User, obj: Model, grantee: User) -> None:
    """Refuse, saying why, a grant to oneself, to someone who cannot sign in or acts for no
    procuratorate, or to someone who already holds one or sees the object anyway."""
    name = {"name": grantee.get_full_name()}
    if grantee.pk == user.pk:
        message = _("You cannot share this with yourself.")
    elif not grantee.is_active:
        message = _("%(name)s's account is deactivated: choose someone who can sign in.") % name
    elif grantee.procuratorate_id is None:
        message = _("%(name)s acts for no procuratorate: choose a colleague of one.") % name
    elif active_grants(obj).filter(grantee=grantee).exists():
        message = _("%(name)s already has read access to this; nothing was changed.") % name
    elif policy_of(type(obj)).can(grantee, GRANTED_ACTION, obj):
        message = (
            _(
                "%(name)s can already see this through their procuratorate, role or team: "
                "there is nothing to share."
            )
            % name
        )
    else:
        return
    raise ValidationError({"grantee": message})


@transaction.atomic
def grant_view(*, user: User, obj: Model, grantee: User) -> ObjectGrant:
    """Let `grantee` read `obj`, as `user` (the one who may share it), log it and tell them.

    The object's row is locked, so two grants of one object are decided one after the other;
    a refusal changes nothing. The notice is written with the grant and e-mailed after commit.
    """
    model = type(obj)
    obj = model._default_manager.select_for_update().get(pk=obj.pk)
    check_may_grant(user, obj)
    grantee = User.objects.select_related("procuratorate").get(pk=grantee.pk)
    check_grantee(user=user, obj=obj, grantee=grantee)
    assign_perm(permission_name(model), grantee, obj)
    # A rule of the app may keep the object closed to a grant (another side's draft, say).
    if not policy_of(model).can(User.objects.get(pk=grantee.pk), GRANTED_ACTION, obj):
        raise ValidationError(
            {"grantee": _("This cannot be shared as it stands: nothing was changed.")}
        )
    grant = ObjectGrant.objects.create(
        content_type=ContentType.objects.get_for_model(model),
        object_id=obj.pk,
        grantee=grantee,
        granted_by=user,
    )
    audit_record(Action.GRANT_ADDED, actor=user, target=obj, detail=grantee_named(grantee))
    notify(
        recipients=[grantee],
        verb=gettext_noop("%(actor)s shared %(object)s with you, to read."),
        params={"actor": user.get_full_name(), "object": str(obj)},
        target=obj,
        actor=user,
    )
    return grant


@transaction.atomic
def revoke_grant(*, user: User, grant: ObjectGrant) -> ObjectGrant:
    """Take back a grant in force, as `user` (the one who may share the object); its log row
    keeps both dates."""
    grant = (
        ObjectGrant.objects.select_for_update()
        .select_related("content_type", "grantee")
        .get(pk=grant.pk)
    )
    obj = grant.content_object
    if obj is None:  # the object is gone, and its grant rows with it
        raise Http404
    check_may_grant(user, obj)
    if grant.revoked_at is not None:
        raise ValidationError(_("This grant has already been revoked; nothing was changed."))
    remove_perm(permission_name(type(obj)), grant.grantee, obj)
    grant.revoked_by, grant.revoked_at = user, timezone.now()
    grant.save(update_fields=["revoked_by", "revoked_at"])
    audit_record(Action.GRANT_REVOKED, actor=user, target=obj, detail=grantee_named(grant.grantee))
    return grant


def grantee_named(grantee: User) -> str:
    """The grantee as the audit log names them: full name and user name."""
    return f"{grantee.get_full_name()} ({grantee.username})"
