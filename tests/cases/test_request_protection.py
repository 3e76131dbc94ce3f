"""Protected witnesses and juveniles in assistance requests: in the categories of case where the
law protects witnesses (刑事诉讼法 art. 64: terrorism, organised crime, drugs) a witness's name
and address, and in every juvenile request the guardian and the home, are seen in full by the
handlers only; everyone else who sees the request sees them masked, in pages and the API."""

import pytest
from django.urls import reverse

from cases.requests import services
from cases.requests.types import mask, sensitive_fields
from portal.models import Role
from tests.factories import UserFactory, make_request, member

pytestmark = pytest.mark.django_db

API = "/api/v1/requests/"
WITNESS = {
    "witness_name": "马福祥",
    "witness_id_number": "11010519491231002X",
    "witness_address": "青海省西宁市城东区南川东路18号",
    "questions": "核实交易时间和地点",
    "video_link": True,
}
JUVENILE = {
    "juvenile_name": "阿依古丽·买买提",
    "juvenile_id_number": "11010519491231002X",
    "guardian_name": "买买提·吐尔逊",
    "guardian_phone": "13899123456",
    "residence": "新疆维吾尔自治区乌鲁木齐市天山区解放南路66号",
    "education_plan": "心理疏导、复学帮扶",
}


@pytest.fixture
def qh_chief(db):
    """The chief procurator of Qinghai: sees what Qinghai receives, handles nothing."""
    return UserFactory(username="t-qh-chief", procuratorate=member("QH"), roles=[Role.CHIEF])


def witness_request(user, category):
    return make_request(
        user,
        submit=True,
        request_type="witness_questioning",
        category=category,
        case_name="马某某贩卖毒品案",
        details=WITNESS,
    )


def api_details(client, request) -> dict:
    body = client.get(f"{API}{request.pk}/").json()
    return {item["name"]: item["value"] for item in body["details"]} | {"person": body["person"]}


def test_the_categories_that_protect_witnesses():
    for category in ("drugs", "violent_terrorism", "organized_crime"):
        assert {"witness_name", "witness_address"} <= sensitive_fields(
            "witness_questioning", category
        )
    assert sensitive_fields("witness_questioning", "cybercrime") == {"witness_id_number"}


def test_masks_of_names_addresses_and_phones():
    assert mask("witness_name", "欧阳明华") == "欧阳某某"
    assert mask("guardian_name", "买买提·吐尔逊") == "买某某"
    assert mask("witness_address", WITNESS["witness_address"]) == "青海省西宁市××区××路××号"
    assert mask("residence", "乌鲁木齐") == "×××"  # nothing below a city: hidden whole
    assert mask("guardian_phone", "13899123456") == "138****3456"


def test_a_protected_witness_is_masked_for_all_but_the_handlers(
    client, gs_prosecutor, qh_liaison, qh_chief, nx_prosecutor
):
    request = witness_request(gs_prosecutor, "drugs")
    page = reverse("cases:request-detail", args=[request.pk])

    client.force_login(qh_chief)
    shown = api_details(client, request)
    assert shown["witness_name"] == "马某某" and shown["person"] == "马某某"
    assert shown["witness_address"] == "青海省西宁市××区××路××号"
    content = client.get(page).content.decode()
    assert "马福祥" not in content and "南川东路" not in content and "马某某" in content
    listed = client.get(reverse("cases:request-list", args=["received"])).content.decode()
    assert "马福祥" not in listed and "马某某" in listed
    assert "马福祥" not in client.get(API).content.decode()

    for handler in (gs_prosecutor, qh_liaison):
        client.force_login(handler)
        shown = api_details(client, request)
        assert shown["witness_name"] == "马福祥"
        assert shown["witness_address"] == WITNESS["witness_address"]
        assert "南川东路18号" in client.get(page).content.decode()

    client.force_login(nx_prosecutor)  # of another province: nothing at all
    assert client.get(page).status_code == 404
    assert client.get(f"{API}{request.pk}/").status_code == 404
    client.logout()
    assert client.get(f"{API}{request.pk}/").status_code in (401, 403)
    assert client.get(page).status_code == 302


def test_a_witness_in_other_cases_is_seen_as_before(client, gs_prosecutor, qh_chief):
    request = witness_request(gs_prosecutor, "cybercrime")
    client.force_login(qh_chief)
    shown = api_details(client, request)
    assert shown["witness_name"] == "马福祥"
    assert shown["witness_address"] == WITNESS["witness_address"]
    assert shown["witness_id_number"] == "110***********002X"  # always sensitive


def test_a_protected_witness_is_masked_in_the_timeline(client, gs_prosecutor, qh_liaison, qh_chief):
    request = witness_request(gs_prosecutor, "cybercrime")
    services.request_transition(
        user=qh_liaison, request=request, action="return", reason="incomplete"
    )
    # The requester corrects the witness's address and the category: the case is a drug case.
    services.request_update(
        user=gs_prosecutor,
        request=request,
        data={"category": "drugs"},
        details={**WITNESS, "witness_address": "青海省西宁市城中区南大街12号"},
        slots=None,
    )
    client.force_login(qh_chief)
    body = client.get(f"{API}{request.pk}/").json()
    edit = next(event for event in body["events"] if event["action"] == "edit")
    assert [value["witness_address"] for value in edit["changes"]["details"]] == [
        "青海省西宁市××区××路××号",
        "青海省西宁市××区××街××号",
    ]
    assert "南大街" not in str(body) and "马福祥" not in str(body)


def test_a_juveniles_guardian_and_home_are_masked(
    client, gs_prosecutor, qh_liaison, qh_chief, nx_prosecutor
):
    request = make_request(
        gs_prosecutor,
        submit=True,
        request_type="juvenile_education",
        category="juvenile",
        case_name="阿某某盗窃案",
        details=JUVENILE,
    )
    client.force_login(qh_chief)
    shown = api_details(client, request)
    assert shown["juvenile_name"] == "阿某某" and shown["person"] == "阿某某"
    assert shown["guardian_name"] == "买某某"
    assert shown["guardian_phone"] == "138****3456"
    assert shown["residence"] == "新疆维吾尔自治区乌鲁木齐市××区××路××号"
    content = client.get(request.get_absolute_url()).content.decode()
    for secret in ("买买提·吐尔逊", "13899123456", "解放南路", "阿依古丽"):
        assert secret not in content

    client.force_login(qh_liaison)
    shown = api_details(client, request)
    assert shown["guardian_name"] == "买买提·吐尔逊"
    assert shown["guardian_phone"] == "13899123456"
    assert shown["residence"] == JUVENILE["residence"]

    client.force_login(nx_prosecutor)
    assert client.get(request.get_absolute_url()).status_code == 404
