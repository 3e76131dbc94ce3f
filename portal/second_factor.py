"""Second factors (django-otp): TOTP apps, passkeys (WebAuthn) and one-time recovery codes."""

from django.conf import settings
from django_otp import devices_for_user, match_token
from django_otp.models import Device

from portal.models import Role, User

# The roles that manage accounts, sign documents or head a department: their accounts are
# worth the most to an attacker, so a password alone never opens them.
SECOND_FACTOR_ROLES = frozenset(
    {Role.ADMINISTRATOR, Role.LIAISON, Role.CHIEF, Role.DEPARTMENT_HEAD}
)


def second_factor_required(*, user: User) -> bool:
    """Whether the user may not work without a second factor: the roles above, staff (the admin
    site) and superusers, or everyone when SECOND_FACTOR_FOR_EVERYONE is set."""
    return (
        settings.SECOND_FACTOR_FOR_EVERYONE
        or user.is_staff
        or user.is_superuser
        or user.has_role(*SECOND_FACTOR_ROLES)
    )


def second_factor_enrolled(*, user: User) -> bool:
    """Whether the user has a confirmed second factor of any kind."""
    return any(True for _ in devices_for_user(user, confirmed=True))


def second_factor_verify(*, user: User, code: str) -> Device | None:
    """The user's TOTP app or recovery code that accepts this code (a recovery code is used up),
    or None."""
    code = "".join((code or "").split())
    return match_token(user, code) if code else None
