"""The audit log's one writer: every app records who did what through `audit_record`.

A service has no request, yet its entry needs the address and browser: the request being
answered is kept in `current_request` (set by `portal.middleware.AuditMiddleware`), and an
entry written without a request takes them from there. The API's request wraps the same
HttpRequest, so both are covered.
"""

from contextvars import ContextVar
from datetime import timedelta

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db.models import Model
from django.utils import timezone

from portal.models import AuditEntry, Procuratorate, User
from portal.sessions import client_address

Action, Outcome = AuditEntry.Action, AuditEntry.Outcome

current_request: ContextVar = ContextVar("portal_current_request", default=None)
# A refused path longer than this is cut: a flood of odd URLs costs rows, not megabytes.
MAX_PATH_LENGTH = 500


def audit_record(
    action: str,
    *,
    request=None,
    actor: User | None = None,
    username: str = "",
    target: Model | None = None,
    outcome: str = Outcome.SUCCESS,
    detail: str = "",
    procuratorate: Procuratorate | None = None,
) -> AuditEntry:
    """Write one audit entry. The request defaults to the one being answered, the actor to its
    signed-in user; the entry belongs to the given procuratorate, else the actor's, else the
    target user's. The address is the client's as the trusted-proxy setting sees it, the
    browser its User-Agent."""
    if request is None:
        request = current_request.get()
    if actor is None and request is not None:
        user = getattr(request, "user", None)
        actor = user if user is not None and user.is_authenticated else None
    if procuratorate is not None:
        procuratorate_id = procuratorate.pk
    else:
        procuratorate_id = getattr(actor, "procuratorate_id", None)
        if procuratorate_id is None and isinstance(target, User):
            procuratorate_id = target.procuratorate_id
    return AuditEntry.objects.create(
        action=action,
        outcome=outcome,
        actor=actor,
        username=(username or getattr(actor, "username", ""))[:150],
        procuratorate_id=procuratorate_id,
        address=client_address(request) if request is not None else None,
        user_agent=request.META.get("HTTP_USER_AGENT", "")[:300] if request is not None else "",
        target_type=ContentType.objects.get_for_model(target) if target is not None else None,
        target_id=str(target.pk) if target is not None else "",
        target_label=str(target)[:300] if target is not None else "",
        detail=detail,
    )


def audit_signed_in(sender, request, user, **kwargs) -> None:
    """Record a sign-in (Django's `user_logged_in`: the login page, the admin's, any other)."""
    audit_record(Action.SIGN_IN, request=request, actor=user)


def audit_signed_out(sender, request, user, **kwargs) -> None:
    """Record a sign-out (Django's `user_logged_out`), also the one a session's limit ends."""
    if user is not None:
        audit_record(Action.SIGN_OUT, request=request, actor=user)


def audit_refusal(request) -> AuditEntry | None:
    """Record that the policy answered a signed-in user's request with 404; the path is the
    detail. A visitor who is not signed in is not recorded."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return None
    return audit_record(
        Action.REFUSED,
        request=request,
        actor=user,
        outcome=Outcome.REFUSED,
        detail=request.path[:MAX_PATH_LENGTH],
    )


def export_record(*, user: User | None, detail: str, target: Model | None = None) -> AuditEntry:
    """Record an export (a CSV, a calendar) by `user`: `detail` says what was exported."""
    return audit_record(Action.EXPORT, actor=user, target=target, detail=detail)


def audit_purge(*, now=None) -> int:
    """Delete the entries older than `AUDIT_RETENTION_DAYS`; returns how many went."""
    cutoff = (now or timezone.now()) - timedelta(days=settings.AUDIT_RETENTION_DAYS)
    deleted, _by_model = AuditEntry.objects.filter(occurred_at__lt=cutoff).delete()
    return deleted
