"""A second factor after the password: authenticator apps (TOTP), passkeys and one-time
recovery codes; required of the roles that manage accounts or sign, of staff and of the admin
site; reset by an administrator only, and every step recorded."""

import base64
import datetime as dt

import pyotp
import pytest
from django.contrib.admin.sites import site as admin_site
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp_webauthn.models import WebAuthnCredential

from portal.models import AuditEntry, Role, User
from portal.second_factor import DEMO_TOTP_KEY, DEMO_TOTP_SECRET, demo_code
from tests.factories import person

PASSWORD = "secret-pass-123"
Action = AuditEntry.Action
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clock")]


@pytest.fixture(autouse=True)
def enforced(settings):
    """As in production: the rest of the suite signs in with a password alone."""
    settings.SECOND_FACTOR_ENFORCED = True


def with_app(user: User) -> pyotp.TOTP:
    """Give the user a confirmed authenticator app; return the app itself (pyotp)."""
    device = TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    return pyotp.TOTP(base64.b32encode(device.bin_key).decode())


def password_only(user: User, address="203.0.113.7") -> Client:
    client = Client(REMOTE_ADDR=address, HTTP_USER_AGENT="Chromium 131")
    response = client.post(reverse("login"), {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302
    return client


def test_after_the_password_a_user_with_an_app_proves_it_before_any_page(gs_prosecutor, clock):
    app = with_app(gs_prosecutor)
    client = password_only(gs_prosecutor)
    response = client.get("/notifications/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/second-factor/verify/?next=%2Fnotifications%2F"
    api = client.get("/api/v1/me/")
    assert api.status_code == 403 and api.json()["code"] == "second_factor_required"

    wrong = client.post(
        reverse("second-factor-verify"), {"code": "000000", "next": "/notifications/"}
    )
    assert wrong.status_code == 200
    assert "验证码错误或已过期" in wrong.content.decode()
    assert client.get("/notifications/").status_code == 302

    clock.shift(dt.timedelta(seconds=2))  # each device slows the guesses after a wrong one
    right = client.post(
        reverse("second-factor-verify"), {"code": app.now(), "next": "/notifications/"}
    )
    assert right.status_code == 302 and right["Location"] == "/notifications/"
    assert client.get("/notifications/").status_code == 200
    assert client.get("/api/v1/me/").status_code == 200
    events = list(AuditEntry.objects.filter(actor=gs_prosecutor).values_list("action", "outcome"))
    assert (Action.SECOND_FACTOR_FAILED, AuditEntry.Outcome.FAILURE) in events


def test_a_code_is_used_once_and_the_next_one_is_needed(gs_prosecutor, clock):
    app = with_app(gs_prosecutor)
    code = app.now()
    first = password_only(gs_prosecutor)
    assert first.post(reverse("second-factor-verify"), {"code": code}).status_code == 302
    again = password_only(gs_prosecutor, address="203.0.113.8")
    assert again.post(reverse("second-factor-verify"), {"code": code}).status_code == 200
    clock.shift(dt.timedelta(seconds=30))
    assert again.post(reverse("second-factor-verify"), {"code": app.now()}).status_code == 302


def test_an_account_that_needs_a_factor_enrols_one_and_gets_recovery_codes(gs_liaison, clock):
    client = password_only(gs_liaison)
    response = client.get("/notifications/")
    assert response["Location"].startswith(reverse("second-factor"))
    page = client.get(reverse("second-factor"))
    assert page.status_code == 200 and 'data-testid="second-factor-required"' in page.text

    client.post(reverse("second-factor-app"))
    pending = TOTPDevice.objects.get(user=gs_liaison, confirmed=False)
    page = client.get(reverse("second-factor"))
    assert 'src="data:image/svg+xml;base64,' in page.text
    secret = base64.b32encode(pending.bin_key).decode().rstrip("=")
    app = pyotp.TOTP(secret)

    wrong = client.post(reverse("second-factor-app-confirm"), {"code": "123456", "name": "x"})
    assert wrong.status_code == 400
    assert not TOTPDevice.objects.filter(user=gs_liaison, confirmed=True).exists()

    clock.shift(dt.timedelta(seconds=2))
    done = client.post(
        reverse("second-factor-app-confirm"), {"code": app.now(), "name": "办公手机"}
    )
    assert done.status_code == 200
    assert done.text.count('data-testid="recovery-code"') == 10
    assert TOTPDevice.objects.get(user=gs_liaison, confirmed=True).name == "办公手机"
    assert StaticDevice.objects.get(user=gs_liaison).token_set.count() == 10
    assert client.get("/notifications/").status_code == 200
    actions = set(AuditEntry.objects.filter(actor=gs_liaison).values_list("action", flat=True))
    assert {Action.SECOND_FACTOR_ENROLLED, Action.RECOVERY_CODES_ISSUED} <= actions


def test_a_recovery_code_works_once(gs_prosecutor):
    with_app(gs_prosecutor)
    device = StaticDevice.objects.create(user=gs_prosecutor, name="recovery")
    device.token_set.create(token="0123456789abcdef")
    client = password_only(gs_prosecutor)
    assert (
        client.post(reverse("second-factor-verify"), {"code": "0123-4567-89AB-CDEF"}).status_code
        == 302
    )
    assert AuditEntry.objects.filter(actor=gs_prosecutor, action=Action.RECOVERY_CODE_USED).exists()
    later = password_only(gs_prosecutor)
    assert (
        later.post(reverse("second-factor-verify"), {"code": "0123456789abcdef"}).status_code == 200
    )


def test_a_password_alone_enrols_nothing_and_reads_no_recovery_codes(gs_prosecutor):
    """A stolen password must not add a factor of its own or print new recovery codes."""
    with_app(gs_prosecutor)
    client = password_only(gs_prosecutor)
    for name in ["second-factor-app", "second-factor-recovery"]:
        response = client.post(reverse(name))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("second-factor-verify"))
    assert client.get(reverse("second-factor"))["Location"].startswith(
        reverse("second-factor-verify")
    )
    begin = client.post(reverse("otp_webauthn:credential-registration-begin"))
    assert begin.status_code in (302, 403)
    assert TOTPDevice.objects.filter(user=gs_prosecutor).count() == 1
    assert not StaticDevice.objects.filter(user=gs_prosecutor).exists()


def test_a_prosecutor_without_a_factor_works_with_a_password_unless_the_setting_says(
    gs_prosecutor, settings
):
    assert password_only(gs_prosecutor).get("/notifications/").status_code == 200
    settings.SECOND_FACTOR_FOR_EVERYONE = True
    response = password_only(gs_prosecutor).get("/notifications/")
    assert response["Location"].startswith(reverse("second-factor"))


def test_the_admin_site_asks_for_the_second_factor_too(gs_liaison):
    app = with_app(gs_liaison)
    client = Client()
    client.post(reverse("admin:login"), {"username": gs_liaison.username, "password": PASSWORD})
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("second-factor-verify"))
    client.post(reverse("second-factor-verify"), {"code": app.now()})
    assert client.get(reverse("admin:index")).status_code == 200


def test_the_last_factor_of_an_account_that_needs_one_stays(gs_liaison):
    app = with_app(gs_liaison)
    client = password_only(gs_liaison)
    client.post(reverse("second-factor-verify"), {"code": app.now()})
    device = TOTPDevice.objects.get(user=gs_liaison)
    response = client.post(reverse("second-factor-remove", args=["app", device.pk]), follow=True)
    assert "请先添加另一个，再移除此项" in response.text
    assert TOTPDevice.objects.filter(pk=device.pk).exists()


def test_a_user_removes_their_own_factor_and_nobody_elses(gs_prosecutor, qh_liaison):
    app = with_app(gs_prosecutor)
    theirs = TOTPDevice.objects.create(user=qh_liaison, name="phone", confirmed=True)
    client = password_only(gs_prosecutor)
    client.post(reverse("second-factor-verify"), {"code": app.now()})
    other = client.post(reverse("second-factor-remove", args=["app", theirs.pk]))
    assert other.status_code == 404
    assert TOTPDevice.objects.filter(pk=theirs.pk).exists()
    own = TOTPDevice.objects.get(user=gs_prosecutor)
    client.post(reverse("second-factor-remove", args=["app", own.pk]))
    assert not TOTPDevice.objects.filter(user=gs_prosecutor).exists()
    assert AuditEntry.objects.filter(
        actor=gs_prosecutor, action=Action.SECOND_FACTOR_REMOVED
    ).exists()


def test_an_administrator_resets_a_users_factors_and_a_liaison_officer_cannot(
    gs_prosecutor, gs_liaison, settings
):
    settings.SECOND_FACTOR_ENFORCED = False  # the admin's own second step is tested above
    administrator = person("t-gs-admin", "GS", Role.ADMINISTRATOR)
    with_app(gs_prosecutor)
    StaticDevice.objects.create(user=gs_prosecutor, name="recovery")
    changelist = reverse("admin:portal_user_changelist")

    liaison = Client()
    liaison.force_login(gs_liaison)
    page = liaison.get(changelist)
    assert page.status_code == 200 and "reset_second_factors" not in page.text
    liaison.post(
        changelist, {"action": "reset_second_factors", "_selected_action": [gs_prosecutor.pk]}
    )
    assert TOTPDevice.objects.filter(user=gs_prosecutor).exists()

    admin = Client(REMOTE_ADDR="198.51.100.4")
    admin.force_login(administrator)
    response = admin.post(
        changelist, {"action": "reset_second_factors", "_selected_action": [gs_prosecutor.pk]}
    )
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=gs_prosecutor).exists()
    assert not StaticDevice.objects.filter(user=gs_prosecutor).exists()
    entry = AuditEntry.objects.get(action=Action.SECOND_FACTOR_RESET)
    assert (entry.actor, entry.target, entry.address) == (
        administrator,
        gs_prosecutor,
        "198.51.100.4",
    )


def test_nobody_reads_the_factors_secrets_in_the_admin():
    for model in (TOTPDevice, StaticDevice, WebAuthnCredential):
        assert not admin_site.is_registered(model)


def test_a_passkey_ceremony_begins_for_a_proved_session(gs_prosecutor):
    app = with_app(gs_prosecutor)
    client = password_only(gs_prosecutor)
    client.post(reverse("second-factor-verify"), {"code": app.now()})
    begin = client.post(reverse("otp_webauthn:credential-registration-begin"))
    assert begin.status_code == 200
    options = begin.json()
    assert options["rp"]["id"] == "localhost"
    assert options["user"]["name"] == gs_prosecutor.username


def test_the_demo_accounts_that_need_a_factor_have_the_published_one(settings):
    from django.core.management import call_command

    call_command("load_demo", verbosity=0)
    enrolled = set(
        TOTPDevice.objects.filter(key=DEMO_TOTP_KEY, confirmed=True).values_list(
            "user__username", flat=True
        )
    )
    assert {"admin", "gs-chief", "gs-liaison", "bt-chief", "xj-liaison"} <= enrolled
    assert "gs-prosecutor" not in enrolled
    chief = User.objects.get(username="gs-chief")

    settings.DEBUG, settings.EMBEDDED = False, True
    assert demo_code(user=chief) is None
    settings.DEBUG, settings.EMBEDDED = True, False
    assert demo_code(user=chief) is None
    settings.DEBUG, settings.EMBEDDED = True, True
    assert demo_code(user=chief) == pyotp.TOTP(DEMO_TOTP_SECRET).now()
