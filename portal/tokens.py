"""API tokens: made, found, used and revoked.

A user may hold several named tokens. Each lasts API_TOKEN_DAYS unless its user picks fewer
(never more than API_TOKEN_MAX_DAYS). Only the SHA-256 hash of a key is stored: the key is shown
once, when the token is made, and a lost key means a new token. A new password and a
deactivated account revoke every token of the user.
"""

import hashlib
import secrets
from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp.plugins.otp_static.models import StaticDevice

from portal.audit import Action, Outcome, audit_record
from portal.models import ApiToken, User
from portal.second_factor import (
    second_factor_enrolled,
    second_factor_required,
    second_factor_verify,
)

PREFIX_LENGTH = 8
NAME_MAX_LENGTH = ApiToken._meta.get_field("name").max_length
# A token's last use is written at most this often, not on every request.
TOUCH_EVERY = timedelta(minutes=1)
# Why every token of a user was revoked, as the audit entries say it.
PASSWORD_CHANGED, PASSWORD_SET, ACCOUNT_DEACTIVATED = (
    "password changed",
    "password set by someone else",
    "account deactivated",
)


def key_hash(key: str) -> str:
    """The SHA-256 hash (hex) under which a key's token is stored."""
    return hashlib.sha256(key.encode()).hexdigest()


def api_token_list(*, user: User) -> QuerySet[ApiToken]:
    """The user's tokens that still open the API, newest first."""
    return ApiToken.objects.filter(user=user).live()


def api_token_find(*, key: str) -> ApiToken | None:
    """The token of this key with its user (live or not: the caller says why it refuses)."""
    found = ApiToken.objects.filter(key_hash=key_hash(key))
    return found.select_related("user__procuratorate").first()


def api_token_touch(*, token: ApiToken, now: datetime) -> None:
    """Note that the token was used now, at most once a minute."""
    if token.last_used_at is None or now - token.last_used_at >= TOUCH_EVERY:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now


def api_token_second_factor_check(*, user: User, code: str, request=None) -> None:
    """Refuse a token to a user who has a second factor and did not give a valid code, or whose
    role requires one they have not set up: a token must not be a way around it."""
    if not settings.SECOND_FACTOR_ENFORCED:
        return
    if second_factor_enrolled(user=user):
        if not (code or "").strip():
            raise ValidationError(
                {
                    "code": _(
                        "Your account has a second factor: also send the code your "
                        "authenticator app shows, or one of your recovery codes."
                    )
                }
            )
        device = second_factor_verify(user=user, code=code)
        if device is None:
            audit_record(
                Action.SECOND_FACTOR_FAILED, request=request, actor=user, outcome=Outcome.FAILURE
            )
            raise ValidationError(
                {"code": _("This code is not valid: send the code your app shows now.")}
            )
        if isinstance(device, StaticDevice):
            audit_record(Action.RECOVERY_CODE_USED, request=request, actor=user, target=device)
    elif second_factor_required(user=user):
        raise second_factor_missing()


def second_factor_missing() -> ValidationError:
    return ValidationError(
        _(
            "Your account must have a second factor before it can have API tokens: sign in to "
            "the portal, set one up, then ask for a token again."
        ),
        code="second_factor_required",
    )


def api_token_create(
    *, user: User, name: str, days: int | None = None, request=None
) -> tuple[ApiToken, str]:
    """Make a token for `user` that lasts `days` (API_TOKEN_DAYS if None); returns it with its
    key, which is never stored and cannot be shown again."""
    name, days = (name or "").strip(), settings.API_TOKEN_DAYS if days is None else days
    errors = {}
    if not name:
        errors["name"] = _("Give the token a name that says what it is for.")
    elif len(name) > NAME_MAX_LENGTH:
        errors["name"] = _("A token's name has at most %(count)d characters.") % {
            "count": NAME_MAX_LENGTH
        }
    if not 1 <= days <= settings.API_TOKEN_MAX_DAYS:
        errors["days"] = _("A token lasts from 1 to %(days)d days.") % {
            "days": settings.API_TOKEN_MAX_DAYS
        }
    if errors:
        raise ValidationError(errors)
    if (
        settings.SECOND_FACTOR_ENFORCED
        and second_factor_required(user=user)
        and not second_factor_enrolled(user=user)
    ):
        raise second_factor_missing()
    key, now = secrets.token_urlsafe(32), timezone.now()
    token = ApiToken.objects.create(
        user=user,
        name=name,
        key_hash=key_hash(key),
        prefix=key[:PREFIX_LENGTH],
        created_at=now,
        expires_at=now + timedelta(days=days),
    )
    audit_record(
        Action.TOKEN_CREATED,
        request=request,
        actor=user,
        target=token,
        detail=f"expires {token.expires_at:%Y-%m-%d %H:%M} UTC",
    )
    return token, key


@transaction.atomic
def api_token_revoke(*, user: User, pk: int, request=None) -> ApiToken:
    """Revoke one of the user's own live tokens; any other answers 404."""
    token = api_token_list(user=user).select_for_update().filter(pk=pk).first()
    if token is None:
        raise Http404
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    audit_record(Action.TOKEN_REVOKED, request=request, actor=user, target=token)
    return token


@transaction.atomic
def api_tokens_revoke_all(
    *, user: User, reason: str = "", actor: User | None = None, request=None
) -> int:
    """Revoke every live token of the user (a new password, a deactivated account), each with
    its audit entry; returns how many."""
    tokens = list(api_token_list(user=user).select_for_update().order_by("pk"))
    ApiToken.objects.filter(pk__in=[token.pk for token in tokens]).update(revoked_at=timezone.now())
    for token in tokens:
        audit_record(
            Action.TOKEN_REVOKED,
            request=request,
            actor=actor,
            target=token,
            detail=reason,
            procuratorate=user.procuratorate,
        )
    return len(tokens)
