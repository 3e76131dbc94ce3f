"""Two people at once, on PostgreSQL with real connections: numbers and conflicting steps."""

import threading
import time

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, transaction

from cases.models import AssistanceRequest, RequestEvent, Status
from cases.requests import services
from tests.factories import make_request, signoff_people

pytestmark = pytest.mark.django_db(transaction=True)


def in_thread(function, results, key):
    """Run `function` in a thread with its own database connection; keep result or error."""

    def run():
        try:
            results[key] = function()
        except Exception as error:
            results[key] = error
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    return thread


def test_numbers_are_gap_free_and_unique_under_concurrency(gs_prosecutor, qh_liaison):
    # The number is taken at 签发: six letters reviewed, then signed off at once.
    reviewer, chief = signoff_people(gs_prosecutor.procuratorate)
    drafts = []
    for _ in range(6):
        draft = make_request(gs_prosecutor)
        draft = services.request_transition(user=gs_prosecutor, request=draft, action="submit")
        drafts.append(services.request_transition(user=reviewer, request=draft, action="review"))
    barrier = threading.Barrier(len(drafts))
    results = {}

    def submit(draft):
        barrier.wait()
        return services.request_transition(user=chief, request=draft, action="sign_off")

    threads = [in_thread(lambda d=d: submit(d), results, d.pk) for d in drafts]
    for thread in threads:
        thread.join(60)
    assert all(isinstance(r, AssistanceRequest) for r in results.values()), results
    numbers = sorted(
        int(number.split("〕")[1].removesuffix("号"))
        for number in AssistanceRequest.objects.values_list("number", flat=True)
    )
    assert numbers == [1, 2, 3, 4, 5, 6]


def test_a_failed_submission_gives_its_number_back(gs_prosecutor):
    reviewer, chief = signoff_people(gs_prosecutor.procuratorate)
    first = make_request(gs_prosecutor)
    first = services.request_transition(user=gs_prosecutor, request=first, action="submit")
    first = services.request_transition(user=reviewer, request=first, action="review")
    with pytest.raises(RuntimeError), transaction.atomic():
        services.request_transition(user=chief, request=first, action="sign_off")
        raise RuntimeError("something later in the same transaction failed")
    second = make_request(gs_prosecutor, submit=True)
    assert second.number.endswith("〕1号")


def test_conflicting_steps_cannot_both_succeed(gs_prosecutor, qh_liaison):
    request = make_request(gs_prosecutor, submit=True)
    withdrawn = threading.Event()
    results = {}

    def withdraw_and_hold():
        with transaction.atomic():
            services.request_transition(user=gs_prosecutor, request=request, action="withdraw")
            withdrawn.set()
            time.sleep(0.8)  # keep the row locked while the other side tries to accept
        return "withdrawn"

    def accept():
        withdrawn.wait(10)
        began = time.monotonic()
        try:
            services.request_transition(user=qh_liaison, request=request, action="accept")
            return ("accepted", time.monotonic() - began)
        except ValidationError as error:
            return (error, time.monotonic() - began)

    threads = [
        in_thread(withdraw_and_hold, results, "requester"),
        in_thread(accept, results, "liaison"),
    ]
    for thread in threads:
        thread.join(60)
    assert results["requester"] == "withdrawn"
    outcome, waited = results["liaison"]
    assert isinstance(outcome, ValidationError), outcome  # refused: it is withdrawn now
    assert waited >= 0.5  # it waited for the lock instead of reading a stale status
    request.refresh_from_db()
    assert request.status == Status.WITHDRAWN
    assert not RequestEvent.objects.filter(request=request, action="accept").exists()
