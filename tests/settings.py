"""Settings of the test suite: the real PostgreSQL and Redis of the machine."""

import os

os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/portal")
os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:6379/15")
os.environ.setdefault("SECRET_KEY", "tests-only-secret-key-not-for-production")
# Playwright's sync API runs an event loop in the test thread; Django's live server is safe here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

from portal.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Tasks run in-process by default; the tests about Celery start a real worker on Redis.
CELERY_TASK_ALWAYS_EAGER = True
PRIVATE_STORAGE_ROOT = BASE_DIR / "var" / "test-private"  # noqa: F405
WHITENOISE_USE_FINDERS = True
STATIC_ROOT = None
DATABASES["default"]["CONN_MAX_AGE"] = 0  # noqa: F405
