"""Nothing lost, nothing twice, no 500: each failure injected in-process at the step it hits."""

import datetime as dt
import json
import logging
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend as LocmemBackend
from django.db import OperationalError, connection, transaction

from cases.models import AssistanceRequest, Letter
from cases.requests.tasks import render_letter
from portal.celery import app as celery_app
from portal.models import Notification
from portal.pdf import issue_pdf_once
from portal.services import notify
from portal.tasks import send_email_digest, send_notification_email
from tests.factories import INTERROGATION_DETAILS, make_request, member, request_payload

VERB = "Request %(number)s was submitted to you."


class WorkerKilled(BaseException):
    """The worker dies: not an error any handler catches, like `kill -9` half-way."""


class DiesAfterSendingBackend(LocmemBackend):
    """The mail server takes the message, then the worker dies before it can record that."""

    def send_messages(self, messages):
        super().send_messages(messages)
        raise WorkerKilled()


@pytest.fixture
def retries_in_process():
    """Eager retries re-run in-process only when eager errors do not propagate (Celery's rule)."""
    celery_app.conf.task_eager_propagates = False
    yield
    celery_app.conf.task_eager_propagates = True


def fail_once(statement: str):
    """A database wrapper that drops the connection the first time `statement` runs."""
    failed = []

    def wrapper(execute, sql, params, many, context):
        if not failed and sql.startswith(statement):
            failed.append(sql)
            raise OperationalError("server closed the connection unexpectedly")
        return execute(sql, params, many, context)

    wrapper.failed = failed
    return wrapper


def pending_notice(user, number: str) -> Notification:
    """A notification whose e-mail waits for its task (as it is before the commit queues it)."""
    return Notification.objects.create(recipient=user, verb=VERB, params={"number": number})


# 1. The e-mail task locks its notification row, never the recipient's user row.


@pytest.mark.django_db(transaction=True)
def test_an_email_goes_while_its_recipient_row_is_locked(gs_prosecutor, locked_elsewhere):
    notification = pending_notice(gs_prosecutor, "L-1")
    users = get_user_model().objects.select_for_update().filter(pk=gs_prosecutor.pk)
    with locked_elsewhere(users):  # a submission notifying the same person, mid-transaction
        send_notification_email(notification.pk)
    notification.refresh_from_db()
    assert notification.email_state == Notification.EmailState.SENT
    assert [m.to for m in mail.outbox] == [[gs_prosecutor.email]]


@pytest.mark.django_db(transaction=True)
def test_a_digest_goes_while_its_recipient_row_is_locked(gs_prosecutor, locked_elsewhere):
    Notification.objects.create(
        recipient=gs_prosecutor,
        verb=VERB,
        params={"number": "D-1"},
        email_state=Notification.EmailState.DIGEST,
    )
    users = get_user_model().objects.select_for_update().filter(pk=gs_prosecutor.pk)
    with locked_elsewhere(users):
        assert send_email_digest(gs_prosecutor.pk) == 1
    assert Notification.objects.get().email_state == Notification.EmailState.SENT
    assert len(mail.outbox) == 1


# 4. A worker that dies between sending and recording does not send the e-mail twice.


def test_an_email_sent_by_a_worker_that_died_is_not_sent_again_while_its_claim_holds(
    gs_prosecutor, settings, clock
):
    notification = pending_notice(gs_prosecutor, "K-1")
    settings.EMAIL_BACKEND = "tests.portal.test_reliability.DiesAfterSendingBackend"
    with pytest.raises(WorkerKilled):
        send_notification_email(notification.pk)
    assert len(mail.outbox) == 1
    notification.refresh_from_db()
    assert notification.email_claimed_at is not None and notification.email_message_id
    first_id = mail.outbox[0].extra_headers["Message-ID"]
    assert first_id == notification.email_message_id

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    clock.shift(dt.timedelta(minutes=5))  # the task is delivered again, and beat re-queues it
    send_notification_email(notification.pk)
    send_notification_email(notification.pk)
    assert len(mail.outbox) == 1

    # A claim older than any send belonged to a dead worker: the notice goes again, as the
    # same message (at least once, never silently lost).
    clock.shift(settings.NOTIFICATION_EMAIL_CLAIM_EXPIRES)
    send_notification_email(notification.pk)
    assert len(mail.outbox) == 2
    assert mail.outbox[1].extra_headers["Message-ID"] == first_id
    notification.refresh_from_db()
    assert notification.email_state == Notification.EmailState.SENT


# 2. One issued document is one file.


def letter_files(letter: Letter) -> list[str]:
    folder = Path(letter.file.storage.path("letters"))
    return sorted(p.name for p in folder.glob(f"request-{letter.request_id}-{letter.pk}*"))


def pending_letter(user) -> Letter:
    """A submitted request's letter, still pending (nothing commits in the test), with no file
    under its name left by an earlier run of the suite."""
    request = make_request(user, submit=True)
    letter = Letter.objects.get(request=request, kind="request")
    for name in letter_files(letter):
        letter.file.storage.delete(f"letters/{name}")
    return letter


def test_a_letter_whose_row_could_not_be_saved_leaves_no_second_file(gs_prosecutor):
    letter = pending_letter(gs_prosecutor)
    queryset = Letter.objects.select_related("request", "issuer")
    drop = fail_once(f'UPDATE "{Letter._meta.db_table}"')
    from cases.requests.letters import letter_pdf

    def name(row):
        return f"{row.kind}-{row.request_id}-{row.pk}.pdf"

    with connection.execute_wrapper(drop), pytest.raises(OperationalError):
        issue_pdf_once(queryset, letter.pk, render=letter_pdf, filename=name)
    letter.refresh_from_db()
    assert drop.failed and letter.state == Letter.State.PENDING
    issue_pdf_once(queryset, letter.pk, render=letter_pdf, filename=name)
    letter.refresh_from_db()
    assert letter.state == Letter.State.ISSUED
    assert letter_files(letter) == [Path(letter.file.name).name]
    assert letter.file.read(4) == b"%PDF"


# 3. A dropped database connection is retried like any transient error.


def test_a_letter_task_is_retried_after_the_database_dropped(gs_prosecutor, retries_in_process):
    letter = pending_letter(gs_prosecutor)
    drop = fail_once(f'UPDATE "{Letter._meta.db_table}"')
    with connection.execute_wrapper(drop):
        render_letter.apply(args=[letter.pk], throw=False)
    letter.refresh_from_db()
    assert drop.failed
    assert letter.state == Letter.State.ISSUED
    assert letter_files(letter) == [Path(letter.file.name).name]


def test_an_email_task_is_retried_after_the_database_dropped(gs_prosecutor, retries_in_process):
    notification = pending_notice(gs_prosecutor, "R-1")
    drop = fail_once(f'UPDATE "{Notification._meta.db_table}"')
    with connection.execute_wrapper(drop):
        send_notification_email.apply(args=[notification.pk], throw=False)
    notification.refresh_from_db()
    assert drop.failed
    assert notification.email_state == Notification.EmailState.SENT
    assert len(mail.outbox) == 1


# 5 and 6. What the API cannot store or parse is a 400 naming it, never a 500.

API = "/api/v1/requests/"


def request_body(**overrides) -> dict:
    return request_payload(member("QH"), **overrides)


def post_raw(client, body: str | bytes, path=API, **headers):
    return client.generic(
        "POST", path, body, content_type="application/json", HTTP_ACCEPT_LANGUAGE="en", **headers
    )


@pytest.mark.parametrize(
    ("field", "escaped"),
    [
        ("details", "\\ud800"),
        ("details", "\\u0000"),
        ("case_name", "\\udfff"),
        ("case_name", "\\u0000"),
    ],
)
def test_a_lone_surrogate_or_nul_is_refused_naming_the_field(client, gs_prosecutor, field, escaped):
    client.force_login(gs_prosecutor)
    body = request_body()
    if field == "details":
        body["details"]["questions"] = "MARK"
    else:
        body["case_name"] = "MARK"
    response = post_raw(client, json.dumps(body).replace("MARK", f"资金{escaped}流向"))
    assert response.status_code == 400, response.content
    assert response["Content-Type"] == "application/json"
    error = response.json()
    assert error["code"] == "invalid"
    assert error["fields"][field] == ["Text may not contain NUL characters or unpaired surrogates."]
    assert not AssistanceRequest.objects.exists()


def test_deeply_nested_json_is_a_400(client, gs_prosecutor):
    client.force_login(gs_prosecutor)
    response = post_raw(client, "[" * 100_000 + "]" * 100_000)
    assert response.status_code == 400
    assert response.json()["code"] == "parse_error"
    nested = "x"
    for _ in range(33):
        nested = [nested]
    response = post_raw(client, json.dumps(request_body(details={"questions": nested})))
    assert response.status_code == 400
    assert "nested more than 32 levels" in response.json()["message"]
    assert not AssistanceRequest.objects.exists()


def test_a_body_over_the_limit_is_a_413_in_the_api_shape(client, gs_prosecutor, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_000
    client.force_login(gs_prosecutor)
    body = request_body(description="长" * 10_000)
    response = post_raw(client, json.dumps(body, ensure_ascii=False).encode())
    assert response.status_code == 413
    assert response.json() == {"code": "too_large", "message": "The request is too large."}
    assert not AssistanceRequest.objects.exists()


def test_a_malformed_id_is_a_404_in_the_api_shape(client, gs_prosecutor):
    client.force_login(gs_prosecutor)
    for path in ["/api/v1/task-forces/%C2%84/documents/", "/api/v1/requests/%C2%84/"]:
        response = client.get(path, HTTP_ACCEPT_LANGUAGE="en")
        assert response.status_code == 404, path
        assert response.json() == {"code": "not_found", "message": "Not found."}, path


# A retried create with an Idempotency-Key gets the first answer, and creates nothing more.


def test_a_create_sent_again_with_its_key_returns_the_first_answer(
    client, gs_prosecutor, sn_prosecutor
):
    client.force_login(gs_prosecutor)
    body = json.dumps(request_body())
    first = post_raw(client, body, HTTP_IDEMPOTENCY_KEY="req-2026-001")
    assert first.status_code == 201, first.content
    again = post_raw(client, body, HTTP_IDEMPOTENCY_KEY="req-2026-001")
    assert again.status_code == 201
    assert again.json() == first.json() and again["Idempotent-Replayed"] == "true"
    assert AssistanceRequest.objects.count() == 1

    # The same key with another body is refused, and creates nothing.
    other = post_raw(
        client, json.dumps(request_body(case_name="另一案")), HTTP_IDEMPOTENCY_KEY="req-2026-001"
    )
    assert other.status_code == 422
    assert other.json()["code"] == "idempotency_key_reused"
    assert AssistanceRequest.objects.count() == 1

    # Another province's user sending the same key gets nothing of the first answer.
    client.force_login(sn_prosecutor)
    theirs = post_raw(client, body, HTTP_IDEMPOTENCY_KEY="req-2026-001")
    assert theirs.status_code == 201 and "Idempotent-Replayed" not in theirs
    assert theirs.json()["id"] != first.json()["id"]
    assert AssistanceRequest.objects.count() == 2


def test_a_refused_create_keeps_no_key(client, gs_prosecutor):
    client.force_login(gs_prosecutor)
    refused = post_raw(
        client, json.dumps(request_body(case_name="")), HTTP_IDEMPOTENCY_KEY="req-2026-002"
    )
    assert refused.status_code == 400
    accepted = post_raw(client, json.dumps(request_body()), HTTP_IDEMPOTENCY_KEY="req-2026-002")
    assert accepted.status_code == 201 and "Idempotent-Replayed" not in accepted
    assert AssistanceRequest.objects.count() == 1


# With Redis down, a web request tries the broker once, not once per task.


@pytest.mark.django_db(transaction=True)
def test_with_the_broker_down_a_change_tries_to_publish_once(
    gs_prosecutor, sn_prosecutor, qh_liaison, broker_down, caplog
):
    caplog.set_level(logging.WARNING, logger="portal.services")  # whatever a worker set before
    with transaction.atomic():
        notify(
            recipients=[gs_prosecutor, sn_prosecutor, qh_liaison],
            verb=VERB,
            params={"number": "B-1"},
        )
    messages = [r.getMessage() for r in caplog.records if r.name == "portal.services"]
    assert len(messages) == 3
    assert messages[0].startswith("The broker is down (")  # the one attempt, refused
    assert all(message.startswith("The broker is down: ") for message in messages[1:])
    assert set(Notification.objects.values_list("email_state", flat=True)) == {"pending"}
    assert mail.outbox == []


def test_text_over_the_limit_is_refused_naming_the_field(client, gs_prosecutor):
    client.force_login(gs_prosecutor)
    details = dict(INTERROGATION_DETAILS, questions="问" * 1_000_000)  # a megabyte pasted
    response = post_raw(client, json.dumps(request_body(details=details), ensure_ascii=False))
    assert response.status_code == 400
    assert response.json()["fields"]["details"] == [
        "Text may have at most 50,000 characters; this one has 1,000,000. Shorten it, "
        "or attach it as a document."
    ]
    assert not AssistanceRequest.objects.exists()
    # The longest text allowed is taken.
    details["questions"] = "问" * 50_000
    response = post_raw(client, json.dumps(request_body(details=details), ensure_ascii=False))
    assert response.status_code == 201, response.content


def test_the_schema_names_the_errors_each_operation_answers(client, gs_prosecutor):
    client.force_login(gs_prosecutor)
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    requests = schema["paths"]["/api/v1/requests/"]
    assert {"400", "401", "403", "404"} <= set(requests["get"]["responses"])
    assert {"201", "400", "401", "403", "413", "422"} <= set(requests["post"]["responses"])
    assert "Idempotency-Key" in [p["name"] for p in requests["post"]["parameters"]]
    one = schema["paths"]["/api/v1/requests/{id}/"]["get"]["responses"]
    assert {"200", "401", "403", "404"} <= set(one) and "400" not in one
    token = schema["paths"]["/api/v1/auth/token/"]["post"]["responses"]
    assert {"201", "400", "413", "429"} <= set(token) and "401" not in token
    error = schema["components"]["schemas"]["Error"]
    assert error["required"] == ["code", "message"]
