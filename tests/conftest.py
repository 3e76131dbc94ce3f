"""Shared fixtures: the clock, users of several provinces, a Celery worker, a headless browser."""

import datetime as dt
import os
import shutil
import threading
from contextlib import contextmanager
from zoneinfo import ZoneInfo

import pytest
import time_machine
from celery.contrib.testing.worker import start_worker
from django.core.cache import cache
from django.core.cache.backends.redis import RedisCache
from django.db import connection, transaction
from django.utils import translation

from portal.celery import app as celery_app
from portal.models import Role
from tests.factories import ProcuratorateFactory, member, person

SHANGHAI = ZoneInfo("Asia/Shanghai")
# A Monday of 2026, a working day, whose chair is Gansu (the rotation from 2020: GS, SN, ...).
DEFAULT_NOW = dt.datetime(2026, 3, 2, 9, 0, tzinfo=SHANGHAI)


def pytest_addoption(parser):
    parser.addoption(
        "--today",
        metavar="MOMENT",
        help="run the whole suite as if it were this moment (ISO 8601 with its offset, e.g. "
        "2026-12-31T23:30+08:00); the clock ticks on from there",
    )


def pytest_configure(config):
    """`--today`: move the clock for the whole run before any test starts."""
    config.addinivalue_line(
        "markers",
        "clock(moment, tick=True): the moment the `clock` fixture travels to (default "
        f"{DEFAULT_NOW.isoformat()})",
    )
    moment = config.getoption("--today")
    if moment:
        traveller = time_machine.travel(today_option(moment), tick=True)
        traveller.start()
        config.add_cleanup(traveller.stop)


def today_option(value: str) -> dt.datetime:
    try:
        moment = dt.datetime.fromisoformat(value)
    except ValueError:
        raise pytest.UsageError(f"--today={value}: not an ISO 8601 moment") from None
    if moment.tzinfo is None:
        raise pytest.UsageError(f"--today={value}: give the offset, e.g. +08:00") from None
    return moment


def pytest_collection_modifyitems(config, items):
    """With --today, the tests on the `clock` fixture are left out: they run at the moment they
    set, the same whatever today is, and the plain run has run them already."""
    if not config.getoption("--today"):
        return
    pinned = [item for item in items if "clock" in getattr(item, "fixturenames", ())]
    if pinned:
        config.hook.pytest_deselected(items=pinned)
        items[:] = [item for item in items if "clock" not in getattr(item, "fixturenames", ())]


def pytest_report_header(config):
    moment = config.getoption("--today")
    return f"today (--today): {moment}" if moment else None


@pytest.fixture
def clock(request):
    """The one clock of the suite: every test whose outcome depends on the date sets it here.

    The moment comes from the test's `clock` marker (`pytestmark = pytest.mark.clock(NOW)`,
    `tick=False` to stop it), else DEFAULT_NOW. The fixture yields time-machine's traveller, so a
    test can `clock.move_to(...)` or `clock.shift(...)`.
    """
    marker = request.node.get_closest_marker("clock")
    moment = marker.args[0] if marker and marker.args else DEFAULT_NOW
    tick = marker.kwargs.get("tick", True) if marker else True
    with time_machine.travel(moment, tick=tick) as traveller:
        yield traveller


@pytest.fixture(autouse=True)
def no_grants_remembered():
    """Each test starts with empty grant tables, and the cache knows it, as a process that has
    listed once does: what an earlier test's grants left there (rolled back, not deleted) is
    replaced, and the pinned query counts do not depend on which test ran first."""
    from portal.grant_tables import flag_key, guarded_models

    cache.set_many({flag_key(model): False for model in guarded_models()}, timeout=None)


@pytest.fixture(autouse=True)
def no_sign_in_failures():
    """Each test starts with no failed sign-ins counted: the shared cache is Redis, which no
    transaction rolls back (its table, without Redis, is emptied with the database)."""
    from django.core.cache import caches

    shared = caches["shared"]
    if isinstance(shared, RedisCache):
        client = shared._cache.get_client(write=True)
        keys = list(client.scan_iter(match=f"{shared.key_prefix}:*", count=1000))
        if keys:
            client.delete(*keys)


@pytest.fixture(autouse=True)
def default_language():
    """Each test starts in the default language: a page read in English (the middleware
    activates the reader's language and leaves it active) must not turn the next test's
    messages English."""
    yield
    translation.deactivate()


@pytest.fixture
def gs_prosecutor(db):
    return person("t-gs-prosecutor", "GS", Role.PROSECUTOR)


@pytest.fixture
def gs_liaison(db):
    return person("t-gs-liaison", "GS", Role.LIAISON)


@pytest.fixture
def sn_prosecutor(db):
    return person("t-sn-prosecutor", "SN", Role.PROSECUTOR)


@pytest.fixture
def qh_liaison(db):
    """An outsider: a liaison officer of another province, who must get nothing."""
    return person("t-qh-liaison", "QH", Role.LIAISON)


@pytest.fixture
def celery_worker_on_redis(transactional_db):
    """A real Celery worker thread consuming from Redis (not eager mode)."""
    celery_app.conf.task_always_eager = False
    try:
        with start_worker(celery_app, pool="solo", perform_ping_check=False, shutdown_timeout=30):
            yield celery_app
    finally:
        celery_app.conf.task_always_eager = True


@pytest.fixture
def broker_down(transactional_db):
    """Publishing to a broker nobody listens at (Redis stopped); the tasks' rows stay pending."""
    from portal import services

    conf = celery_app.conf
    original = conf.broker_url
    conf.task_always_eager = False
    conf.broker_url = "redis://127.0.0.1:1/0"  # nothing listens there
    celery_app._pool = None
    celery_app.amqp._producer_pool = None
    try:
        yield
    finally:
        conf.broker_url = original
        conf.task_always_eager = True
        celery_app._pool = None
        celery_app.amqp._producer_pool = None
        services._broker_down_until = 0.0  # the next test finds the broker up


@pytest.fixture
def locked_elsewhere(transactional_db):
    """Lock the rows of a queryset in another connection for the length of a `with` block."""

    @contextmanager
    def hold(queryset):
        locked, release = threading.Event(), threading.Event()

        def run():
            try:
                with transaction.atomic():
                    list(queryset)
                    locked.set()
                    release.wait(60)
            finally:
                connection.close()

        thread = threading.Thread(target=run)
        thread.start()
        try:
            assert locked.wait(10), "the rows could not be locked"
            yield
        finally:
            release.set()
            thread.join(60)

    return hold


@pytest.fixture(scope="session")
def browser():
    """Debian's headless Chromium, driven by Playwright."""
    from playwright.sync_api import sync_playwright

    executable = shutil.which("chromium") or "/usr/bin/chromium"
    if not os.path.exists(executable):
        pytest.fail("Chromium is missing: `make test` installs Debian's chromium package.")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=executable,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield browser
        browser.close()


def watch_csp(context, live_server, problems: list[str]) -> list[str]:
    """What breaks the Content-Security-Policy in a browser context: every page of the portal
    must carry the header, and Chromium must report no violation (an inline script or style,
    an outside asset). The fixtures below fail the test at teardown when `problems` is not
    empty."""

    def on_console(message):
        if "Content Security Policy" in message.text:
            where = message.location.get("url", "")
            problems.append(f"{message.page.url if message.page else ''} ({where}): {message.text}")

    def on_response(response):
        page = response.request.resource_type == "document"
        ours = response.url.startswith(live_server.url)
        if page and ours and "content-security-policy" not in response.headers:
            problems.append(f"{response.url}: no Content-Security-Policy header")

    context.on("console", on_console)
    context.on("response", on_response)
    return problems


@pytest.fixture
def sign_in(browser, live_server):
    """Open Chinese browser sessions, each signed in as one demo user (password "demo")."""
    contexts, problems = [], []

    def open_as(username):
        context = browser.new_context(
            locale="zh-CN",
            timezone_id="Asia/Shanghai",
            base_url=live_server.url,
            accept_downloads=True,
            viewport={"width": 1280, "height": 900},
        )
        contexts.append(context)
        watch_csp(context, live_server, problems)
        page = context.new_page()
        page.set_default_timeout(20_000)
        page.goto("/accounts/login/")
        page.fill("input[name=username]", username)
        page.fill("input[name=password]", "demo")
        page.click("[data-testid=login-submit]")
        page.wait_for_url("**/")
        return page

    yield open_as
    for context in contexts:
        context.close()
    assert not problems, "\n".join(problems)


@pytest.fixture
def page(browser, live_server):
    """A fresh Chinese-language browser tab for one test."""
    context = browser.new_context(
        locale="zh-CN", timezone_id="Asia/Shanghai", base_url=live_server.url
    )
    problems = watch_csp(context, live_server, [])
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()
    assert not problems, "\n".join(problems)


@pytest.fixture
def qh_prosecutor(db):
    return person("t-qh-prosecutor", "QH", Role.PROSECUTOR)


@pytest.fixture
def nx_prosecutor(db):
    """An outsider to requests between Gansu and Qinghai."""
    return person("t-nx-prosecutor", "NX", Role.PROSECUTOR)


@pytest.fixture
def xining(db):
    return ProcuratorateFactory(
        code="QH-XN", name_zh="西宁市人民检察院", short_name="西宁", parent=member("QH")
    )


@pytest.fixture
def xining_prosecutor(xining):
    return person("t-qh-city-prosecutor", "QH", Role.PROSECUTOR, procuratorate=xining)


@pytest.fixture
def sn_liaison(db):
    """A liaison officer (and typical-case reviewer) of Shaanxi."""
    return person("t-sn-liaison", "SN", Role.LIAISON)


@pytest.fixture
def gs_researcher(db):
    return person("t-gs-researcher", "GS", Role.RESEARCHER)


@pytest.fixture
def lanzhou(db):
    return ProcuratorateFactory(code="GS-LZ", name_zh="兰州市人民检察院", parent=member("GS"))


@pytest.fixture
def lanzhou_prosecutor(lanzhou):
    return person("t-gs-city-prosecutor", "GS", Role.PROSECUTOR, procuratorate=lanzhou)


@pytest.fixture(scope="session", autouse=True)
def signing_keys(django_db_setup, django_db_blocker):
    """The tests' own demo CA and a certificate per member procuratorate, in a temporary folder
    (tests/settings.py); one made by a factory gets its certificate on first use."""
    from django.conf import settings
    from django.core.management import call_command

    folder = settings.SIGNING_KEYS_DIR
    with django_db_blocker.unblock():
        call_command("make_demo_certificates", stdout=open(os.devnull, "w"))  # noqa: SIM115
    yield folder
    if folder.name.startswith("portal-signing-tests-"):
        shutil.rmtree(folder, ignore_errors=True)
