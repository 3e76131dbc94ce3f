"""Second factors (django-otp): TOTP apps, passkeys (WebAuthn) and one-time recovery codes.

After the password, a user with a confirmed factor proves it once per session
(`SecondFactorMiddleware` sends them to the verification page until they do); a user whose
account needs one (`second_factor_required`) and has none is sent to enrol first. Which of the
two a session owes is worked out at the sign-in and kept in the session, so that pages pay no
query for it.
"""

import base64
import secrets
from io import BytesIO

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils.translation import gettext as _
from django_otp import DEVICE_ID_SESSION_KEY, devices_for_user, match_token
from django_otp.models import Device
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp_webauthn.models import WebAuthnCredential

from portal.audit import Action, Outcome, audit_record
from portal.models import Role, User

# The roles that manage accounts, sign documents or head a department: their accounts are
# worth the most to an attacker, so a password alone never opens them.
SECOND_FACTOR_ROLES = frozenset(
    {Role.ADMINISTRATOR, Role.LIAISON, Role.CHIEF, Role.DEPARTMENT_HEAD}
)
# What a session still owes after the password (kept in the session at the sign-in).
OWED_KEY = "portal_second_factor_owed"
VERIFY, ENROL = "verify", "enrol"
RECOVERY_CODE_COUNT = 10
RECOVERY_DEVICE_NAME = "recovery"
# The demo's one published TOTP secret (README), in base32; django-otp keeps keys in hex.
DEMO_TOTP_SECRET = "NWPCDEMOSECRETKEY234NWPCDEMOSECR"  # noqa: S105 (published on purpose)
DEMO_TOTP_KEY = base64.b32decode(DEMO_TOTP_SECRET).hex()


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
    """Whether the user has a confirmed second factor of any kind (recovery codes alone are not
    one: they come with a factor)."""
    return any(
        not isinstance(device, StaticDevice) for device in devices_for_user(user, confirmed=True)
    )


def second_factor_verify(*, user: User, code: str) -> Device | None:
    """The user's TOTP app or recovery code that accepts this code (a recovery code is used up),
    or None. Each device slows down its own guesses (django-otp's throttling)."""
    code = "".join((code or "").split()).replace("-", "").lower()
    return match_token(user, code) if code else None


def second_factor_owed(*, user: User) -> str | None:
    """What a new session of this user owes after the password: VERIFY, ENROL or nothing."""
    if second_factor_enrolled(user=user):
        return VERIFY
    return ENROL if second_factor_required(user=user) else None


def second_factor_signed_in(sender, request, user, **kwargs) -> None:
    """At every sign-in (login page, admin, a test's force_login): note what the session owes."""
    if request is not None and hasattr(request, "session"):
        request.session[OWED_KEY] = second_factor_owed(user=user)


def session_owes(request) -> str | None:
    """What the signed-in session still owes: VERIFY, ENROL or nothing."""
    owed = request.session.get(OWED_KEY)
    if owed == VERIFY and request.session.get(DEVICE_ID_SESSION_KEY):
        return None
    return owed


def session_verified(request, *, device: Device) -> None:
    """The session has proved the device: it owes nothing more."""
    from django_otp import login as otp_login

    otp_login(request, device)
    request.session[OWED_KEY] = None


def second_factor_check(request, *, code: str) -> Device | None:
    """Verify the session's second step with a code; record the outcome."""
    user = request.user
    device = second_factor_verify(user=user, code=code)
    if device is None:
        audit_record(Action.SECOND_FACTOR_FAILED, request=request, outcome=Outcome.FAILURE)
        return None
    session_verified(request, device=device)
    if isinstance(device, StaticDevice):
        audit_record(Action.RECOVERY_CODE_USED, request=request, target=device)
    return device


def factors_of(*, user: User) -> dict:
    """The user's confirmed factors, by kind, and how many recovery codes are left."""
    recovery = StaticDevice.objects.filter(user=user, name=RECOVERY_DEVICE_NAME).first()
    return {
        "apps": list(TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk")),
        "passkeys": list(WebAuthnCredential.objects.filter(user=user, confirmed=True)),
        "recovery_left": recovery.token_set.count() if recovery else 0,
    }


@transaction.atomic
def totp_start(*, user: User) -> TOTPDevice:
    """A new authenticator app to enrol, unconfirmed until the user types a code from it; an
    earlier unfinished enrolment is dropped."""
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    return TOTPDevice.objects.create(user=user, name="authenticator", confirmed=False)


def totp_pending(*, user: User) -> TOTPDevice | None:
    """The app the user is enrolling, if any."""
    return TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-pk").first()


@transaction.atomic
def totp_confirm(request, *, device: TOTPDevice, code: str, name: str) -> list[str] | None:
    """Confirm an app with a code from it; the first factor also brings recovery codes
    (returned, to be shown once). None if the code is wrong."""
    if device.user_id != request.user.pk or device.confirmed:
        raise Http404
    if not device.verify_token("".join((code or "").split())):
        return None
    device.confirmed = True
    device.name = name or device.name
    device.save(update_fields=["confirmed", "name"])
    audit_record(Action.SECOND_FACTOR_ENROLLED, request=request, target=device)
    session_verified(request, device=device)
    if StaticDevice.objects.filter(user=request.user, name=RECOVERY_DEVICE_NAME).exists():
        return []
    return recovery_codes_issue(request)


@transaction.atomic
def recovery_codes_issue(request) -> list[str]:
    """Ten new one-time recovery codes for the signed-in user, replacing any left; shown once."""
    user = request.user
    StaticDevice.objects.filter(user=user, name=RECOVERY_DEVICE_NAME).delete()
    device = StaticDevice.objects.create(user=user, name=RECOVERY_DEVICE_NAME, confirmed=True)
    codes = [secrets.token_hex(8) for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    audit_record(Action.RECOVERY_CODES_ISSUED, request=request, target=user)
    return [f"{code[:4]}-{code[4:8]}-{code[8:12]}-{code[12:]}" for code in codes]


@transaction.atomic
def second_factor_remove(request, *, kind: str, pk: int) -> None:
    """Remove one of the signed-in user's apps or passkeys (404 if not theirs). The last one
    goes only if the account may work without one; with it go the recovery codes."""
    model = {"app": TOTPDevice, "passkey": WebAuthnCredential}.get(kind)
    device = model and model.objects.filter(user=request.user, pk=pk, confirmed=True).first()
    if device is None:
        raise Http404
    if last_factor(user=request.user):
        raise ValidationError(
            _("Your account needs a second factor: add another before removing this one.")
        )
    device.delete()
    if not second_factor_enrolled(user=request.user):
        StaticDevice.objects.filter(user=request.user).delete()
        request.session[OWED_KEY] = second_factor_owed(user=request.user)
    audit_record(Action.SECOND_FACTOR_REMOVED, request=request, detail=f"{kind} {pk}")


def last_factor(*, user: User) -> bool:
    """Whether the user holds exactly one factor that their account may not do without."""
    factors = factors_of(user=user)
    return second_factor_required(user=user) and (
        len(factors["apps"]) + len(factors["passkeys"]) == 1
    )


@transaction.atomic
def second_factors_reset(request, *, account: User) -> None:
    """An administrator's reset of a user's factors (a lost phone): all go, the user enrols
    again at the next sign-in, and the reset is recorded."""
    for device in devices_for_user(account, confirmed=None):
        device.delete()
    audit_record(Action.SECOND_FACTOR_RESET, request=request, target=account)


def totp_qr_svg(device: TOTPDevice) -> str:
    """The enrolment QR code of an app, as an SVG data URL (the CSP allows data: images)."""
    buffer = BytesIO()
    qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage).save(buffer)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode()


def totp_secret(device: TOTPDevice) -> str:
    """The app's secret in base32, for typing by hand, in groups of four."""
    secret = base64.b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def demo_second_factor_enrol(*, user: User) -> None:
    """Give a demo account that needs a second factor an app with the published demo secret
    (once; the README names it, and the embedded demo shows its current code)."""
    if second_factor_required(user=user) and not second_factor_enrolled(user=user):
        TOTPDevice.objects.create(user=user, name="demo", key=DEMO_TOTP_KEY, confirmed=True)


def demo_code(*, user: User) -> str | None:
    """The current code of the demo's published secret, shown on the verification page of the
    embedded demo with DEBUG only, so a visitor trying the portal can sign in; else None."""
    if not (settings.DEBUG and settings.EMBEDDED):
        return None
    device = TOTPDevice.objects.filter(user=user, confirmed=True, key=DEMO_TOTP_KEY).first()
    if device is None:
        return None
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"
