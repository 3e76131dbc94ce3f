"""Jurisdiction consultations: opening, positions, thread, decision and signatures, the PDF
record, the deadline job, and the pages as party, chief, outsider and anonymous."""

import datetime as dt
import html
import re
import subprocess
import time
from urllib.parse import parse_qs

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from cases.consultations import services
from cases.consultations.permissions import consultation_policy
from cases.models import (
    Consultation,
    ConsultationMessage,
    DecisionRecord,
    Position,
)
from portal.models import DocumentDownload, Notification, Procuratorate, Role
from tests.factories import ProcuratorateFactory, make_consultation, member, person

SHANGHAI = dt.timezone(dt.timedelta(hours=8))
NOW = dt.datetime(2026, 5, 6, 9, 0, tzinfo=SHANGHAI)
pytestmark = [pytest.mark.clock(NOW), pytest.mark.usefixtures("clock")]

DUE = dt.date(2026, 5, 20)


def zh(message: str) -> str:
    with translation.override("zh-hans"):
        return gettext(message)


def open_consultation(people, **overrides):
    """Ningxia opens a consultation with Xinjiang."""
    return make_consultation(people["nx"], parties=[member("XJ")], **overrides)


@pytest.fixture
def people(db):
    return {
        "nx": person("c-nx-prosecutor", "NX", Role.PROSECUTOR),
        "nx_chief": person("c-nx-chief", "NX", Role.CHIEF),
        "nx_head": person("c-nx-head", "NX", Role.DEPARTMENT_HEAD),
        "xj": person("c-xj-prosecutor", "XJ", Role.PROSECUTOR),
        "xj_chief": person("c-xj-chief", "XJ", Role.CHIEF),
        "qh": person("c-qh-prosecutor", "QH", Role.PROSECUTOR),
        "qh_chief": person("c-qh-chief", "QH", Role.CHIEF),
    }


def decide(people, consultation):
    services.consultation_state_position(
        user=people["xj"],
        consultation=consultation,
        position=Position.CLAIMS,
        reasons="犯罪嫌疑人在乌鲁木齐被抓获。",
    )
    services.consultation_post(
        user=people["xj"],
        consultation=consultation,
        kind=ConsultationMessage.Kind.MEETING,
        held_on=dt.date(2026, 5, 8),
        body="视频会商，同意由宁夏管辖。",
    )
    services.consultation_decide(
        user=people["nx"],
        consultation=consultation,
        handling_procuratorate=member("NX"),
        reasons="主要犯罪地在宁夏，便于查明事实。",
    )
    # 核稿 at Ningxia: its department head passes the decision on to the parties' signers.
    return services.consultation_signoff(
        user=people["nx_head"], consultation=consultation, action="review"
    )


def test_open_and_the_parties_are_told(people):
    consultation = open_consultation(people)
    assert consultation.status == Consultation.Status.OPEN
    assert {p.procuratorate.code for p in consultation.parties.all()} == {"NX", "XJ"}
    told = Notification.objects.filter(target_id=consultation.pk)
    assert {n.recipient.username for n in told} == {"c-xj-prosecutor"}


def test_bad_input_is_refused_and_saves_nothing(people):
    with pytest.raises(ValidationError) as error:
        services.consultation_open(
            user=people["nx"],
            data={
                "subject": "",
                "category": "drugs",
                "dispute": "both_claim",
                "facts": "x",
                "due_date": dt.date(2026, 5, 1),
            },
            parties=[ProcuratorateFactory(code="NX-YC", parent=member("NX"))],
        )
    assert {"subject", "due_date", "parties"} <= set(error.value.message_dict)
    assert not Consultation.objects.exists()
    with pytest.raises(PermissionDenied):
        services.consultation_open(user=people["nx_chief"], data={}, parties=[member("XJ")])


def test_decision_signed_by_both_issues_the_record(people, django_capture_on_commit_callbacks):
    consultation = open_consultation(people)
    with pytest.raises(PermissionDenied):  # only the opening procuratorate records it
        services.consultation_decide(
            user=people["xj"],
            consultation=consultation,
            handling_procuratorate=member("XJ"),
            reasons="x",
        )
    with pytest.raises(ValidationError):  # the handler must be a party
        services.consultation_decide(
            user=people["nx"],
            consultation=consultation,
            handling_procuratorate=member("QH"),
            reasons="x",
        )
    decide(people, consultation)
    with pytest.raises(PermissionDenied):  # prosecutors do not sign; outsiders even less
        services.consultation_sign(user=people["xj"], consultation=consultation)
    with pytest.raises(PermissionDenied):
        services.consultation_sign(user=people["qh_chief"], consultation=consultation)
    services.consultation_sign(user=people["xj_chief"], consultation=consultation)
    with pytest.raises(ValidationError):
        services.consultation_sign(user=people["xj_chief"], consultation=consultation)
    consultation.refresh_from_db()
    assert consultation.status == Consultation.Status.SIGNING
    with django_capture_on_commit_callbacks(execute=True):
        services.consultation_sign(user=people["nx_chief"], consultation=consultation)
    consultation.refresh_from_db()
    assert consultation.status == Consultation.Status.DECIDED
    record = DecisionRecord.objects.get(consultation=consultation)
    assert record.state == DecisionRecord.State.ISSUED
    assert record.number == "宁检管商〔2026〕1号"
    pdf = record.file.read()
    assert pdf.startswith(b"%PDF")
    text = subprocess.run(
        ["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode()
    assert "本案由宁夏回族自治区人民检察院管辖" in text.replace("\n", "")
    fonts = subprocess.run(
        ["pdffonts", "-"], input=pdf, capture_output=True, check=False
    ).stdout.decode()
    assert "CJK" in fonts or "Portal" in fonts
    told = Notification.objects.filter(target_id=consultation.pk, verb__contains="is decided")
    assert {"c-nx-prosecutor", "c-xj-chief"} <= {n.recipient.username for n in told}


def test_recording_again_clears_the_signatures(people):
    consultation = decide(people, open_consultation(people))
    services.consultation_sign(user=people["xj_chief"], consultation=consultation)
    services.consultation_decide(
        user=people["nx"],
        consultation=consultation,
        handling_procuratorate=member("XJ"),
        reasons="改由新疆管辖。",
    )
    assert not consultation.parties.filter(signed_at__isnull=False).exists()


def test_no_message_once_decided_even_through_a_stale_copy(people):
    """The status is checked on the locked row, not on the caller's copy read earlier."""
    stale = open_consultation(people)
    consultation = decide(people, stale)
    for chief in ("xj_chief", "nx_chief"):
        services.consultation_sign(user=people[chief], consultation=consultation)
    assert stale.status == Consultation.Status.OPEN
    with pytest.raises(ValidationError):
        services.consultation_post(user=people["xj"], consultation=stale, body="补充意见。")
    assert not ConsultationMessage.objects.filter(body="补充意见。").exists()


def test_reminders_are_sent_once_and_overdue_flagged_once(people):
    consultation = open_consultation(people)
    assert services.send_consultation_reminders(today=DUE - dt.timedelta(days=2)) == (1, 0)
    assert services.send_consultation_reminders(today=DUE - dt.timedelta(days=2)) == (0, 0)
    assert services.send_consultation_reminders(today=DUE + dt.timedelta(days=1)) == (0, 1)
    assert services.send_consultation_reminders(today=DUE + dt.timedelta(days=2)) == (0, 0)
    reminded = Notification.objects.filter(target_id=consultation.pk, verb__contains="overdue")
    assert {"c-nx-prosecutor", "c-xj-prosecutor", "c-nx-chief", "c-xj-chief"} == {
        n.recipient.username for n in reminded
    }


def test_visibility_by_party_and_hierarchy(people):
    consultation = open_consultation(people)
    yinchuan = ProcuratorateFactory(code="NX-YC", parent=member("NX"))
    city = person("c-nx-city", "NX", Role.PROSECUTOR, procuratorate=yinchuan)
    for name in ("nx", "nx_chief", "xj", "xj_chief"):
        assert consultation_policy.can(people[name], "view", consultation), name
    assert not consultation_policy.can(people["qh"], "view", consultation)
    assert not consultation_policy.can(city, "view", consultation)  # below, not above


def test_pages_as_party_outsider_and_anonymous(client, people, django_capture_on_commit_callbacks):
    consultation = decide(people, open_consultation(people))
    services.consultation_sign(user=people["xj_chief"], consultation=consultation)
    with django_capture_on_commit_callbacks(execute=True):
        services.consultation_sign(user=people["nx_chief"], consultation=consultation)
    detail = consultation.get_absolute_url()
    record_url = reverse("cases:consultation-record", args=[consultation.pk])
    for name in ("xj", "nx_chief"):
        client.force_login(people[name])
        page = client.get(detail).content.decode()
        assert "视频会商，同意由宁夏管辖。" in page and 'data-testid="signed-XJ"' in page
        response = client.get(record_url)
        assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert DocumentDownload.objects.filter(decision_record__consultation=consultation).count() == 2
    client.force_login(people["qh"])
    assert client.get(detail).status_code == 404
    assert client.get(record_url).status_code == 404
    step = reverse("cases:consultation-step", args=[consultation.pk, "post"])
    assert client.post(step, {"kind": "message", "body": "x"}).status_code == 404
    assert (
        f"consultation-row-{consultation.pk}"
        not in client.get(reverse("cases:consultation-list")).content.decode()
    )
    client.logout()
    assert client.get(detail).status_code == 302
    response = client.get(record_url)  # like every private download: sign in first
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert DocumentDownload.objects.filter(decision_record__consultation=consultation).count() == 2


def consultation_state(consultation) -> tuple:
    consultation.refresh_from_db()
    return (
        consultation.status,
        consultation.handling_procuratorate_id,
        consultation.decision_reasons,
        list(consultation.parties.order_by("pk").values_list("position", "reasons", "signed_at")),
        consultation.messages.count(),
        consultation.events.count(),
        Notification.objects.count(),
    )


@pytest.mark.parametrize(
    ("name", "data", "party", "outsider", "signing"),
    [
        # The step, its data, a party that may take it, a user of Qinghai (no party) holding
        # the same role, and whether it is taken on a decision awaiting signatures.
        pytest.param("cases:consultation-sign", {}, "xj_chief", "qh_chief", True, id="page-sign"),
        pytest.param(
            "api:consultation-position",
            {"position": "claims", "reasons": "抓获地。"},
            "xj",
            "qh",
            False,
            id="api-position",
        ),
        pytest.param(
            "api:consultation-messages",
            {"body": "请补充证据。"},
            "xj",
            "qh",
            False,
            id="api-messages",
        ),
        pytest.param(
            "api:consultation-decision",
            {"handling_procuratorate": "NX", "reasons": "主要犯罪地。"},  # a code: see below
            "nx",
            "qh",
            False,
            id="api-decision",
        ),
        pytest.param("api:consultation-sign", {}, "xj_chief", "qh_chief", True, id="api-sign"),
    ],
)
def test_an_outsider_gets_404_and_changes_nothing(
    client, people, name, data, party, outsider, signing
):
    consultation = open_consultation(people)
    if signing:
        consultation = decide(people, consultation)
    if "handling_procuratorate" in data:
        data = {**data, "handling_procuratorate": member(data["handling_procuratorate"]).pk}
    url = reverse(name, args=[consultation.pk])

    def post():
        if name.startswith("api:"):
            return client.post(url, data, content_type="application/json")
        return client.post(url, data)

    before = consultation_state(consultation)
    client.force_login(people[outsider])
    assert post().status_code == 404
    assert consultation_state(consultation) == before
    client.force_login(people[party])  # the same step by a party goes through
    assert post().status_code in (200, 201, 302)
    assert consultation_state(consultation) != before


def test_open_and_decide_in_the_browser(client, people):
    client.force_login(people["nx"])
    url = reverse("cases:consultation-create")
    assert client.get(url).status_code == 200
    payload = {
        "subject": "某案",
        "category": "drugs",
        "dispute": "both_decline",
        "facts": "事实。",
        "parties": [member("XJ").pk],
        "due_date": "2026-05-01",
        "position": "declines",
        "reasons": "非犯罪地。",
    }
    assert client.post(url, payload).status_code == 400
    assert not Consultation.objects.exists()
    assert client.post(url, {**payload, "due_date": "2026-05-30"}).status_code == 302
    consultation = Consultation.objects.get()
    client.force_login(people["xj"])
    position = reverse("cases:consultation-step", args=[consultation.pk, "position"])
    assert client.post(position, {"position": "claims", "reasons": ""}).status_code == 400
    assert client.post(position, {"position": "claims", "reasons": "抓获地。"}).status_code == 302
    decide_url = reverse("cases:consultation-step", args=[consultation.pk, "decide"])
    # A party that did not open the consultation sees it but may not record the decision.
    response = client.post(decide_url, {"handling_procuratorate": member("XJ").pk, "reasons": "x"})
    page = response.content.decode()
    assert response.status_code == 400 and 'data-testid="action-error"' in page
    assert zh("The procuratorate that opened the consultation records it.") in page
    consultation.refresh_from_db()
    assert consultation.handling_procuratorate is None
    assert consultation.status == Consultation.Status.OPEN
    assert not consultation.events.filter(action="decide").exists()
    client.force_login(people["nx"])
    assert (
        client.post(
            decide_url, {"handling_procuratorate": member("XJ").pk, "reasons": "抓获地管辖。"}
        ).status_code
        == 302
    )
    # 核稿 at Ningxia before any party signs: the department head reads the draft, passes it.
    client.force_login(people["xj_chief"])
    page = client.get(consultation.get_absolute_url()).content.decode()
    assert 'data-testid="sign"' not in page and 'data-testid="signoff"' in page
    client.force_login(people["nx_head"])
    page = client.get(consultation.get_absolute_url()).content.decode()
    assert 'data-testid="signoff-review"' in page and 'data-testid="draft-record"' in page
    review_url = reverse("cases:consultation-signoff", args=[consultation.pk, "review"])
    assert client.post(review_url).status_code == 302
    client.force_login(people["xj_chief"])
    page = client.get(consultation.get_absolute_url()).content.decode()
    assert 'data-testid="sign"' in page
    assert (
        client.post(reverse("cases:consultation-sign", args=[consultation.pk])).status_code == 302
    )
    assert consultation.parties.get(procuratorate=member("XJ")).signed_by == people["xj_chief"]


@pytest.mark.parametrize("count", [1, 6])
def test_list_and_detail_query_counts_are_fixed(
    client, people, count, django_assert_max_num_queries
):
    for i in range(count):
        consultation = open_consultation(people, subject=f"案件{i}")
        services.consultation_post(user=people["xj"], consultation=consultation, body=f"意见{i}")
    for user in (people["xj"], people["nx_chief"]):
        client.force_login(user)
        with django_assert_max_num_queries(9):
            assert client.get(reverse("cases:consultation-list")).status_code == 200
        with django_assert_max_num_queries(14):
            assert client.get(consultation.get_absolute_url()).status_code == 200


def page_link(page: str, number: int) -> dict:
    """The query of the pagination's link to page `number`, parsed."""
    (href,) = re.findall(rf'href="\?(page={number}(?:&amp;[^"]*)?)"', page)
    return parse_qs(html.unescape(href))


def test_the_pages_of_a_filtered_list_keep_the_filter(client, people, monkeypatch):
    monkeypatch.setattr("cases.consultations.views.PER_PAGE", 2)
    for i in range(3):
        open_consultation(people, subject=f"案件{i}")
    signing = decide(people, open_consultation(people, subject="待签案件"))
    client.force_login(people["xj"])
    url = reverse("cases:consultation-list")
    first = client.get(url, {"status": "open"}).content.decode()
    assert page_link(first, 2) == {"page": ["2"], "status": ["open"]}
    second = client.get(url, {"status": "open", "page": "2"}).content.decode()
    assert second.count('data-testid="consultation-row-') == 1
    assert f"consultation-row-{signing.pk}" not in first + second
    assert page_link(second, 1) == {"page": ["1"], "status": ["open"]}


def test_pages_in_english(client, people):
    from django.conf import settings

    consultation = decide(people, open_consultation(people))
    client.force_login(people["xj_chief"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(consultation.get_absolute_url()).content.decode()
    assert "Decision awaiting signatures" in page and "Claims jurisdiction" in page
    page = client.get(reverse("cases:consultation-list")).content.decode()
    assert "Jurisdiction consultations" in page and "Both claim the case" in page


@pytest.mark.django_db(transaction=True)
def test_a_lost_decision_record_is_rendered_by_the_requeue_job(people, celery_worker_on_redis):
    """A record left pending by a broker outage is queued again and rendered by a real worker."""
    from cases.consultations.tasks import requeue_pending_decision_records

    consultation = decide(people, open_consultation(people))
    services.consultation_sign(user=people["xj_chief"], consultation=consultation)
    services.consultation_sign(user=people["nx_chief"], consultation=consultation)
    record = DecisionRecord.objects.get(consultation=consultation)

    def wait_until_issued():
        for _ in range(300):
            record.refresh_from_db()
            if record.state == DecisionRecord.State.ISSUED:
                return
            time.sleep(0.1)

    wait_until_issued()  # the worker renders it once the signature commits
    assert record.state == DecisionRecord.State.ISSUED
    # Now lose it: pending again, as if the broker had dropped the task.
    DecisionRecord.objects.filter(pk=record.pk).update(
        state=DecisionRecord.State.PENDING, file="", created_at=NOW - dt.timedelta(hours=1)
    )
    assert requeue_pending_decision_records() == 1
    wait_until_issued()
    assert record.state == DecisionRecord.State.ISSUED
    assert record.file.read().startswith(b"%PDF")


@pytest.mark.django_db(transaction=True)
def test_the_record_is_issued_while_rows_it_is_joined_to_are_locked(people, locked_elsewhere):
    """Rendering locks the record's row only: a lock on its consultation or issuer held by
    someone else does not make the task pass it over."""
    from cases.consultations.tasks import render_decision_record

    consultation = decide(people, open_consultation(people))
    services.consultation_sign(user=people["xj_chief"], consultation=consultation)
    services.consultation_sign(user=people["nx_chief"], consultation=consultation)
    record = DecisionRecord.objects.get(consultation=consultation)
    DecisionRecord.objects.filter(pk=record.pk).update(state=DecisionRecord.State.PENDING, file="")
    issuer = Procuratorate.objects.select_for_update().filter(pk=record.issuer_id)
    joined = Consultation.objects.select_for_update().filter(pk=consultation.pk)
    with locked_elsewhere(issuer), locked_elsewhere(joined):
        render_decision_record(record.pk)
    record.refresh_from_db()
    assert record.state == DecisionRecord.State.ISSUED
    assert record.file.read().startswith(b"%PDF")
