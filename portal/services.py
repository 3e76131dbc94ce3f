"""Every write of the portal app: notifications, user accounts (their roles, passwords,
sessions and deactivation, each recorded in the audit log)."""

import logging
import time
from collections.abc import Iterable
from functools import cache

from django.conf import settings
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Model
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _, override
from kombu.exceptions import OperationalError as KombuOperationalError

from portal.accounts import user_policy
from portal.audit import Action, audit_record
from portal.celery import app as celery_app
from portal.models import (
    USER_MANAGER_ROLES,
    Notification,
    Role,
    RoleChange,
    User,
    role_names,
)
from portal.sessions import sessions_end
from portal.tokens import (
    ACCOUNT_DEACTIVATED,
    PASSWORD_CHANGED,
    PASSWORD_SET,
    api_tokens_revoke_all,
)

logger = logging.getLogger(__name__)


def queue_after_commit(task_name: str, *args) -> None:
    """Queue the Celery task of that name once the current transaction commits.

    By name, so that a service never imports its app's tasks (the tasks import the services).
    A broker that cannot be reached is logged, not raised: the change is already committed and
    the pending row it wrote is queued again by a beat job.
    """

    def queue():
        publish(task_named(task_name), *args)

    queue.__qualname__ = f"queue {task_name}"  # what Django logs if the task fails
    transaction.on_commit(queue, robust=True)


def task_named(name: str):
    """The registered Celery task of that name, the apps' task modules loaded if need be."""
    if name not in celery_app.tasks:
        celery_app.loader.import_default_modules()  # Celery's autodiscovery of the apps
    return celery_app.tasks[name]


_broker_down_until = 0.0  # this process's monotonic clock; 0 while the broker answers


def publish(task, *args) -> bool:
    """Send a task to the broker once, without retrying; False if it did not go.

    Every caller has written a pending row that beat queues again, so the web request does not
    wait on a broker that is down: one attempt, and after a failure the next publishes of this
    process are skipped for BROKER_DOWN_PAUSE instead of each paying for a failed connection.
    """
    global _broker_down_until
    if task.app.conf.task_always_eager:  # in-process (the embedded portal): there is no broker
        task.apply_async(args)
        return True
    if time.monotonic() < _broker_down_until:
        logger.warning("The broker is down: %s%s waits for beat", task.name, args)
        return False
    try:
        task.apply_async(args, retry=False)
    except broker_errors(task.app) as error:
        _broker_down_until = time.monotonic() + settings.BROKER_DOWN_PAUSE.total_seconds()
        logger.error("The broker is down (%s): %s%s waits for beat", error, task.name, args)
        return False
    return True


@cache
def broker_errors(app) -> tuple[type[BaseException], ...]:
    """What a publish raises when the broker cannot be reached (no connection is made here)."""
    return (KombuOperationalError, *app.connection_for_write().connection_errors)


def notify(
    *,
    recipients: Iterable[User],
    verb: str,
    params: dict | None = None,
    target: Model | None = None,
    actor: User | None = None,
    url: str = "",
    email: bool = True,
    digest: bool = False,
) -> list[Notification]:
    """Notify users in-app and by e-mail: the single way the portal notifies anyone.

    `verb` is the English source text (marked for translation where it is written) with
    `%(name)s` placeholders filled from `params`; it is translated when shown. The rows are
    written in the caller's transaction; their e-mails are queued only after it commits, and a
    beat job queues again any still pending, so no notice is lost to a broker outage. With
    `digest`, the e-mail copy waits for the recipient's one daily digest instead.
    """
    target_type = ContentType.objects.get_for_model(target) if target is not None else None
    if not url and target is not None and hasattr(target, "get_absolute_url"):
        url = target.get_absolute_url()
    now = timezone.now()
    notifications = Notification.objects.bulk_create(
        Notification(
            recipient=recipient,
            actor=actor,
            verb=str(verb),
            # Lazy translations (a choice's label, say) are stored as the text they stand for.
            params={
                key: str(value) if isinstance(value, Promise) else value
                for key, value in (params or {}).items()
            },
            target_type=target_type,
            target_id=target.pk if target is not None else None,
            url=url,
            created_at=now,
            email_state=(
                Notification.EmailState.SKIPPED
                if not (email and recipient.email and recipient.is_active)
                else Notification.EmailState.DIGEST
                if digest
                else Notification.EmailState.PENDING
            ),
        )
        for recipient in {recipient.pk: recipient for recipient in recipients}.values()
    )
    for notification in notifications:
        if notification.email_state == Notification.EmailState.PENDING:
            queue_after_commit("portal.send_notification_email", notification.pk)
    return notifications


def notification_mark_read(*, user: User, notification: Notification) -> None:
    """Mark one of the user's notifications read."""
    Notification.objects.filter(pk=notification.pk, recipient=user, read_at=None).update(
        read_at=timezone.now()
    )


def notifications_mark_all_read(*, user: User) -> int:
    """Mark every unread notification of the user read; returns how many."""
    return Notification.objects.filter(recipient=user, read_at=None).update(read_at=timezone.now())


def user_sync_staff_flag(*, user: User) -> None:
    """Give the admin site to exactly those who manage users (liaison officers, administrators)."""
    user.__dict__.pop("roles", None)
    is_staff = user.is_superuser or user.has_role(*USER_MANAGER_ROLES)
    if user.is_staff != is_staff:
        user.is_staff = is_staff
        user.save(update_fields=["is_staff"])


@transaction.atomic
def user_roles_set(*, actor: User, user: User, roles: Iterable[str]) -> RoleChange | None:
    """Give `user` exactly these roles, recording the change (before, after, by whom, when).

    Every role added or taken away must be one `actor` may give to this user
    (`user_policy.roles_given`): nobody changes their own roles, and only administrators give
    or take the chief's and administrator's. Refused whole otherwise. None when nothing changes.
    """
    user = User.objects.select_for_update().get(pk=user.pk)
    before = set(user.groups.filter(name__in=Role.values).values_list("name", flat=True))
    after = set(roles)
    if before == after:
        return None
    if forbidden := (before ^ after) - user_policy.roles_given(actor, user):
        raise PermissionDenied(
            _("You may not give or take away these roles: %(roles)s.")
            % {"roles": role_names(forbidden)}
        )
    others = user.groups.exclude(name__in=Role.values)  # groups that are not roles stay
    user.groups.set([*others, *Group.objects.filter(name__in=after)])
    change = RoleChange.objects.create(
        user=user,
        roles_before=sorted(before),
        roles_after=sorted(after),
        changed_by=actor,
    )
    user_sync_staff_flag(user=user)
    with override(settings.LANGUAGE_CODE):  # the log reads the same whoever wrote it
        detail = f"{role_names(before)} → {role_names(after)}"
    audit_record(Action.ROLE_CHANGED, actor=actor, target=user, detail=detail)
    return change


@transaction.atomic
def user_password_assign(*, user: User, password: str | None) -> None:
    """Set a password someone else chose for `user` (None: no password sign-in): the user must
    change it at their next sign-in, is signed out wherever they were, and their API tokens are
    revoked. Saves a new user too. The audit log records who set it (the request's user)."""
    if password is None:
        user.set_unusable_password()
    else:
        user.set_password(password)
    user.must_change_password = password is not None
    if user.pk is None:
        user.save()
    else:
        user.save(update_fields=["password", "must_change_password"])
        sessions_end(user=user)
        api_tokens_revoke_all(user=user, reason=PASSWORD_SET)
    audit_record(Action.PASSWORD_SET, target=user)


@transaction.atomic
def user_password_change(*, user: User, password: str) -> None:
    """The user's own new password: from now on they work normally; their API tokens are
    revoked (the other sessions end in the view, which knows the current one)."""
    user.set_password(password)
    user.must_change_password = False
    user.save(update_fields=["password", "must_change_password"])
    api_tokens_revoke_all(user=user, reason=PASSWORD_CHANGED, actor=user)
    audit_record(Action.PASSWORD_CHANGED, actor=user, target=user)


def user_sessions_end(*, user: User, keep: str | None = None, pk: int | None = None) -> int:
    """The user signs out their other sessions (all but `keep`), or the one `pk` names
    (`portal.sessions.sessions_end`); recorded in the audit log when one ended."""
    ended = sessions_end(user=user, keep=keep, pk=pk)
    if ended:
        audit_record(Action.SESSIONS_ENDED, actor=user, target=user, detail=str(ended))
    return ended


def user_deactivated(*, actor: User, user: User, request=None) -> None:
    """What follows `actor` deactivating `user`'s account (the admin saves the flag): it is
    recorded, and the account's API tokens stop opening the API."""
    audit_record(Action.ACCOUNT_DEACTIVATED, actor=actor, target=user)
    api_tokens_revoke_all(user=user, reason=ACCOUNT_DEACTIVATED, actor=actor, request=request)
