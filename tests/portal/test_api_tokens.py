"""API tokens: several named ones per user, hashed at rest, expiring, revoked by their user (page
and API), by a new password and by deactivation; a second factor cannot be gone around with one;
every token made or revoked is in the audit log."""

import base64
import datetime as dt

import pyotp
import pytest
from django.apps import apps
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import models
from django.test import Client
from django.utils import translation
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from portal.models import ApiToken, AuditEntry, Role
from portal.services import user_password_assign
from portal.tokens import api_token_create, api_token_revoke, key_hash
from tests.factories import person

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clock")]

PASSWORD = "secret-pass-123"
NEW_PASSWORD = "丝路检察-2026-协作"
TOKEN_URL = "/api/v1/auth/token/"


@pytest.fixture(autouse=True)
def no_throttle_counts():
    cache.clear()  # the token endpoint's throttle counts per address, in the cache


def me(key: str, keyword: str = "Token"):
    return Client().get("/api/v1/me/", headers={"Authorization": f"{keyword} {key}"})


def ask_for_token(user, **extra):
    body = {"username": user.username, "password": PASSWORD, "name": "case-system sync", **extra}
    return Client().post(TOKEN_URL, body, content_type="application/json", headers=ENGLISH)


ENGLISH = {"Accept-Language": "en"}


def totp_device(user) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="phone", confirmed=True)


def current_code(device: TOTPDevice) -> str:
    return pyotp.TOTP(base64.b32encode(device.bin_key).decode()).now()


def test_a_token_is_made_with_a_password_and_its_key_is_nowhere_in_the_database(gs_prosecutor):
    response = ask_for_token(gs_prosecutor, days=7)
    assert response.status_code == 201
    assert "no-store" in response.headers["Cache-Control"]
    body = response.json()
    key = body["token"]
    assert body["name"] == "case-system sync" and key.startswith(body["prefix"])
    token = ApiToken.objects.get(pk=body["id"])
    assert token.key_hash == key_hash(key) != key
    assert token.expires_at - token.created_at == dt.timedelta(days=7)
    assert me(key).json()["username"] == gs_prosecutor.username
    assert me(key, "Bearer").status_code == 200
    # Not in any text column of any table: the hash and the first characters only.
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if isinstance(field, models.CharField | models.TextField):
                assert not model.objects.filter(**{f"{field.name}__contains": key}).exists(), (
                    f"{model._meta.label}.{field.name}"
                )


def test_a_token_lasts_thirty_days_by_default_and_never_longer_than_the_most(
    gs_prosecutor, settings
):
    token = ApiToken.objects.get(pk=ask_for_token(gs_prosecutor).json()["id"])
    assert token.expires_at - token.created_at == dt.timedelta(days=30)
    for days in (0, 91, "many"):
        response = ask_for_token(gs_prosecutor, days=days)
        assert response.status_code == 400 and "days" in response.json()["fields"], days
    response = ask_for_token(gs_prosecutor, name=" ")
    assert response.status_code == 400 and "name" in response.json()["fields"]
    settings.API_TOKEN_MAX_DAYS = 10  # the service holds the limit whatever the API lets in
    response = ask_for_token(gs_prosecutor, days=11)
    assert response.status_code == 400
    assert response.json()["fields"]["days"] == ["A token lasts from 1 to 10 days."]
    assert ApiToken.objects.count() == 1


def test_an_expired_token_answers_401(clock, gs_prosecutor):
    _token, key = api_token_create(user=gs_prosecutor, name="sync", days=1)
    assert me(key).status_code == 200
    clock.shift(dt.timedelta(days=1, seconds=1))
    response = me(key)
    assert response.status_code == 401
    assert response.json()["code"] == "token_expired"
    assert response.headers["WWW-Authenticate"] == "Token"


def test_unknown_malformed_and_missing_tokens_answer_401(gs_prosecutor):
    for header in ("Token", "Token a b", "Bearer not-a-key", "token \xe9"):
        response = Client().get("/api/v1/me/", headers={"Authorization": header})
        assert response.status_code == 401, header
    assert Client().get("/api/v1/me/").status_code == 401
    assert Client().get(TOKEN_URL).status_code == 401
    assert Client().delete(TOKEN_URL).status_code == 401
    assert Client().delete(f"{TOKEN_URL}1/").status_code == 401


def test_several_tokens_each_revoked_on_its_own(gs_prosecutor):
    sync, sync_key = api_token_create(user=gs_prosecutor, name="sync")
    _script, script_key = api_token_create(user=gs_prosecutor, name="script")
    assert me(sync_key).status_code == me(script_key).status_code == 200
    api_token_revoke(user=gs_prosecutor, pk=sync.pk)
    response = me(sync_key)
    assert response.status_code == 401 and response.json()["code"] == "token_revoked"
    assert me(script_key).status_code == 200


def test_the_api_lists_the_callers_live_tokens_without_keys(
    gs_prosecutor, sn_prosecutor, django_assert_max_num_queries
):
    old, _key = api_token_create(user=gs_prosecutor, name="old")
    api_token_revoke(user=gs_prosecutor, pk=old.pk)
    for number in range(3):
        api_token_create(user=gs_prosecutor, name=f"tool {number}")
    api_token_create(user=sn_prosecutor, name="Shaanxi's")
    _current, key = api_token_create(user=gs_prosecutor, name="current")
    api = Client(headers={"Authorization": f"Token {key}"})
    with django_assert_max_num_queries(3):  # the token and its user, its last use, the list
        listed = api.get(TOKEN_URL).json()
    assert [row["name"] for row in listed] == ["current", "tool 2", "tool 1", "tool 0"]
    assert set(listed[0]) == {"id", "name", "prefix", "created_at", "expires_at", "last_used_at"}
    assert key not in str(listed)


def test_delete_revokes_the_token_of_the_request(gs_prosecutor, gs_liaison):
    token, key = api_token_create(user=gs_prosecutor, name="sync")
    _other, other_key = api_token_create(user=gs_prosecutor, name="other")
    api = Client(headers={"Authorization": f"Token {key}"})
    assert api.delete(TOKEN_URL).status_code == 204
    assert api.get("/api/v1/me/").status_code == 401
    assert me(other_key).status_code == 200
    token.refresh_from_db()
    assert token.revoked_at is not None
    # Signed in with a session, there is no token of the request to revoke.
    browser = Client()
    browser.force_login(gs_liaison)
    response = browser.delete(TOKEN_URL, headers=ENGLISH)
    assert (
        response.status_code == 400 and "not made with an API token" in response.json()["message"]
    )


def test_delete_by_id_revokes_only_ones_own(gs_prosecutor, gs_researcher, qh_prosecutor):
    own, own_key = api_token_create(user=gs_prosecutor, name="own")
    _mine, key = api_token_create(user=gs_prosecutor, name="current")
    colleagues, colleagues_key = api_token_create(user=gs_researcher, name="colleague's")
    outsiders, outsiders_key = api_token_create(user=qh_prosecutor, name="outsider's")
    api = Client(headers={"Authorization": f"Token {key}"})
    for token in (colleagues, outsiders):
        response = api.delete(f"{TOKEN_URL}{token.pk}/")
        assert response.status_code == 404 and response.json()["code"] == "not_found"
    assert me(colleagues_key).status_code == me(outsiders_key).status_code == 200
    outsider = Client(headers={"Authorization": f"Token {outsiders_key}"})
    assert outsider.delete(f"{TOKEN_URL}{own.pk}/").status_code == 404
    assert api.delete(f"{TOKEN_URL}{own.pk}/").status_code == 204
    assert me(own_key).status_code == 401
    assert api.delete(f"{TOKEN_URL}{own.pk}/").status_code == 404  # already revoked
    assert api.delete(f"{TOKEN_URL}99999999999999999999/").status_code == 404


def test_a_new_password_revokes_every_token_whoever_sets_it(client, gs_prosecutor, gs_liaison):
    keys = [api_token_create(user=gs_prosecutor, name=name)[1] for name in ("a", "b")]
    client.force_login(gs_prosecutor)
    response = client.post(
        "/accounts/password/",
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 302
    assert [me(key).status_code for key in keys] == [401, 401]
    revoked = AuditEntry.objects.filter(action=AuditEntry.Action.TOKEN_REVOKED)
    assert [entry.detail for entry in revoked] == ["password changed"] * 2
    assert {entry.actor for entry in revoked} == {gs_prosecutor}

    # The liaison officer sets it in the admin.
    _token, key = api_token_create(user=gs_prosecutor, name="c")
    liaison = Client()
    liaison.force_login(gs_liaison)
    password = "由联络员设置-2026-新密码"
    response = liaison.post(
        f"/admin/portal/user/{gs_prosecutor.pk}/password/",
        {"password1": password, "password2": password, "usable_password": "true"},
    )
    assert response.status_code == 302
    assert me(key).status_code == 401

    # Any other way through the service (an administrator, a command).
    _token, key = api_token_create(user=gs_prosecutor, name="d")
    user_password_assign(user=gs_prosecutor, password="由管理员设置-2026-新密码")
    assert me(key).status_code == 401


def test_deactivating_an_account_revokes_its_tokens(client, gs_prosecutor, gs_liaison):
    token, key = api_token_create(user=gs_prosecutor, name="sync")
    client.force_login(gs_liaison)
    page = f"/admin/portal/user/{gs_prosecutor.pk}/change/"
    data = {
        "username": gs_prosecutor.username,
        "full_name": gs_prosecutor.full_name,
        "title": gs_prosecutor.title,
        "email": gs_prosecutor.email,
        "phone": gs_prosecutor.phone,
        "language": gs_prosecutor.language,
        "procuratorate": gs_prosecutor.procuratorate_id,
        "groups": [gs_prosecutor.groups.get().pk],
    }
    assert client.post(page, data).status_code == 302  # is_active left out: unticked
    gs_prosecutor.refresh_from_db()
    token.refresh_from_db()
    assert not gs_prosecutor.is_active and token.revoked_at is not None
    entry = AuditEntry.objects.get(action=AuditEntry.Action.TOKEN_REVOKED)
    assert (entry.actor, entry.detail) == (gs_liaison, "account deactivated")
    assert me(key).status_code == 401
    # Active again, the account has no token back.
    assert client.post(page, {**data, "is_active": "on"}).status_code == 302
    assert me(key).status_code == 401


def test_an_inactive_account_gets_401_with_a_live_token(gs_prosecutor):
    _token, key = api_token_create(user=gs_prosecutor, name="sync")
    type(gs_prosecutor).objects.filter(pk=gs_prosecutor.pk).update(is_active=False)
    response = me(key)
    assert response.status_code == 401 and response.json()["code"] == "account_inactive"


@pytest.fixture
def enforced(settings):
    """The second factor as deployed (the suite switches it off for other features' tests)."""
    settings.SECOND_FACTOR_ENFORCED = True


@pytest.mark.usefixtures("enforced")
def test_an_account_with_a_second_factor_needs_its_code(clock, gs_prosecutor):
    device = totp_device(gs_prosecutor)
    response = ask_for_token(gs_prosecutor)
    assert response.status_code == 400
    assert "second factor" in response.json()["fields"]["code"][0]
    wrong = f"{(int(current_code(device)) + 1) % 1_000_000:06d}"
    response = ask_for_token(gs_prosecutor, code=wrong)
    assert response.status_code == 400 and "not valid" in response.json()["fields"]["code"][0]
    assert not ApiToken.objects.exists()
    failed = AuditEntry.objects.get(action=AuditEntry.Action.SECOND_FACTOR_FAILED)
    assert failed.actor == gs_prosecutor and failed.outcome == AuditEntry.Outcome.FAILURE
    clock.shift(dt.timedelta(minutes=1))  # past django-otp's pause after a wrong code
    device.refresh_from_db()
    response = ask_for_token(gs_prosecutor, code=current_code(device))
    assert response.status_code == 201, response.json()


@pytest.mark.usefixtures("enforced")
def test_a_token_is_no_way_around_a_second_factor_the_role_requires(gs_liaison):
    response = ask_for_token(gs_liaison)
    assert response.status_code == 400
    assert "must have a second factor" in response.json()["message"]
    # Nor is the service (which the page calls, behind the demand to enrol first).
    with translation.override("en"), pytest.raises(ValidationError, match="must have a second"):
        api_token_create(user=gs_liaison, name="sync")
    assert not ApiToken.objects.exists()


@pytest.mark.usefixtures("enforced")
def test_a_recovery_code_also_gets_a_token_and_is_used_up(gs_prosecutor):
    totp_device(gs_prosecutor)
    recovery = StaticDevice.objects.create(user=gs_prosecutor, name="recovery", confirmed=True)
    recovery.token_set.create(token="abcd2345")
    assert ask_for_token(gs_prosecutor, code="abcd-2345").status_code == 201
    assert not recovery.token_set.exists()
    used = AuditEntry.objects.get(action=AuditEntry.Action.RECOVERY_CODE_USED)
    assert used.actor == gs_prosecutor


def test_tokens_made_and_revoked_are_in_the_audit_log(gs_prosecutor):
    response = ask_for_token(gs_prosecutor)
    key, pk = response.json()["token"], response.json()["id"]
    api = Client(headers={"Authorization": f"Token {key}"}, REMOTE_ADDR="203.0.113.9")
    assert api.delete(f"{TOKEN_URL}{pk}/").status_code == 204
    created, revoked = AuditEntry.objects.order_by("id")
    assert (created.action, revoked.action) == ("token_created", "token_revoked")
    for entry in (created, revoked):
        assert entry.actor == gs_prosecutor
        assert entry.procuratorate == gs_prosecutor.procuratorate
        assert entry.target == ApiToken.objects.get(pk=pk)
        assert entry.target_label == f"case-system sync ({key[:8]}…)"
        assert key not in f"{entry.target_label}{entry.detail}{entry}"
    assert revoked.address == "203.0.113.9"


def test_last_use_is_written_at_most_once_a_minute(clock, gs_prosecutor):
    token, key = api_token_create(user=gs_prosecutor, name="sync")
    assert token.last_used_at is None
    me(key)
    token.refresh_from_db()
    first = token.last_used_at
    assert first is not None
    clock.shift(dt.timedelta(seconds=20))
    me(key)
    token.refresh_from_db()
    assert token.last_used_at == first
    clock.shift(dt.timedelta(seconds=50))
    me(key)
    token.refresh_from_db()
    assert token.last_used_at > first


# The page


def test_the_page_lists_ones_own_tokens(
    client, gs_prosecutor, qh_prosecutor, django_assert_max_num_queries
):
    for name in ("sync", "script", "report"):
        api_token_create(user=gs_prosecutor, name=name)
    revoked, _key = api_token_create(user=gs_prosecutor, name="retired")
    api_token_revoke(user=gs_prosecutor, pk=revoked.pk)
    api_token_create(user=qh_prosecutor, name="Qinghai's")
    client.force_login(gs_prosecutor)
    assert 'href="/accounts/tokens/"' in client.get("/").content.decode()
    with django_assert_max_num_queries(6):
        response = client.get("/accounts/tokens/")
    page = response.content.decode()
    for name in ("sync", "script", "report"):
        assert name in page
    assert "retired" not in page and "Qinghai" not in page
    assert 'data-testid="new-token"' not in page
    assert "no-store" in response.headers["Cache-Control"]


def test_the_page_makes_a_token_and_shows_its_key_once(client, gs_prosecutor):
    client.force_login(gs_prosecutor)
    response = client.post("/accounts/tokens/", {"name": "案件系统同步", "days": "14"})
    assert response.status_code == 200
    token = ApiToken.objects.get()
    key = response.context["new_key"]
    assert token.key_hash == key_hash(key) and token.name == "案件系统同步"
    assert token.expires_at - token.created_at == dt.timedelta(days=14)
    page = response.content.decode()
    assert f'value="{key}"' in page and "data-select-on-focus" in page
    assert key not in client.get("/accounts/tokens/").content.decode()
    assert me(key).status_code == 200


def test_the_page_refuses_bad_input_and_changes_nothing(client, gs_prosecutor):
    client.force_login(gs_prosecutor)
    for data in (
        {"name": "", "days": "10"},
        {"name": "x", "days": "0"},
        {"name": "x", "days": "91"},
    ):
        response = client.post("/accounts/tokens/", data, headers=ENGLISH)
        assert response.status_code == 200 and response.context["form"].errors, data
    assert "at most 90" in response.content.decode()
    assert not ApiToken.objects.exists()


def test_the_page_revokes_ones_own_token_and_not_anothers(
    client, gs_prosecutor, gs_researcher, qh_prosecutor
):
    own, own_key = api_token_create(user=gs_prosecutor, name="own")
    colleagues, colleagues_key = api_token_create(user=gs_researcher, name="colleague's")
    outsiders, outsiders_key = api_token_create(user=qh_prosecutor, name="outsider's")
    client.force_login(gs_prosecutor)
    for token in (colleagues, outsiders):
        assert client.post(f"/accounts/tokens/{token.pk}/revoke/").status_code == 404
    assert me(colleagues_key).status_code == me(outsiders_key).status_code == 200
    assert client.get(f"/accounts/tokens/{own.pk}/revoke/").status_code == 405
    response = client.post(f"/accounts/tokens/{own.pk}/revoke/", follow=True)
    assert response.redirect_chain == [("/accounts/tokens/", 302)]
    assert "own" in response.content.decode() and me(own_key).status_code == 401
    assert AuditEntry.objects.get(action="token_revoked").actor == gs_prosecutor


def test_an_anonymous_visitor_is_sent_to_sign_in(client, gs_prosecutor):
    token, _key = api_token_create(user=gs_prosecutor, name="sync")
    for response in (
        client.get("/accounts/tokens/"),
        client.post("/accounts/tokens/", {"name": "x", "days": "1"}),
        client.post(f"/accounts/tokens/{token.pk}/revoke/"),
    ):
        assert response.status_code == 302 and response.url.startswith("/accounts/login/")
    token.refresh_from_db()
    assert token.revoked_at is None and ApiToken.objects.count() == 1


def test_the_schema_documents_the_token_scheme_and_the_revocations(client, gs_prosecutor):
    client.force_login(gs_prosecutor)
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    scheme = schema["components"]["securitySchemes"]["tokenAuth"]
    assert (scheme["type"], scheme["in"], scheme["name"]) == ("apiKey", "header", "Authorization")
    assert {"204", "400", "401"} <= set(schema["paths"][TOKEN_URL]["delete"]["responses"])
    detail = schema["paths"][f"{TOKEN_URL}{{id}}/"]["delete"]["responses"]
    assert {"204", "401", "404"} <= set(detail)
    assert "token" in schema["components"]["schemas"]["TokenResponse"]["properties"]
    assert "token" not in schema["components"]["schemas"]["ApiToken"]["properties"]


@pytest.mark.usefixtures("enforced")
def test_a_department_head_with_a_factor_gets_a_token_with_its_code(clock, db):
    head = person("t-gs-head", "GS", Role.DEPARTMENT_HEAD)
    device = totp_device(head)
    response = ask_for_token(head, code=current_code(device))
    assert response.status_code == 201
