"""The second factor as a liaison officer lives it, in Chromium: enrol an authenticator app,
sign out, sign in with it, sign in elsewhere with a recovery code, see both sessions and sign
the other one out. Every page carries the CSP, and Chromium reports no violation."""

import datetime as dt
import re

import pyotp
import pytest
from playwright.sync_api import expect

from portal.models import AuditEntry
from tests.conftest import watch_csp

PASSWORD = "secret-pass-123"
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def enforced(settings):
    settings.SECOND_FACTOR_ENFORCED = True


@pytest.fixture
def browse(browser, live_server):
    """Fresh Chinese browser windows, each its own computer; CSP watched in all."""
    contexts, problems = [], []

    def open_window():
        context = browser.new_context(
            locale="zh-CN", timezone_id="Asia/Shanghai", base_url=live_server.url
        )
        contexts.append(context)
        watch_csp(context, live_server, problems)
        page = context.new_page()
        page.set_default_timeout(20_000)
        return page

    yield open_window
    for context in contexts:
        context.close()
    assert not problems, "\n".join(problems)


def password_step(page, username):
    page.goto("/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("[data-testid=login-submit]")


def test_enrol_an_app_then_sign_in_with_it_and_with_a_recovery_code(
    enforced, browse, gs_liaison, clock
):
    office = browse()
    password_step(office, gs_liaison.username)
    # The account needs a second factor: the portal asks for one before anything else.
    expect(office.get_by_test_id("second-factor-required")).to_be_visible()
    office.get_by_test_id("enrol-app").click()
    expect(office.get_by_test_id("qr")).to_be_visible()
    app = pyotp.TOTP(office.get_by_test_id("totp-secret").inner_text().replace(" ", ""))
    office.get_by_test_id("enrol-code").fill(app.now())
    office.fill("input[name=name]", "办公手机")
    office.get_by_test_id("enrol-confirm").click()
    codes = office.get_by_test_id("recovery-code")
    expect(codes).to_have_count(10)
    recovery_code = codes.first.inner_text()
    expect(office.get_by_test_id("app")).to_contain_text("办公手机")

    office.goto("/")
    office.get_by_role("button", name=gs_liaison.full_name).click()
    office.get_by_test_id("logout").click()
    expect(office).to_have_url(re.compile(r"/accounts/login/"))

    clock.shift(dt.timedelta(seconds=31))  # a code is good once: the next one is needed
    password_step(office, gs_liaison.username)
    expect(office).to_have_url(re.compile(r"/accounts/second-factor/verify/"))
    office.get_by_test_id("second-factor-code").fill(app.now())
    office.get_by_test_id("second-factor-submit").click()
    expect(office.get_by_test_id("nav-sessions")).to_be_attached()

    # On a second computer, the phone is not at hand: a recovery code, once.
    laptop = browse()
    password_step(laptop, gs_liaison.username)
    laptop.get_by_test_id("second-factor-code").fill(recovery_code)
    laptop.get_by_test_id("second-factor-submit").click()
    expect(laptop.get_by_test_id("nav-sessions")).to_be_attached()

    laptop.goto("/accounts/sessions/")
    expect(laptop.get_by_test_id("session")).to_have_count(2)
    laptop.get_by_test_id("end-other-sessions").click()
    expect(laptop.get_by_test_id("session")).to_have_count(1)
    office.goto("/notifications/")
    expect(office).to_have_url(re.compile(r"/accounts/login/"))

    # The same recovery code does not open a third session.
    third = browse()
    password_step(third, gs_liaison.username)
    third.get_by_test_id("second-factor-code").fill(recovery_code)
    third.get_by_test_id("second-factor-submit").click()
    expect(third.get_by_test_id("code-error")).to_be_visible()

    recorded = set(AuditEntry.objects.filter(actor=gs_liaison).values_list("action", flat=True))
    assert {
        AuditEntry.Action.SECOND_FACTOR_ENROLLED,
        AuditEntry.Action.RECOVERY_CODES_ISSUED,
        AuditEntry.Action.RECOVERY_CODE_USED,
        AuditEntry.Action.SECOND_FACTOR_FAILED,
    } <= recorded


def test_a_passkey_is_enrolled_and_proves_the_second_step(
    enforced, browse, gs_prosecutor, live_server, settings
):
    """A virtual authenticator stands for the security key; the ceremony is the real one."""
    assert live_server.url.startswith("http://localhost:")
    settings.OTP_WEBAUTHN_ALLOWED_ORIGINS = [live_server.url]
    office = browse()
    cdp = office.context.new_cdp_session(office)
    cdp.send("WebAuthn.enable")
    cdp.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "usb",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": True,
            }
        },
    )
    password_step(office, gs_prosecutor.username)
    office.goto("/accounts/second-factor/")
    office.locator("#passkey-register-button").click()
    expect(office.get_by_test_id("passkeys").locator("li form")).to_have_count(1)

    office.goto("/")
    office.get_by_role("button", name=gs_prosecutor.full_name).click()
    office.get_by_test_id("logout").click()
    password_step(office, gs_prosecutor.username)
    expect(office).to_have_url(re.compile(r"/accounts/second-factor/verify/"))
    office.get_by_test_id("passkey-verify").click()
    expect(office.get_by_test_id("nav-sessions")).to_be_attached()
    assert AuditEntry.objects.filter(
        actor=gs_prosecutor, action=AuditEntry.Action.SECOND_FACTOR_ENROLLED
    ).exists()
