"""The audit log's one writer: every app records who did what through `audit_record`."""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Model

from portal.models import AuditEntry, Procuratorate, User
from portal.sessions import client_address

Action, Outcome = AuditEntry.Action, AuditEntry.Outcome


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
    """Write one audit entry. The actor defaults to the request's signed-in user; the entry
    belongs to the given procuratorate, else the actor's, else the target user's. The address
    is the client's as the trusted-proxy setting sees it, the browser its User-Agent."""
    if actor is None and request is not None:
        user = getattr(request, "user", None)
        actor = user if user is not None and user.is_authenticated else None
    if procuratorate is None:
        owner = actor if actor is not None else target if isinstance(target, User) else None
        procuratorate = getattr(owner, "procuratorate", None)
    return AuditEntry.objects.create(
        action=action,
        outcome=outcome,
        actor=actor,
        username=(username or getattr(actor, "username", ""))[:150],
        procuratorate=procuratorate,
        address=client_address(request) if request is not None else None,
        user_agent=request.META.get("HTTP_USER_AGENT", "")[:300] if request is not None else "",
        target_type=ContentType.objects.get_for_model(target) if target is not None else None,
        target_id=str(target.pk) if target is not None else "",
        target_label=str(target)[:300] if target is not None else "",
        detail=detail,
    )
