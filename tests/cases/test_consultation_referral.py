"""The 请示 of a consultation whose parties could not agree by the deadline: drafted by the
opening procuratorate, signed off there (核稿, 签发), numbered from its referral register at
签发 only, issued signed, and ended by the superior's designation; an outsider gets 404."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from cases.consultations import referral, services
from cases.models import Consultation, ReferralDocument
from cases.requests.models import DocumentRegister
from portal.models import DocumentDownload, Notification, Procuratorate, Role
from portal.signoff import signing_delegation_create
from tests.cases.test_consultations import (  # noqa: F401
    NOW,
    SHANGHAI,
    decide,
    open_consultation,
    people,
    zh,
)
from tests.factories import member, person

pytestmark = [pytest.mark.clock(NOW), pytest.mark.usefixtures("clock")]
Status = Consultation.Status
AFTER_DEADLINE = dt.datetime(2026, 5, 21, 9, 0, tzinfo=SHANGHAI)
QUESTION = "请指定本案由宁夏回族自治区人民检察院或者新疆维吾尔自治区人民检察院管辖"


def refer(people, consultation, **overrides):  # noqa: F811
    data = {"superior": "最高人民检察院", "facts": "两地均有犯罪行为。", "question": QUESTION}
    return referral.consultation_refer(
        user=people["nx"], consultation=consultation, **(data | overrides)
    )


def step(user, consultation, action, comment=""):
    return referral.referral_signoff(
        user=user, consultation=consultation, action=action, comment=comment
    )


def referred(people, clock, capture=None):  # noqa: F811
    """A consultation past its deadline, its 请示 drafted, reviewed and signed off."""
    consultation = open_consultation(people)
    clock.move_to(AFTER_DEADLINE)
    refer(people, consultation)
    step(people["nx_head"], consultation, "review")
    if capture is None:
        return step(people["nx_chief"], consultation, "sign_off")
    with capture(execute=True):
        return step(people["nx_chief"], consultation, "sign_off")


def test_drafting_is_refused_before_the_deadline_and_once_decided(people, clock):  # noqa: F811
    consultation = open_consultation(people)
    with pytest.raises(ValidationError) as early:
        refer(people, consultation)
    assert "2026-05-20" in early.value.messages[0]
    with pytest.raises(PermissionDenied):  # the other party does not draft it
        referral.consultation_refer(
            user=people["xj"], consultation=consultation, superior="x", facts="x", question="x"
        )
    decide(people, consultation)  # the decision in sign-off: the parties agreed
    clock.move_to(AFTER_DEADLINE)
    with pytest.raises(ValidationError):
        refer(people, consultation)
    services.consultation_sign(user=people["xj_chief"], consultation=consultation)
    services.consultation_sign(user=people["nx_chief"], consultation=consultation)
    with pytest.raises(ValidationError) as late:
        refer(people, consultation)
    assert zh("Decided") in str(late.value.messages[0])
    assert not hasattr(Consultation.objects.get(pk=consultation.pk), "referral")


def test_bad_input_is_refused_and_changes_nothing(people, clock):  # noqa: F811
    consultation = open_consultation(people)
    clock.move_to(AFTER_DEADLINE)
    with pytest.raises(ValidationError) as error:
        refer(people, consultation, superior=" ", question="")
    assert set(error.value.message_dict) == {"superior", "question"}
    consultation.refresh_from_db()
    assert consultation.status == Status.OPEN
    assert not Consultation.objects.filter(referral__isnull=False).exists()


def test_review_returns_then_passes_and_the_number_is_taken_at_signature_only(
    people,  # noqa: F811
    clock,
    django_capture_on_commit_callbacks,
):
    consultation = open_consultation(people)
    clock.move_to(AFTER_DEADLINE)
    refer(people, consultation)
    consultation.refresh_from_db()
    assert consultation.status == Status.REFERRAL_REVIEW
    asked = Notification.objects.filter(target_id=consultation.pk, verb__contains="your review")
    assert {n.recipient.username for n in asked} == {"c-nx-head"}
    with pytest.raises(PermissionDenied):  # the other party neither reviews nor signs it
        step(person("c-xj-head", "XJ", Role.DEPARTMENT_HEAD), consultation, "review")
    with pytest.raises(ValidationError):  # a return says what to change
        step(people["nx_head"], consultation, "review_return", " ")
    consultation = step(people["nx_head"], consultation, "review_return", "请示事项写得更明确。")
    assert consultation.status == Status.OPEN
    returned = Notification.objects.get(target_id=consultation.pk, verb__contains="returned")
    assert returned.recipient == people["nx"] and "请示事项写得更明确。" in str(returned.params)
    refer(people, consultation, question=QUESTION + "，并明确移送事宜")
    consultation = step(people["nx_head"], consultation, "review")
    assert consultation.status == Status.REFERRAL_SIGNING
    with pytest.raises(PermissionDenied):  # the 请示 is Ningxia's own: Xinjiang signs nothing
        step(people["xj_chief"], consultation, "sign_off")
    with pytest.raises(ValidationError):  # the decision's sign-off does not take it
        services.consultation_signoff(
            user=people["nx_chief"], consultation=consultation, action="sign_off"
        )
    assert not ReferralDocument.objects.exists()
    assert not DocumentRegister.objects.filter(series=DocumentRegister.Series.REFERRAL).exists()
    with django_capture_on_commit_callbacks(execute=True):
        consultation = step(people["nx_chief"], consultation, "sign_off")
    assert consultation.status == Status.REFERRED
    document = ReferralDocument.objects.get(referral__consultation=consultation)
    assert document.number == "宁检请〔2026〕1号"
    assert document.signed_off_by == people["nx_chief"]
    assert document.state == ReferralDocument.State.ISSUED and document.signature_valid
    told = Notification.objects.filter(target_id=consultation.pk, verb__contains="referred to")
    assert {"c-nx-prosecutor", "c-xj-prosecutor", "c-xj-chief"} <= {
        n.recipient.username for n in told
    }
    actions = list(consultation.events.values_list("action", flat=True))
    assert actions[-6:] == [
        "refer", "referral_review_return", "refer", "referral_review", "referral_sign",
        "referred",
    ]  # fmt: skip
    assert not consultation.is_overdue  # referred: no longer waiting on the parties


def test_without_review_a_deputy_in_office_signs_it_off(people, clock):  # noqa: F811
    Procuratorate.objects.filter(pk=member("NX").pk).update(signoff_review=False)
    consultation = open_consultation(people)
    clock.move_to(AFTER_DEADLINE)
    refer(people, consultation)
    consultation.refresh_from_db()
    assert consultation.status == Status.REFERRAL_SIGNING
    deputy = person("c-nx-deputy", "NX", Role.PROSECUTOR)
    with pytest.raises(PermissionDenied):
        step(deputy, consultation, "sign_off")
    today = timezone.localdate()
    signing_delegation_create(
        user=people["nx_chief"], delegate=deputy, valid_from=today, valid_until=today
    )
    consultation = step(deputy, consultation, "signature_return", "先补充证据。")
    assert consultation.status == Status.OPEN
    refer(people, consultation)
    assert step(deputy, consultation, "sign_off").status == Status.REFERRED


def test_the_designation_ends_the_consultation(people, clock):  # noqa: F811
    consultation = open_consultation(people)
    clock.move_to(AFTER_DEADLINE)
    refer(people, consultation)

    def designate(user=people["nx"], **overrides):
        data = {
            "designated_procuratorate": member("XJ"),
            "reply_number": "高检指管〔2026〕3号",
            "reply_date": dt.date(2026, 5, 20),
        }
        return referral.consultation_designate(
            user=user, consultation=consultation, **(data | overrides)
        )

    with pytest.raises(ValidationError):  # not before the 请示 is issued
        designate()
    step(people["nx_head"], consultation, "review")
    step(people["nx_chief"], consultation, "sign_off")
    with pytest.raises(PermissionDenied):
        designate(user=people["xj"])
    with pytest.raises(ValidationError) as error:
        designate(designated_procuratorate=member("QH"), reply_number=" ", reply_date=None)
    assert set(error.value.message_dict) == {
        "designated_procuratorate",
        "reply_number",
        "reply_date",
    }
    with pytest.raises(ValidationError):
        designate(reply_date=dt.date(2026, 6, 1))
    consultation = designate()
    assert consultation.status == Status.DESIGNATED
    assert consultation.handling_procuratorate == member("XJ")
    consultation.refresh_from_db()
    assert consultation.referral.reply_number == "高检指管〔2026〕3号"
    told = Notification.objects.filter(target_id=consultation.pk, verb__contains="designated")
    assert {"c-nx-prosecutor", "c-xj-prosecutor", "c-xj-chief"} <= {
        n.recipient.username for n in told
    }
    with pytest.raises(ValidationError):  # closed: nothing more is written
        services.consultation_post(user=people["xj"], consultation=consultation, body="还有一事。")


def test_draft_pdf_goes_to_whom_decides_on_it_only(client, people, clock):  # noqa: F811
    consultation = open_consultation(people)
    clock.move_to(AFTER_DEADLINE)
    refer(people, consultation)
    url = reverse("cases:consultation-draft-referral", args=[consultation.pk])
    api_url = reverse("api:consultation-draft-referral", args=[consultation.pk])
    client.force_login(people["nx_head"])
    response = client.get(url)
    assert response.status_code == 200 and response["Cache-Control"] == "private, no-store"
    assert client.get(api_url).status_code == 200
    page = client.get(consultation.get_absolute_url()).content.decode()
    assert 'data-testid="draft-referral"' in page and 'data-testid="referral-review"' in page
    for name in ("nx", "nx_chief", "xj", "xj_chief", "qh", "qh_chief"):
        client.force_login(people[name])
        assert client.get(url).status_code == 404, name
        assert client.get(api_url).status_code == 404, name
    step(people["nx_head"], consultation, "review")
    client.force_login(people["nx_chief"])
    assert client.get(url).status_code == 200
    client.force_login(people["xj_chief"])  # the other party's chief signs no 请示 of Ningxia
    assert client.get(url).status_code == 404


def test_parties_see_the_issued_referral_and_an_outsider_gets_404_everywhere(
    client,
    people,  # noqa: F811
    clock,
    django_capture_on_commit_callbacks,
):
    consultation = referred(people, clock, django_capture_on_commit_callbacks)
    document = ReferralDocument.objects.get(referral__consultation=consultation)
    detail = consultation.get_absolute_url()
    pdf = reverse("cases:consultation-referral", args=[consultation.pk])
    api = reverse("api:consultation-detail", args=[consultation.pk])
    api_pdf = reverse("api:consultation-referral-document", args=[consultation.pk])
    for name in ("nx", "xj", "xj_chief"):
        client.force_login(people[name])
        page = client.get(detail).content.decode()
        assert 'data-testid="referral-link"' in page and document.number in page
        response = client.get(pdf)
        assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
        body = client.get(api).json()
        assert body["status"] == "referred"
        assert body["referral"]["document"]["number"] == document.number
        assert client.get(api_pdf).status_code == 200
        verified = client.get("/documents/verify/", {"number": document.number})
        assert verified.status_code == 200
        assert 'data-testid="verdict-valid"' in verified.content.decode()
    assert DocumentDownload.objects.filter(referral_document=document).count() == 6
    client.force_login(people["qh"])
    for url in (detail, pdf, api, api_pdf):
        assert client.get(url).status_code == 404, url
    assert client.get("/documents/verify/", {"number": document.number}).status_code == 404
    answer = client.post(
        "/api/v1/documents/verify/", {"number": document.number}, content_type="application/json"
    )
    assert answer.status_code == 404
    for action, data in (
        ("designation", {"designated_procuratorate": member("QH").pk, "reply_number": "x"}),
        ("referral-signoff", {"action": "sign_off"}),
        ("referral", {"facts": "x", "question": "x"}),
    ):
        url = f"/api/v1/consultations/{consultation.pk}/{action}/"
        assert client.post(url, data, content_type="application/json").status_code == 404
    step_url = reverse("cases:consultation-step", args=[consultation.pk, "designate"])
    assert client.post(step_url, {"reply_number": "x"}).status_code == 404
    client.logout()
    assert client.get(pdf).status_code == 302
    consultation.refresh_from_db()
    assert consultation.status == Status.REFERRED


def test_the_whole_path_through_the_pages(client, people, clock):  # noqa: F811
    consultation = open_consultation(people)
    refer_url = reverse("cases:consultation-step", args=[consultation.pk, "refer"])
    client.force_login(people["nx"])
    assert (
        'data-testid="refer-form"'
        not in client.get(consultation.get_absolute_url()).content.decode()
    )
    clock.move_to(AFTER_DEADLINE)
    client.force_login(people["nx"])  # a fortnight later: a new session
    page = client.get(consultation.get_absolute_url()).content.decode()
    assert 'data-testid="refer-form"' in page and "最高人民检察院" in page
    refused = client.post(refer_url, {"superior": "最高人民检察院", "facts": "x", "question": ""})
    assert refused.status_code == 400
    done = client.post(
        refer_url, {"superior": "最高人民检察院", "facts": "x", "question": QUESTION}
    )
    assert done.status_code == 302
    client.force_login(people["nx_head"])
    signoff = reverse("cases:consultation-referral-signoff", args=[consultation.pk, "review"])
    client.post(signoff)
    client.force_login(people["nx_chief"])
    signoff = reverse("cases:consultation-referral-signoff", args=[consultation.pk, "sign_off"])
    client.post(signoff)
    consultation.refresh_from_db()
    assert consultation.status == Status.REFERRED
    client.force_login(people["nx"])
    page = client.get(consultation.get_absolute_url()).content.decode()
    assert 'data-testid="designate-form"' in page and 'data-testid="referral-status"' in page
    designate_url = reverse("cases:consultation-step", args=[consultation.pk, "designate"])
    done = client.post(
        designate_url,
        {
            "designated_procuratorate": member("NX").pk,
            "reply_number": "高检指管〔2026〕3号",
            "reply_date": "2026-05-21",
        },
    )
    assert done.status_code == 302
    page = client.get(consultation.get_absolute_url()).content.decode()
    assert 'data-testid="designation"' in page and "高检指管〔2026〕3号" in page
    assert 'data-status="designated"' in page


def test_the_referral_through_the_api(client, people, clock):  # noqa: F811
    consultation = open_consultation(people)
    base = f"/api/v1/consultations/{consultation.pk}"
    client.force_login(people["nx"])
    early = client.post(
        f"{base}/referral/", {"facts": "x", "question": QUESTION}, content_type="application/json"
    )
    assert early.status_code == 400
    clock.move_to(AFTER_DEADLINE)
    client.force_login(people["nx"])  # a fortnight later: a new session
    drafted = client.post(
        f"{base}/referral/", {"facts": "x", "question": QUESTION}, content_type="application/json"
    )
    assert drafted.status_code == 200
    body = drafted.json()
    assert body["status"] == "referral_review"
    assert body["referral"]["superior"] == "最高人民检察院" and body["referral"]["document"] is None
    client.force_login(people["nx_head"])
    refused = client.post(
        f"{base}/referral-signoff/", {"action": "review_return"}, content_type="application/json"
    )
    assert refused.status_code == 400 and "comment" in refused.json()["fields"]
    passed = client.post(
        f"{base}/referral-signoff/", {"action": "review"}, content_type="application/json"
    )
    assert passed.json()["status"] == "referral_signing"
    client.force_login(people["xj_chief"])
    other = client.post(
        f"{base}/referral-signoff/", {"action": "sign_off"}, content_type="application/json"
    )
    assert other.status_code == 403
    client.force_login(people["nx_chief"])
    signed = client.post(
        f"{base}/referral-signoff/", {"action": "sign_off"}, content_type="application/json"
    )
    assert signed.json()["referral"]["document"]["number"] == "宁检请〔2026〕1号"
    client.force_login(people["nx"])
    designated = client.post(
        f"{base}/designation/",
        {
            "designated_procuratorate": member("NX").pk,
            "reply_number": "高检指管〔2026〕3号",
            "reply_date": "2026-05-21",
        },
        content_type="application/json",
    )
    assert designated.status_code == 200
    body = designated.json()
    assert body["status"] == "designated" and body["handling_procuratorate"] == member("NX").pk
    assert body["referral"]["designated_procuratorate"] == member("NX").pk


def test_the_referral_in_sign_off_waits_on_my_page_and_stays_inside(client, people, clock):  # noqa: F811
    from portal.signoff import REVIEWER, SIGNER, documents_awaiting

    consultation = open_consultation(people)
    clock.move_to(AFTER_DEADLINE)
    refer(people, consultation)
    [waiting] = documents_awaiting(user=people["nx_head"])
    assert (waiting.title, waiting.step) == (consultation.subject, REVIEWER)
    assert "请示" in waiting.kind and not documents_awaiting(user=people["xj_chief"])
    step(people["nx_head"], consultation, "review_return", "问题再写明确些。")
    refer(people, consultation)
    step(people["nx_head"], consultation, "review")
    assert [item.step for item in documents_awaiting(user=people["nx_chief"])] == [SIGNER]
    assert not documents_awaiting(user=people["xj_chief"])  # not theirs to sign
    # The other party sees neither the draft's steps nor the reviewer's comment.
    client.force_login(people["xj"])
    page = client.get(consultation.get_absolute_url()).content.decode()
    assert "问题再写明确些" not in page
    client.force_login(people["nx"])
    assert "问题再写明确些" in client.get(consultation.get_absolute_url()).content.decode()
