"""A real Celery worker on Redis, killed (`kill -9`) in the middle of a task: once a second
worker has taken over, every letter is one file and every e-mail arrived once."""

import datetime as dt
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import redis
import time_machine
from django.conf import settings
from django.db import connection, transaction

from cases.models import Letter
from cases.requests.tasks import requeue_pending_letters
from portal.celery import app as celery_app
from portal.models import Notification
from portal.tasks import requeue_pending_notification_emails
from tests.factories import make_request

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.django_db(transaction=True)


def start_worker(outbox: Path, backend: str, name: str) -> subprocess.Popen:
    """`celery worker` in its own process, on this test's database and Redis."""
    database = connection.settings_dict
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.settings",
        "DATABASE_URL": f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}/"
        f"{database['NAME']}",
        "REDIS_URL": settings.REDIS_URL,
        "EMAIL_BACKEND": backend,
        "EMAIL_FILE_PATH": str(outbox),
        "TEST_CLAIM_EXPIRES_SECONDS": "2",
    }
    command = [sys.executable, "-m", "celery", "-A", "portal", "worker", "--pool=solo"]
    command += ["--without-mingle", "--without-gossip", "-n", f"{name}@%h", "-l", "warning"]
    return subprocess.Popen(command, cwd=ROOT, env=env)


def wait_for(condition, seconds=60, pause=0.2) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(pause)
    raise AssertionError(f"not reached in {seconds} s: {condition.__doc__}")


@pytest.fixture
def empty_queue():
    """Redis's test database holds no message of an earlier test, before and after."""
    broker = redis.Redis.from_url(settings.REDIS_URL)
    broker.flushdb()
    celery_app.conf.task_always_eager = False
    yield
    celery_app.conf.task_always_eager = True
    broker.flushdb()


def test_a_worker_killed_mid_task_leaves_one_file_and_one_email(
    gs_prosecutor, qh_liaison, tmp_path, empty_queue
):
    outbox = tmp_path / "outbox"
    outbox.mkdir()
    with transaction.atomic():  # the letter and the notices go to Redis at commit
        request = make_request(gs_prosecutor, submit=True)
    letter = Letter.objects.get(request=request, kind="request")
    emailed = Notification.objects.filter(email_state=Notification.EmailState.PENDING)
    assert emailed.exists()

    first = start_worker(outbox, "tests.mail_backends.SlowMailServer", "first")
    try:

        def sending():
            """The first worker is in the middle of sending an e-mail."""
            return (outbox / "sending").exists()

        wait_for(sending)
    finally:
        first.send_signal(signal.SIGKILL)
        first.wait(30)
    (outbox / "sending").unlink()
    assert not [path for path in outbox.iterdir()]  # the slow server accepted nothing
    assert Notification.objects.filter(email_claimed_at__isnull=False).exists()

    second = start_worker(outbox, "django.core.mail.backends.filebased.EmailBackend", "second")
    try:

        def all_done():
            """Every e-mail is sent and the letter issued."""
            # Beat's re-queue jobs, each run as if minutes later: what is still pending (its
            # message died with the worker) is queued again.
            with time_machine.travel(dt.timedelta(minutes=10)):
                requeue_pending_notification_emails()
                requeue_pending_letters()
            letter.refresh_from_db()
            return letter.state == Letter.State.ISSUED and not emailed.exists()

        wait_for(all_done, pause=1)
    finally:
        second.terminate()
        second.wait(30)

    sent = list(Notification.objects.filter(email_state=Notification.EmailState.SENT))
    arrived = "".join(path.read_text() for path in outbox.iterdir())
    for notification in sent:
        assert arrived.count(f"Message-ID: {notification.email_message_id}") == 1
    assert arrived.count("Message-ID: ") == len(sent) > 0
    folder = Path(letter.file.storage.path("letters"))
    assert [p.name for p in folder.glob(f"request-{request.pk}-{letter.pk}*")] == [
        Path(letter.file.name).name
    ]
