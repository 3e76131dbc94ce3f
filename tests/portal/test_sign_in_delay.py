"""Sign-in that cannot be used against the user: failures slow down per account and per
address instead of locking, the owner of a second factor still signs in during an attack, the
counters are shared by all workers (Redis, or the database), and a forged X-Forwarded-For
resets nothing."""

import datetime as dt

import pytest
from django.contrib.auth import authenticate
from django.core.cache import caches
from django.test import RequestFactory
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from portal.models import AuditEntry, Role
from portal.sign_in_delay import (
    refused_wait,
    sign_in_attempt,
    sign_in_failure_record,
    sign_in_success_record,
)
from tests.factories import person

PASSWORD = "secret-pass-123"
T0 = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
pytestmark = [pytest.mark.django_db, pytest.mark.clock(T0, tick=False)]
Action = AuditEntry.Action
ATTACKER, OFFICE = "203.0.113.66", "198.51.100.20"
SHARED_CACHES = {
    "redis": "django.core.cache.backends.redis.RedisCache",
    "database": "django.core.cache.backends.db.DatabaseCache",
}


@pytest.fixture(params=SHARED_CACHES)
def shared_cache(request, settings):
    """The shared cache as production has it: Redis when configured, else the database."""
    if request.param == "redis":
        settings.CACHES = {**settings.CACHES, "shared": dict(settings.CACHES["shared"])}
        assert settings.CACHES["shared"]["BACKEND"] == SHARED_CACHES["redis"]
    else:
        settings.CACHES = {
            **settings.CACHES,
            "shared": {"BACKEND": SHARED_CACHES["database"], "LOCATION": "portal_shared_cache"},
        }
    return request.param


@pytest.fixture
def gs_chief(db):
    chief = person("t-gs-chief", "GS", Role.CHIEF)
    TOTPDevice.objects.create(user=chief, name="手机", confirmed=True)
    return chief


def sign_in(username, password, address, **headers):
    """The backend's answer to one attempt, and the wait it left on the request if refused."""
    request = RequestFactory().post("/accounts/login/", REMOTE_ADDR=address, **headers)
    user = authenticate(request, username=username, password=password)
    return user, refused_wait(request)


def fail_until_checked(clock, username, address, **headers):
    """One wrong password that the backend really checks: wait out any delay first."""
    _user, wait = sign_in(username, "wrong", address, **headers)
    while wait:
        clock.shift(wait)
        _user, wait = sign_in(username, "wrong", address, **headers)


def test_failures_grow_the_wait_up_to_the_maximum_and_are_forgotten(clock, shared_cache):
    def fail():
        attempt = sign_in_attempt(username="nobody", address=ATTACKER, user=None)
        assert attempt.wait == 0
        sign_in_failure_record(attempt=attempt)

    def wait():
        attempt = sign_in_attempt(username="nobody", address=ATTACKER, user=None)
        return attempt.wait

    for _ in range(3):  # free
        fail()
        assert wait() == 0
    waits = []
    for _ in range(11):
        fail()
        waits.append(wait())
        clock.shift(waits[-1])
    assert waits == [1, 2, 4, 8, 16, 32, 64, 128, 256, 300, 300]
    fail()
    clock.shift(dt.timedelta(minutes=61))  # a quiet hour: all is forgotten
    for _ in range(3):
        fail()
    assert wait() == 0


def test_the_counters_are_shared_by_two_workers(clock, shared_cache, gs_prosecutor):
    one, two = caches["shared"], caches.create_connection("shared")
    assert one is not two
    for _ in range(4):
        attempt = sign_in_attempt(
            username="t-gs-prosecutor", address=ATTACKER, user=None, cache=one
        )
        sign_in_failure_record(attempt=attempt)
    seen = sign_in_attempt(
        username="T-GS-Prosecutor ", address=OFFICE, user=gs_prosecutor, cache=two
    )
    assert seen.wait == 1  # the account's counter, under its normalised name
    clock.shift(1)
    # Worker two checks the password and it is right: worker one forgets the account.
    sign_in_success_record(
        attempt=sign_in_attempt(
            username="t-gs-prosecutor", address=OFFICE, user=gs_prosecutor, cache=two
        )
    )
    attempt = sign_in_attempt(username="t-gs-prosecutor", address=OFFICE, user=None, cache=one)
    assert attempt.wait == 0


def test_one_attempt_at_a_time_is_checked_once_the_wait_is_over(clock, shared_cache):
    for _ in range(4):
        sign_in_failure_record(
            attempt=sign_in_attempt(username="nobody", address=ATTACKER, user=None)
        )
    clock.shift(1)
    first = sign_in_attempt(username="nobody", address=ATTACKER, user=None)
    parallel = sign_in_attempt(username="nobody", address="192.0.2.5", user=None)
    assert first.wait == 0 and parallel.wait == 2  # the next wait, if the first one fails
    sign_in_failure_record(attempt=first)
    clock.shift(2)
    assert sign_in_attempt(username="nobody", address="192.0.2.5", user=None).wait == 0


def test_fifty_wrong_passwords_do_not_stop_the_owner_of_a_second_factor(
    client, clock, settings, shared_cache, gs_chief
):
    settings.SECOND_FACTOR_ENFORCED = True
    for _ in range(50):
        fail_until_checked(clock, gs_chief.username, ATTACKER)
    failed = AuditEntry.objects.filter(action=Action.SIGN_IN_FAILED, username=gs_chief.username)
    assert failed.count() == 50
    assert {entry.procuratorate.code for entry in failed} == {"GS"}
    assert {entry.address for entry in failed} == {ATTACKER}
    # The attacker's address still waits, even with the right password ...
    user, wait = sign_in(gs_chief.username, PASSWORD, ATTACKER)
    assert user is None and wait == 300
    # ... the chief, elsewhere, does not: the password step succeeds at once.
    user, wait = sign_in(gs_chief.username, PASSWORD, OFFICE)
    assert user == gs_chief and wait is None
    for _ in range(50):
        fail_until_checked(clock, gs_chief.username, ATTACKER)
    response = client.post(
        reverse("login"),
        {"username": gs_chief.username, "password": PASSWORD},
        REMOTE_ADDR=OFFICE,
    )
    # The password step succeeds; the second step follows.
    assert response.status_code == 302
    assert client.get(reverse("home")).url.startswith(reverse("second-factor-verify"))
    assert not AuditEntry.objects.filter(action=Action.SIGN_IN_THROTTLED, address=OFFICE).exists()


def test_the_account_delay_stops_guesses_from_many_addresses(client, clock, gs_prosecutor):
    for number in range(1, 5):
        fail_until_checked(clock, gs_prosecutor.username, f"192.0.2.{number}")
    # Even the right password is not checked during the wait, from a fifth address.
    response = client.post(
        reverse("login"),
        {"username": gs_prosecutor.username, "password": PASSWORD},
        REMOTE_ADDR="192.0.2.5",
    )
    content = response.content.decode()
    assert response.status_code == 200 and "_auth_user_id" not in client.session
    assert "登录失败次数过多" in content and "1 秒" in content
    refused = AuditEntry.objects.get(action=Action.SIGN_IN_THROTTLED)
    assert refused.username == gs_prosecutor.username
    assert refused.outcome == AuditEntry.Outcome.REFUSED
    assert refused.procuratorate.code == "GS" and refused.address == "192.0.2.5"
    # Twelve more guesses, each from a new address, and the wait has grown to five minutes.
    for number in range(6, 18):
        fail_until_checked(clock, gs_prosecutor.username, f"192.0.2.{number}")
    user, wait = sign_in(gs_prosecutor.username, PASSWORD, "192.0.2.200")
    assert user is None and wait == 300
    clock.shift(300)
    user, wait = sign_in(gs_prosecutor.username, PASSWORD, "192.0.2.200")
    assert user == gs_prosecutor


def test_a_success_forgets_the_account_not_the_address(clock, gs_prosecutor, sn_prosecutor):
    for _ in range(3):
        fail_until_checked(clock, gs_prosecutor.username, OFFICE)
    assert sign_in(gs_prosecutor.username, PASSWORD, OFFICE)[0] == gs_prosecutor
    for _ in range(3):  # free again: the account's failures were forgotten
        assert sign_in(gs_prosecutor.username, "wrong", OFFICE) == (None, None)
    # The office's address remembers those six, and a colleague's five more.
    for _ in range(5):
        fail_until_checked(clock, sn_prosecutor.username, OFFICE)
    _user, wait = sign_in("t-gs-liaison", "wrong", OFFICE)
    assert wait == 1


def test_every_failed_password_is_recorded(gs_prosecutor):
    sign_in(gs_prosecutor.username, "wrong", OFFICE, HTTP_USER_AGENT="Firefox")
    sign_in("no-such-user", "wrong", OFFICE)
    known, unknown = AuditEntry.objects.filter(action=Action.SIGN_IN_FAILED).order_by("pk")
    assert known.outcome == unknown.outcome == AuditEntry.Outcome.FAILURE
    assert (known.username, known.procuratorate.code) == (gs_prosecutor.username, "GS")
    assert (known.address, known.user_agent, known.actor) == (OFFICE, "Firefox", None)
    assert (unknown.username, unknown.procuratorate) == ("no-such-user", None)
    assert sign_in(gs_prosecutor.username, PASSWORD, OFFICE)[0] == gs_prosecutor
    assert AuditEntry.objects.filter(action=Action.SIGN_IN_FAILED).count() == 2


def test_the_admin_login_and_the_token_endpoint_wait_too(client, clock, gs_prosecutor):
    for _ in range(4):
        fail_until_checked(clock, gs_prosecutor.username, ATTACKER)
    clock.shift(dt.timedelta(minutes=2))
    for _ in range(6):
        fail_until_checked(clock, gs_prosecutor.username, ATTACKER)
    response = client.post(
        "/admin/login/",
        {"username": gs_prosecutor.username, "password": PASSWORD},
        REMOTE_ADDR=OFFICE,
    )
    assert "登录失败次数过多" in response.content.decode() and "2 分钟" in response.content.decode()
    response = client.post(
        "/api/v1/auth/token/",
        {"username": gs_prosecutor.username, "password": PASSWORD, "name": "sync"},
        content_type="application/json",
        REMOTE_ADDR=OFFICE,
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 429
    assert response["Retry-After"] == "64"
    assert response.json() == {
        "code": "throttled",
        "message": "Too many failed sign-ins from this address or for this account. For the "
        "account's safety, wait 2 minutes, then try again.",
    }
    assert AuditEntry.objects.filter(action=Action.SIGN_IN_THROTTLED, address=OFFICE).count() == 2
    clock.shift(64)
    response = client.post(
        "/api/v1/auth/token/",
        {"username": gs_prosecutor.username, "password": PASSWORD, "name": "sync"},
        content_type="application/json",
        REMOTE_ADDR=OFFICE,
    )
    assert response.status_code == 201


def test_a_forged_forwarded_for_does_not_reset_the_address_delay(clock, settings):
    """Failures for many names from one address, each with a new X-Forwarded-For."""
    for number in range(11):
        forged = {"HTTP_X_FORWARDED_FOR": f"192.0.2.{number}"}
        assert sign_in(f"name-{number}", "wrong", ATTACKER, **forged) == (None, None)
    _user, wait = sign_in("name-99", "wrong", ATTACKER, HTTP_X_FORWARDED_FOR="192.0.2.99")
    assert wait == 1
    assert set(AuditEntry.objects.values_list("address", flat=True)) == {ATTACKER}
    # Behind a trusted proxy, the forwarded address is the one that counts.
    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]
    proxy = "10.0.0.2"
    for number in range(11):
        forwarded = {"HTTP_X_FORWARDED_FOR": "192.0.2.77"}
        assert sign_in(f"other-{number}", "wrong", proxy, **forwarded) == (None, None)
    assert sign_in("next", "wrong", proxy, HTTP_X_FORWARDED_FOR="192.0.2.77")[1] == 1
    assert sign_in("next", "wrong", proxy, HTTP_X_FORWARDED_FOR="192.0.2.78") == (None, None)


def token_answers(client, user, times, remote, forwarded):
    return [
        client.post(
            "/api/v1/auth/token/",
            {"username": user.username, "password": PASSWORD, "name": f"sync {number}"},
            REMOTE_ADDR=remote,
            HTTP_X_FORWARDED_FOR=forwarded(number),
        ).status_code
        for number in range(times)
    ]


def test_a_forged_forwarded_for_does_not_reset_the_token_rate_limit(
    client, clock, settings, shared_cache, gs_prosecutor
):
    answers = token_answers(client, gs_prosecutor, 25, ATTACKER, lambda n: f"192.0.2.{n}")
    assert answers.count(201) == 20 and answers.count(429) == 5
    # Behind a trusted proxy, each forwarded address has its own 20 a minute.
    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]
    answers = token_answers(client, gs_prosecutor, 25, "10.0.0.2", lambda n: f"192.0.2.{n}")
    assert answers.count(201) == 25
    answers = token_answers(client, gs_prosecutor, 25, "10.0.0.2", lambda n: "192.0.2.200")
    assert answers.count(201) == 20 and answers.count(429) == 5
    # The limit is counted in the shared cache: another worker sees it.
    other = caches.create_connection("shared")
    assert len(other.get("throttle_token_192.0.2.200")) == 20
