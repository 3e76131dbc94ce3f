"""The decision record of a consultation goes through sign-off: 核稿 at the opening
procuratorate, then every party's signer (its chief or a deputy in office); the number is taken
at the last signature; the draft is watermarked 草稿 and shown to whom decides on it only."""

import datetime as dt
import subprocess

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from cases.consultations import services
from cases.models import Consultation, DecisionRecord
from cases.requests.models import DocumentRegister
from portal.models import Notification, Procuratorate, Role
from portal.signoff import signing_delegation_create
from tests.cases.test_consultations import NOW, open_consultation, people  # noqa: F401
from tests.factories import member, person

pytestmark = [pytest.mark.clock(NOW), pytest.mark.usefixtures("clock")]
Status = Consultation.Status


def recorded(people):  # noqa: F811
    consultation = open_consultation(people)
    return services.consultation_decide(
        user=people["nx"],
        consultation=consultation,
        handling_procuratorate=member("NX"),
        reasons="主要犯罪地在宁夏。",
    )


def step(user, consultation, action, comment=""):
    return services.consultation_signoff(
        user=user, consultation=consultation, action=action, comment=comment
    )


def test_review_returns_with_a_comment_then_passes(people):  # noqa: F811
    consultation = recorded(people)
    assert consultation.status == Status.REVIEW
    told = Notification.objects.filter(target_id=consultation.pk, verb__contains="your review")
    assert {n.recipient.username for n in told} == {"c-nx-head"}
    with pytest.raises(ValidationError):  # no party signs before 核稿
        services.consultation_sign(user=people["xj_chief"], consultation=consultation)
    with pytest.raises(PermissionDenied):  # the other party's department head reviews nothing
        step(person("c-xj-head", "XJ", Role.DEPARTMENT_HEAD), consultation, "review")
    with pytest.raises(ValidationError):  # a return says what to change
        step(people["nx_head"], consultation, "review_return", "  ")
    consultation = step(people["nx_head"], consultation, "review_return", "理由写得更具体些。")
    assert consultation.status == Status.OPEN
    returned = Notification.objects.get(target_id=consultation.pk, verb__contains="returned")
    assert returned.recipient == people["nx"]
    assert "理由写得更具体些。" in str(returned.params)
    assert consultation.events.filter(action="review_return", comment="理由写得更具体些。")
    consultation = recorded_again(people, consultation)
    consultation = step(people["nx_head"], consultation, "review")
    assert consultation.status == Status.SIGNING
    asked = Notification.objects.filter(target_id=consultation.pk, verb__contains="signature")
    assert {"c-nx-chief", "c-xj-chief"} <= {n.recipient.username for n in asked}
    actions = list(consultation.events.values_list("action", flat=True))
    assert actions[-4:] == ["decide", "review_return", "decide", "review"]


def recorded_again(people, consultation):  # noqa: F811
    return services.consultation_decide(
        user=people["nx"],
        consultation=consultation,
        handling_procuratorate=member("NX"),
        reasons="主要犯罪地在宁夏，主要证据在银川。",
    )


def test_the_review_is_seen_by_the_opening_procuratorate_only(client, people):  # noqa: F811
    consultation = recorded(people)
    step(people["nx_head"], consultation, "review_return", "本院内部意见：理由不足。")
    api = f"/api/v1/consultations/{consultation.pk}/"
    client.force_login(people["nx"])
    assert "本院内部意见" in client.get(consultation.get_absolute_url()).content.decode()
    assert "review_return" in {event["action"] for event in client.get(api).json()["events"]}
    client.force_login(people["xj"])  # the other party sees the consultation, not its 核稿
    page = client.get(consultation.get_absolute_url()).content.decode()
    assert "本院内部意见" not in page and "会商决定" in page
    actions = {event["action"] for event in client.get(api).json()["events"]}
    assert "review_return" not in actions and "decide" in actions


def test_without_review_the_decision_goes_straight_to_the_signers(people):  # noqa: F811
    Procuratorate.objects.filter(pk=member("NX").pk).update(signoff_review=False)
    assert recorded(people).status == Status.SIGNING


def test_a_deputy_in_office_signs_and_the_number_is_taken_at_the_last_signature(
    people,  # noqa: F811
    django_capture_on_commit_callbacks,
):
    consultation = step(people["nx_head"], recorded(people), "review")
    deputy = person("c-xj-deputy", "XJ", Role.PROSECUTOR)
    with pytest.raises(PermissionDenied):  # a prosecutor without a delegation does not sign
        services.consultation_sign(user=deputy, consultation=consultation)
    today = timezone.localdate()
    signing_delegation_create(
        user=people["xj_chief"], delegate=deputy, valid_from=today, valid_until=today
    )
    services.consultation_sign(user=deputy, consultation=consultation)
    with pytest.raises(ValidationError):  # the party signed once; its chief signs no more
        services.consultation_sign(user=people["xj_chief"], consultation=consultation)
    assert not DecisionRecord.objects.exists()
    assert not DocumentRegister.objects.filter(
        procuratorate=member("NX"), series=DocumentRegister.Series.CONSULTATION
    ).exists()  # nothing taken from the register before the last signature
    with django_capture_on_commit_callbacks(execute=True):
        services.consultation_sign(user=people["nx_chief"], consultation=consultation)
    consultation.refresh_from_db()
    assert consultation.status == Status.DECIDED
    record = DecisionRecord.objects.get(consultation=consultation)
    assert record.number == "宁检管商〔2026〕1号"
    assert consultation.parties.get(procuratorate=member("XJ")).signed_by == deputy


def test_an_expired_delegation_signs_nothing(people):  # noqa: F811
    consultation = step(people["nx_head"], recorded(people), "review")
    deputy = person("c-xj-deputy", "XJ", Role.PROSECUTOR)
    today = timezone.localdate()
    signing_delegation_create(
        user=people["xj_chief"],
        delegate=deputy,
        valid_from=today,
        valid_until=today + dt.timedelta(days=1),
    )
    deputy.signing_delegations.update(
        valid_from=today - dt.timedelta(days=9), valid_until=today - dt.timedelta(days=1)
    )
    with pytest.raises(PermissionDenied):
        services.consultation_sign(user=deputy, consultation=consultation)


def test_a_signer_returns_it_unsigned_and_the_signatures_are_cleared(people):  # noqa: F811
    consultation = step(people["nx_head"], recorded(people), "review")
    services.consultation_sign(user=people["xj_chief"], consultation=consultation)
    consultation = step(people["nx_chief"], consultation, "signature_return", "管辖理由不充分。")
    assert consultation.status == Status.OPEN
    assert not consultation.parties.filter(signed_at__isnull=False).exists()
    assert not DecisionRecord.objects.exists()
    returned = Notification.objects.get(target_id=consultation.pk, verb__contains="returned")
    assert returned.recipient == people["nx"]


def test_a_party_that_signed_does_not_return_it_unsigned(client, people):  # noqa: F811
    consultation = step(people["nx_head"], recorded(people), "review")
    services.consultation_sign(user=people["xj_chief"], consultation=consultation)
    with pytest.raises(ValidationError):
        step(people["xj_chief"], consultation, "signature_return", "改变主意。")
    consultation.refresh_from_db()
    assert consultation.status == Status.SIGNING
    assert consultation.parties.get(procuratorate=member("XJ")).signed_at is not None
    # The page offers the signed party neither step; the party yet to sign keeps both.
    client.force_login(people["xj_chief"])
    offered = client.get(consultation.get_absolute_url()).context["signoff_steps"]
    assert "sign_off" not in offered and "signature_return" not in offered
    client.force_login(people["nx_chief"])
    offered = client.get(consultation.get_absolute_url()).context["signoff_steps"]
    assert {"sign_off", "signature_return"} <= set(offered)


def pdf_text(content: bytes) -> str:
    return subprocess.run(
        ["pdftotext", "-", "-"], input=content, capture_output=True, check=True
    ).stdout.decode()


def test_the_draft_record_goes_to_whom_decides_on_it_only(client, people):  # noqa: F811
    consultation = recorded(people)
    url = reverse("cases:consultation-draft-record", args=[consultation.pk])
    api_url = reverse("api:consultation-draft-record", args=[consultation.pk])
    client.force_login(people["nx_head"])
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response["Cache-Control"] == "private, no-store"
    text = pdf_text(response.content)
    text = text.replace("\n", "")
    assert "草稿" in text and "本案由宁夏回族自治区人民检察院管辖" in text
    assert client.get(api_url).status_code == 200
    # Not the drafter, not a signer before review, not another province.
    for name in ("nx", "xj", "xj_chief", "qh", "qh_chief"):
        client.force_login(people[name])
        assert client.get(url).status_code == 404, name
    step(people["nx_head"], consultation, "review")
    client.force_login(people["xj_chief"])
    assert client.get(url).status_code == 200
    client.force_login(people["nx_head"])  # the review is over
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("action", ["review", "review_return", "sign_off", "signature_return"])
def test_another_province_gets_404_on_every_step(client, people, action):  # noqa: F811
    consultation = recorded(people)
    if action in {"sign_off", "signature_return"}:
        consultation = step(people["nx_head"], consultation, "review")
    client.force_login(people["qh_chief"])
    page = reverse("cases:consultation-signoff", args=[consultation.pk, action])
    assert client.post(page, {"comment": "x"}).status_code == 404
    api = reverse("api:consultation-signoff", args=[consultation.pk])
    response = client.post(api, {"action": action, "comment": "x"}, content_type="application/json")
    assert response.status_code == 404
    before = consultation.status
    consultation.refresh_from_db()
    assert consultation.status == before


def test_the_signoff_steps_through_the_api(client, people):  # noqa: F811
    consultation = recorded(people)
    api = reverse("api:consultation-signoff", args=[consultation.pk])
    client.force_login(people["nx_head"])
    refused = client.post(api, {"action": "review_return"}, content_type="application/json")
    assert refused.status_code == 400 and "comment" in refused.json()["fields"]
    passed = client.post(api, {"action": "review"}, content_type="application/json")
    assert passed.status_code == 200 and passed.json()["status"] == "signing"
    client.force_login(people["xj"])  # a prosecutor of a party signs nothing
    assert (
        client.post(api, {"action": "sign_off"}, content_type="application/json").status_code == 403
    )
