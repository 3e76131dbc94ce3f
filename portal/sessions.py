"""Browser sessions: the idle and absolute limits, the record of where a user is signed in,
and signing the other sessions out.

A session ends `SESSION_IDLE_TIMEOUT` after its last request and `SESSION_ABSOLUTE_TIMEOUT`
after the sign-in, whichever comes first. The times are kept in the session itself; each
session also has a `SignedInSession` row (where from, which browser, last active), written on
the sign-in (`user_logged_in`) and touched at most once a minute.
"""

import ipaddress

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.sessions.models import Session
from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from portal.models import SignedInSession, User

SIGNED_IN_AT, LAST_SEEN_AT = "portal_signed_in_at", "portal_last_seen_at"
# The key the session's row was written under: Django gives a session a new key at a password
# change (and at a sign-in over a session), and the row follows it.
RECORDED_KEY = "portal_recorded_key"
TOUCH_EVERY_SECONDS = 60
IDLE, ABSOLUTE = "idle", "absolute"


def client_address(request) -> str | None:
    """The client's address: REMOTE_ADDR, unless that is a proxy named in `TRUSTED_PROXIES`,
    in which case the last address of X-Forwarded-For that is not one of them. Without a
    trusted proxy, X-Forwarded-For is ignored: anyone can write it."""
    remote = request.META.get("REMOTE_ADDR") or None
    if not settings.TRUSTED_PROXIES or not is_trusted_proxy(remote):
        return remote
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    for hop in reversed([part.strip() for part in forwarded.split(",") if part.strip()]):
        if not is_trusted_proxy(hop):
            return hop if valid_address(hop) else remote
    return remote


def valid_address(value: str | None) -> bool:
    try:
        ipaddress.ip_address(value or "")
    except ValueError:
        return False
    return True


def is_trusted_proxy(address: str | None) -> bool:
    """Whether the address belongs to one of the configured proxies (addresses or networks)."""
    if not valid_address(address):
        return False
    ip = ipaddress.ip_address(address)
    return any(
        ip in ipaddress.ip_network(proxy, strict=False) for proxy in settings.TRUSTED_PROXIES
    )


def session_check(request) -> str | None:
    """Apply the limits to a signed-in browser session: end it, returning why (IDLE or
    ABSOLUTE), or record it on its first request and note the activity."""
    session, now = request.session, timezone.now()
    signed_in_at = session.get(SIGNED_IN_AT)
    if signed_in_at is None:
        session_record(request, now)
        return None
    last_seen_at = session.get(LAST_SEEN_AT, signed_in_at)
    reason = None
    if now.timestamp() - signed_in_at > settings.SESSION_ABSOLUTE_TIMEOUT.total_seconds():
        reason = ABSOLUTE
    elif now.timestamp() - last_seen_at > settings.SESSION_IDLE_TIMEOUT.total_seconds():
        reason = IDLE
    if reason:
        SignedInSession.objects.filter(session_key=session.session_key).delete()
        logout(request)
        return reason
    if session.get(RECORDED_KEY) != session.session_key:
        SignedInSession.objects.filter(session_key=session.get(RECORDED_KEY)).update(
            session_key=session.session_key
        )
        session[RECORDED_KEY] = session.session_key
    if now.timestamp() - last_seen_at >= TOUCH_EVERY_SECONDS:
        session[LAST_SEEN_AT] = now.timestamp()
        SignedInSession.objects.filter(session_key=session.session_key).update(last_seen_at=now)
    return None


def session_signed_in(sender, request, user, **kwargs) -> None:
    """At the sign-in: start the limits' clock and record the session."""
    if request is not None and hasattr(request, "session"):
        session_record(request, timezone.now(), user)


def session_record(request, now, user=None) -> None:
    """Start the limits' clock of a new sign-in and write where it comes from."""
    session = request.session
    session[SIGNED_IN_AT] = session[LAST_SEEN_AT] = now.timestamp()
    session.save()  # a new session has its key only once saved
    session[RECORDED_KEY] = session.session_key
    SignedInSession.objects.update_or_create(
        session_key=session.session_key,
        defaults={
            "user": user or request.user,
            "address": client_address(request),
            "user_agent": request.META.get("HTTP_USER_AGENT", "")[:300],
            "signed_in_at": now,
            "last_seen_at": now,
        },
    )


def live_sessions(*, user: User) -> QuerySet[SignedInSession]:
    """The user's sessions still open (a signed-out or expired one has lost its session)."""
    live = Session.objects.filter(expire_date__gt=timezone.now()).values("session_key")
    return SignedInSession.objects.filter(user=user, session_key__in=live)


@transaction.atomic
def sessions_end(*, user: User, keep: str | None = None, pk: int | None = None) -> int:
    """Sign the user out of their other sessions (all but `keep`), or of the one `pk` names
    (404 if it is not theirs, or is the current one). Returns how many were ended."""
    sessions = SignedInSession.objects.filter(user=user).exclude(session_key=keep or "")
    if pk is not None:
        sessions = sessions.filter(pk=pk)
        if not sessions.exists():
            raise Http404
    keys = list(sessions.values_list("session_key", flat=True))
    Session.objects.filter(session_key__in=keys).delete()
    sessions.delete()
    return len(keys)
