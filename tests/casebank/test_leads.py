"""Case leads from the public: the public form and its guards, routing, the liaison inbox."""

import datetime as dt
import time

import pytest
from django.core import mail, signing
from django.http import Http404
from django.urls import reverse

from casebank.leads.forms import SIGNING_SALT, form_token
from casebank.leads.models import CaseLead
from casebank.leads.services import (
    LEADS_PER_ADDRESS,
    case_lead_mark_handled,
    case_lead_open,
    case_lead_submit,
    sender_address_hash,
)
from portal.models import Notification, Role
from tests.factories import ProcuratorateFactory, UserFactory, member

T0 = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
pytestmark = [pytest.mark.django_db, pytest.mark.clock(T0, tick=False)]
FORM_URL = "/leads/"


def payload(**overrides):
    data = {
        "province": "GS",
        "subject": "黄河滩地有人夜间非法采砂",
        "content": (
            "近一个月每晚十点后，有三辆挖掘机在村东黄河滩地采砂，运砂车从村道驶出，河岸已塌陷。"
        ),
        "place": "兰州市榆中县某村",
        "reporter_name": "",
        "reporter_contact": "13800000000",
        "homepage": "",
        "issued": form_token(),
    }
    data.update(overrides)
    return data


def send(client, clock, address="203.0.113.7", wait=60, **overrides):
    """Fill in the form as a person does (a minute), then send it from `address`."""
    data = payload(**overrides)
    clock.shift(wait)
    return client.post(FORM_URL, data, REMOTE_ADDR=address)


def test_public_form_needs_no_sign_in_and_shows_no_portal_navigation(client, gs_liaison):
    response = client.get(FORM_URL)
    content = response.content.decode()
    assert response.status_code == 200
    assert (
        'data-testid="lead-form"' in content and "甘肃" in content and "新疆生产建设兵团" in content
    )
    assert 'name="homepage"' in content and 'name="issued"' in content
    client.force_login(gs_liaison)
    content = client.get(FORM_URL).content.decode()
    assert 'id="portal-nav"' not in content and 'data-testid="inbox-link"' not in content
    assert reverse("casebank:lead-inbox") not in content


def test_a_lead_is_received_numbered_and_routed_to_the_province_liaison_officers(
    client, clock, gs_liaison, gs_prosecutor, qh_liaison, django_capture_on_commit_callbacks
):
    city_liaison = UserFactory(
        username="t-gs-city-liaison", procuratorate=ProcuratorateFactory(), roles=[Role.LIAISON]
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = send(client, clock)
    assert response.status_code == 302
    lead = CaseLead.objects.get()
    assert lead.receipt_number == "线索〔2026〕GS000001"
    assert lead.procuratorate == member("GS") and lead.status == CaseLead.Status.NEW
    assert lead.reporter_contact == "13800000000" and lead.reporter_name == ""
    # The address is kept only as a keyed hash.
    assert lead.sender_address_hash == sender_address_hash("203.0.113.7")
    assert "203.0.113.7" not in lead.sender_address_hash
    receipt = client.get(response["Location"])
    assert receipt.status_code == 200
    assert "线索〔2026〕GS000001" in receipt.content.decode()
    assert "甘肃省人民检察院" in receipt.content.decode()
    # Only Gansu's provincial liaison officers are told, in-app and by e-mail.
    notified = set(Notification.objects.values_list("recipient__username", flat=True))
    assert notified == {gs_liaison.username}
    assert city_liaison.username not in notified
    assert [message.to for message in mail.outbox] == [[gs_liaison.email]]
    assert "GS000001" in mail.outbox[0].subject + mail.outbox[0].body
    assert "黄河" not in mail.outbox[0].body  # the lead itself is read in the portal only
    # Numbers run per province and year.
    send(client, clock, address="203.0.113.8")
    send(client, clock, address="203.0.113.9", province="QH")
    assert sorted(CaseLead.objects.values_list("receipt_number", flat=True)) == [
        "线索〔2026〕GS000001",
        "线索〔2026〕GS000002",
        "线索〔2026〕QH000001",
    ]


def test_receipt_needs_the_signed_link(client, clock):
    send(client, clock)
    lead = CaseLead.objects.get()
    assert client.get(reverse("lead-receipt", args=[str(lead.pk)])).status_code == 404
    assert client.get(reverse("lead-receipt", args=["forged:token"])).status_code == 404


def test_missing_and_wrong_fields_are_named_and_nothing_is_stored(client, clock):
    response = send(client, clock, province="", subject="", content="太短了")
    content = response.content.decode()
    assert response.status_code == 400
    for name in ("province", "subject", "content"):
        assert f'data-testid="error-{name}"' in content
    assert "20" in content
    response = send(client, clock, province="HK")
    assert (
        response.status_code == 400 and 'data-testid="error-province"' in response.content.decode()
    )
    assert not CaseLead.objects.exists()


def test_robots_are_refused(client, clock):
    response = send(client, clock, homepage="http://spam.example")
    assert response.status_code == 400 and 'data-testid="lead-error"' in response.content.decode()
    response = send(client, clock, wait=1)  # sent a second after the form was shown
    assert response.status_code == 400
    assert "太快" in response.content.decode()
    response = send(client, clock, issued="1767225600:forged")
    assert response.status_code == 400
    response = send(client, clock, wait=7 * 3600)  # the form was left open for hours
    assert response.status_code == 400 and "重新" in response.content.decode()
    assert not CaseLead.objects.exists()


def test_a_form_sends_one_lead(client, clock):
    """The form's token is single-use: posting the same form again, from anywhere, is refused
    and stores nothing more."""
    data = payload()
    clock.shift(60)
    assert client.post(FORM_URL, data, REMOTE_ADDR="203.0.113.7").status_code == 302
    for address in ("203.0.113.7", "198.51.100.9"):
        again = client.post(FORM_URL, data, REMOTE_ADDR=address)
        assert again.status_code == 400 and "已提交过" in again.content.decode()
    # A token signed without its nonce (the old form) is refused as well.
    signer = signing.TimestampSigner(salt=SIGNING_SALT)
    old_form = send(client, clock, issued=signer.sign(str(int(time.time()) - 60)))
    assert old_form.status_code == 400
    assert CaseLead.objects.count() == 1


def test_one_address_is_throttled_within_the_hour(client, clock):
    for _ in range(LEADS_PER_ADDRESS):
        assert send(client, clock).status_code == 302
    response = send(client, clock)
    assert response.status_code == 429
    assert "12309" in response.content.decode() and "一小时" in response.content.decode()
    assert CaseLead.objects.count() == LEADS_PER_ADDRESS
    # Another address is not affected; the same one may send again an hour later.
    assert send(client, clock, address="198.51.100.4").status_code == 302
    assert send(client, clock, wait=3600).status_code == 302


def test_the_limit_counts_the_client_address_not_a_forged_header(client, clock, settings):
    def send_via(remote, forwarded):
        data = payload()
        clock.shift(60)
        return client.post(FORM_URL, data, REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded)

    for number in range(LEADS_PER_ADDRESS):
        assert send_via("203.0.113.7", f"192.0.2.{number}").status_code == 302
    assert send_via("203.0.113.7", "192.0.2.99").status_code == 429
    # Behind a trusted proxy each sender's own address counts: one sender's five leads do not
    # close the form for everyone behind the proxy.
    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]
    for _ in range(LEADS_PER_ADDRESS):
        assert send_via("10.0.0.2", "198.51.100.4").status_code == 302
    assert send_via("10.0.0.2", "198.51.100.4").status_code == 429
    assert send_via("10.0.0.2", "198.51.100.5").status_code == 302


def make_lead(province="GS", **fields):
    return case_lead_submit(
        province=province,
        subject=fields.pop("subject", "某景区文物被盗"),
        content="某寺庙内的明代石碑于上周被人撬走。",
        sender_address=fields.pop("address", "192.0.2.1"),
        **fields,
    )


def test_inbox_and_detail_for_the_liaison_officers_only(client, clock, gs_liaison, qh_liaison):
    lead = make_lead()
    other = make_lead("QH", subject="青海的线索", address="192.0.2.2")
    client.force_login(gs_liaison)
    inbox = client.get(reverse("casebank:lead-inbox")).content.decode()
    assert lead.receipt_number in inbox and other.receipt_number not in inbox
    detail = client.get(reverse("casebank:lead-detail", args=[lead.pk]))
    assert detail.status_code == 200 and "明代石碑" in detail.content.decode()
    lead.refresh_from_db()
    assert lead.status == CaseLead.Status.READ
    new_only = client.get(reverse("casebank:lead-inbox"), {"status": "new"}).content.decode()
    assert lead.receipt_number not in new_only
    response = client.post(reverse("casebank:lead-handled", args=[lead.pk]))
    assert response.status_code == 302
    lead.refresh_from_db()
    assert lead.status == CaseLead.Status.HANDLED
    # Marking it again says so and changes nothing.
    response = client.post(reverse("casebank:lead-handled", args=[lead.pk]), follow=True)
    assert "已标记为已处理" in response.content.decode()
    # Another province's liaison officer: 404 on the lead, nothing in the inbox.
    client.force_login(qh_liaison)
    assert client.get(reverse("casebank:lead-detail", args=[lead.pk])).status_code == 404
    assert client.post(reverse("casebank:lead-handled", args=[other.pk])).status_code == 302
    assert client.post(reverse("casebank:lead-handled", args=[lead.pk])).status_code == 404
    inbox = client.get(reverse("casebank:lead-inbox")).content.decode()
    assert lead.receipt_number not in inbox and other.receipt_number in inbox


def test_the_services_refuse_an_outsider_as_not_found(clock, qh_liaison, gs_prosecutor):
    lead = make_lead()
    for user in (qh_liaison, gs_prosecutor):
        with pytest.raises(Http404):
            case_lead_open(user=user, lead=lead)
        with pytest.raises(Http404):
            case_lead_mark_handled(user=user, lead=lead)
    lead.refresh_from_db()
    assert lead.status == CaseLead.Status.NEW


def test_users_other_than_liaison_officers_get_no_inbox(client, clock, gs_prosecutor):
    lead = make_lead()
    client.force_login(gs_prosecutor)
    assert client.get(reverse("casebank:lead-inbox")).status_code == 404
    assert client.get(reverse("casebank:lead-detail", args=[lead.pk])).status_code == 404
    lead.refresh_from_db()
    assert lead.status == CaseLead.Status.NEW


def test_nothing_else_is_reachable_without_sign_in(client, clock):
    lead = make_lead()
    login = reverse("login")
    for url in (
        "/",
        reverse("casebank:lead-inbox"),
        reverse("casebank:lead-detail", args=[lead.pk]),
        reverse("casebank:compare"),
        reverse("casebank:case-pdf", args=[1]),
        reverse("cases:request-index"),
        reverse("inbox"),
        "/api/docs/",
    ):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(login), url
    assert client.post(reverse("casebank:lead-handled", args=[lead.pk])).status_code == 302
    lead.refresh_from_db()
    assert lead.status == CaseLead.Status.NEW
    assert client.get("/api/v1/cases/compare/", {"charge": "盗窃罪"}).status_code in (401, 403)


@pytest.mark.parametrize("count", [2, 30])
def test_inbox_queries_do_not_grow(client, clock, gs_liaison, count, django_assert_max_num_queries):
    for index in range(count):
        make_lead(address=f"192.0.2.{index % 250}")
    client.force_login(gs_liaison)
    # session, user, roles, procuratorate scope, count and page of leads, the badge
    with django_assert_max_num_queries(8):
        response = client.get(reverse("casebank:lead-inbox"))
    assert response.status_code == 200
    assert response.content.decode().count("线索〔2026〕GS") == min(count, 25)
