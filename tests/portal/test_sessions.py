"""Browser sessions end after 30 minutes without a request and 12 hours after the sign-in; a
user sees where they are signed in and signs the other sessions out; the client's address is
taken from X-Forwarded-For only when a trusted proxy sent it."""

import datetime as dt

import pytest
from django.test import Client, RequestFactory, override_settings
from django.urls import reverse

import portal.settings
from portal.models import SignedInSession
from portal.sessions import client_address

PASSWORD = "secret-pass-123"
# The limits as production has them (the other tests' sessions outlive them: tests/settings.py).
LIMITS = {
    "SESSION_IDLE_TIMEOUT": portal.settings.SESSION_IDLE_TIMEOUT,
    "SESSION_ABSOLUTE_TIMEOUT": portal.settings.SESSION_ABSOLUTE_TIMEOUT,
}
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clock")]


@pytest.fixture(autouse=True)
def production_limits(settings):
    for name, value in LIMITS.items():
        setattr(settings, name, value)


def test_the_limits_are_half_an_hour_idle_and_twelve_hours_in_all():
    assert LIMITS["SESSION_IDLE_TIMEOUT"] == dt.timedelta(minutes=30)
    assert LIMITS["SESSION_ABSOLUTE_TIMEOUT"] == dt.timedelta(hours=12)


def signed_in(user, address="203.0.113.5", agent="Chromium 131") -> Client:
    client = Client(REMOTE_ADDR=address, HTTP_USER_AGENT=agent)
    response = client.post(reverse("login"), {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302
    assert client.get(reverse("home")).status_code == 200
    return client


def test_a_session_ends_after_half_an_hour_without_activity(gs_prosecutor, clock):
    client = signed_in(gs_prosecutor)
    session = SignedInSession.objects.get(user=gs_prosecutor)
    assert (session.address, session.user_agent) == ("203.0.113.5", "Chromium 131")
    clock.shift(dt.timedelta(minutes=29))
    assert client.get(reverse("home")).status_code == 200
    clock.shift(dt.timedelta(minutes=29))  # 29 minutes after the last request: still in
    assert client.get(reverse("home")).status_code == 200
    clock.shift(dt.timedelta(minutes=31))
    response = client.get(reverse("home"), follow=True)
    assert response.redirect_chain[-1][0].startswith(reverse("login"))
    assert "30 分钟未操作" in response.content.decode()
    assert not SignedInSession.objects.exists()


def test_a_session_ends_twelve_hours_after_the_sign_in_however_busy(gs_prosecutor, clock):
    client = signed_in(gs_prosecutor)
    for _ in range(35):  # a request every 20 minutes, 11 hours 40 minutes in all
        clock.shift(dt.timedelta(minutes=20))
        assert client.get(reverse("home")).status_code == 200
    clock.shift(dt.timedelta(minutes=25))
    response = client.get(reverse("home"), follow=True)
    assert response.redirect_chain[-1][0].startswith(reverse("login"))
    assert "时限" in response.content.decode()


def test_i_see_my_sessions_and_sign_the_others_out(gs_prosecutor, qh_liaison):
    office = signed_in(gs_prosecutor, "203.0.113.5", "Chromium 131 (office)")
    laptop = signed_in(gs_prosecutor, "198.51.100.7", "Firefox 128 (laptop)")
    phone = signed_in(gs_prosecutor, "192.0.2.9", "Mobile Safari")
    theirs = signed_in(qh_liaison)
    page = office.get(reverse("my-sessions"))
    listed = page.context["sessions"]
    assert len(listed) == 3 and listed[0].session_key == office.session.session_key
    html = page.content.decode()
    assert "Firefox 128 (laptop)" in html and "198.51.100.7" in html and "本浏览器" in html
    # One session, by its row; another user's row is not found.
    laptop_row = SignedInSession.objects.get(user_agent__startswith="Firefox")
    qh_row = SignedInSession.objects.get(user=qh_liaison)
    assert office.post(reverse("my-sessions"), {"session": qh_row.pk}).status_code == 404
    assert office.post(reverse("my-sessions"), {"session": laptop_row.pk}).status_code == 302
    assert laptop.get(reverse("home")).status_code == 302
    assert phone.get(reverse("home")).status_code == 200
    # Everywhere else: the phone is signed out, this browser and the other user are not.
    office.post(reverse("my-sessions"))
    assert phone.get(reverse("home")).status_code == 302
    assert office.get(reverse("home")).status_code == 200
    assert theirs.get(reverse("home")).status_code == 200
    assert Client().get(reverse("my-sessions")).status_code == 302


def address(remote, forwarded=None):
    request = RequestFactory().get("/", REMOTE_ADDR=remote)
    if forwarded:
        request.META["HTTP_X_FORWARDED_FOR"] = forwarded
    return client_address(request)


def test_x_forwarded_for_is_believed_from_a_trusted_proxy_only():
    assert address("203.0.113.5", "1.2.3.4") == "203.0.113.5"
    with override_settings(TRUSTED_PROXIES=["10.0.0.0/8"]):
        assert address("10.0.0.2", "1.2.3.4, 10.0.0.3") == "1.2.3.4"
        # What a client wrote before the proxy's own entry is not believed.
        assert address("10.0.0.2", "9.9.9.9, 1.2.3.4") == "1.2.3.4"
        assert address("10.0.0.2", "not-an-address") == "10.0.0.2"
        assert address("203.0.113.5", "1.2.3.4") == "203.0.113.5"  # not from the proxy


def test_a_new_password_signs_the_other_sessions_out(gs_prosecutor):
    here = signed_in(gs_prosecutor, "203.0.113.5")
    elsewhere = signed_in(gs_prosecutor, "198.51.100.7")
    response = here.post(
        reverse("password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "丝路检察-2026-协作",
            "new_password2": "丝路检察-2026-协作",
        },
    )
    assert response.status_code == 302
    assert elsewhere.get(reverse("home")).status_code == 302
    assert here.get(reverse("home")).status_code == 200
    listed = here.get(reverse("my-sessions")).context["sessions"]
    assert [row.address for row in listed] == ["203.0.113.5"]
    assert listed[0].session_key == here.session.session_key


def test_a_new_password_revokes_the_api_token(gs_prosecutor):
    """An old token answers 401 once the password it was made with has changed, whoever set
    the new one."""
    from portal.services import user_password_assign
    from portal.tokens import api_token_create

    here = signed_in(gs_prosecutor)
    api = Client()
    _token, key = api_token_create(user=gs_prosecutor, name="sync")
    assert api.get("/api/v1/me/", HTTP_AUTHORIZATION=f"Token {key}").status_code == 200
    here.post(
        reverse("password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "丝路检察-2026-协作",
            "new_password2": "丝路检察-2026-协作",
        },
    )
    assert api.get("/api/v1/me/", HTTP_AUTHORIZATION=f"Token {key}").status_code == 401
    _token, key = api_token_create(user=gs_prosecutor, name="sync")
    user_password_assign(user=gs_prosecutor, password="由管理员设置-2026")
    assert api.get("/api/v1/me/", HTTP_AUTHORIZATION=f"Token {key}").status_code == 401
