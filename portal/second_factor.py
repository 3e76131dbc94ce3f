"""Second factors (django-otp): TOTP apps, passkeys (WebAuthn) and one-time recovery codes."""

from django_otp import devices_for_user, match_token
from django_otp.models import Device

from portal.models import User


def second_factor_enrolled(*, user: User) -> bool:
    """Whether the user has a confirmed second factor of any kind."""
    return any(True for _ in devices_for_user(user, confirmed=True))


def second_factor_verify(*, user: User, code: str) -> Device | None:
    """The user's TOTP app or recovery code that accepts this code (a recovery code is used up),
    or None."""
    code = "".join((code or "").split())
    return match_token(user, code) if code else None
