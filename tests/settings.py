"""Settings of the test suite: the real PostgreSQL and Redis of the machine."""

import os
from datetime import timedelta

os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/portal")
os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:6379/15")
os.environ.setdefault("SECRET_KEY", "tests-only-secret-key-not-for-production")
# Playwright's sync API runs an event loop in the test thread; Django's live server is safe here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
# Every issued PDF is signed: the tests make their own demo CA in a folder of their own (a
# Celery worker started by a test inherits it through the environment), removed at the end.
if "SIGNING_KEYS_DIR" not in os.environ:
    import tempfile

    os.environ["SIGNING_KEYS_DIR"] = tempfile.mkdtemp(prefix="portal-signing-tests-")
os.environ.setdefault("SIGNING_DEMO_CA", "1")

from portal.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Tasks run in-process by default; the tests about Celery start a real worker on Redis.
CELERY_TASK_ALWAYS_EAGER = True
PRIVATE_STORAGE_ROOT = BASE_DIR / "var" / "test-private"  # noqa: F405
WHITENOISE_USE_FINDERS = True
STATIC_ROOT = None
DATABASES["default"]["CONN_MAX_AGE"] = 0  # noqa: F405
# Many tests move the clock by days between two requests of one signed-in client: the session
# limits are the business of tests/portal/test_sessions.py, which sets them as production has
# them; elsewhere a session outlives the test.
SESSION_IDLE_TIMEOUT = SESSION_ABSOLUTE_TIMEOUT = timedelta(days=3650)
# Likewise the second factor is the business of tests/portal/test_second_factor.py (which turns
# it on); elsewhere a password signs a test's users in.
SECOND_FACTOR_ENFORCED = False

# What a Celery worker started by a test (tests/portal/test_worker_crash.py) is told by its
# environment: where its mail server writes, and how soon a dead worker's claim expires.
if os.environ.get("EMAIL_FILE_PATH"):
    EMAIL_FILE_PATH = os.environ["EMAIL_FILE_PATH"]
if os.environ.get("TEST_CLAIM_EXPIRES_SECONDS"):
    NOTIFICATION_EMAIL_CLAIM_EXPIRES = timedelta(
        seconds=int(os.environ["TEST_CLAIM_EXPIRES_SECONDS"])
    )
