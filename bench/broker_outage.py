"""Benchmark: what a web request pays to queue its tasks while Redis is down. Prints numbers;
asserts nothing.

Run with `make bench` or `.venv/bin/python bench/broker_outage.py`; it needs no database. It
publishes to a broker address where nothing listens (as when Redis is stopped) through
`portal.services.publish`, the path every service's `queue_after_commit` takes: the first
publish tries the broker once, and the next ones within BROKER_DOWN_PAUSE are skipped (their
pending rows wait for beat). It prints the first publish's time and the median of the next.
"""

import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")

import logging

import django

django.setup()
logging.getLogger("portal.services").setLevel(logging.CRITICAL)  # one line per publish

from portal import services  # noqa: E402
from portal.celery import app  # noqa: E402

TASKS = 50


def timed_publish(task) -> float:
    started = time.perf_counter()
    services.publish(task, 1)
    return (time.perf_counter() - started) * 1000


def main() -> None:
    app.conf.task_always_eager = False
    app.conf.broker_url = "redis://127.0.0.1:1/0"  # nothing listens there
    app._pool = None
    app.amqp._producer_pool = None
    task = services.task_named("portal.send_notification_email")
    first = timed_publish(task)
    rest = [timed_publish(task) for _ in range(TASKS - 1)]
    print(f"broker down: first publish {first:.1f} ms (one attempt, no retry)")
    print(f"broker down: next {TASKS - 1} publishes, median {statistics.median(rest):.3f} ms")


if __name__ == "__main__":
    main()
