"""待我审核/签发: one page lists every kind of document waiting for the user's review or
signature (request letters, consultation decisions, meeting notices), and nothing else."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import translation

from cases.consultations import services as consultation_services
from cases.requests import services as request_services
from cooperation.meetings import services as meeting_services
from cooperation.meetings.signoff import meeting_notice_transition
from cooperation.models import ChairTerm
from portal.models import Role
from portal.signoff import REVIEWER, SIGNER, documents_awaiting
from tests.factories import (
    make_consultation,
    make_meeting,
    make_request,
    member,
    person,
    signoff_people,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clock")]

STARTS_AT = dt.datetime(2026, 6, 10, 9, tzinfo=dt.timezone(dt.timedelta(hours=8)))


@pytest.fixture
def gansu_drafts(gs_prosecutor):
    """Gansu has one document of each kind in review: a request letter, a decision agreed with
    Qinghai, and the notice of the meeting its chair office calls."""
    ChairTerm.objects.update_or_create(year=2026, defaults={"province": "GS"})
    chair = person("i-gs-chair", "GS", Role.CHAIR)
    return make_drafts(gs_prosecutor, chair, 1)


def make_drafts(prosecutor, chair, n: int) -> list:
    drafts = []
    for i in range(n):
        request = request_services.request_transition(
            user=prosecutor, request=make_request(prosecutor), action="submit"
        )
        consultation = consultation_services.consultation_decide(
            user=prosecutor,
            consultation=make_consultation(prosecutor, parties=[member("QH")]),
            handling_procuratorate=member("GS"),
            reasons="主要犯罪地在兰州。",
        )
        meeting = meeting_services.meeting_publish(
            user=chair,
            meeting=make_meeting(chair, STARTS_AT + dt.timedelta(days=i), title=f"联席会议{i}"),
        )
        drafts.append((request, consultation, meeting))
    return drafts


def listed(user) -> set[tuple[str, str, str]]:
    with translation.override("en"):
        return {(item.kind, item.title, item.step) for item in documents_awaiting(user=user)}


def test_each_sees_what_waits_for_their_own_step(gansu_drafts, qh_liaison):
    ((request, consultation, meeting),) = gansu_drafts
    reviewer, chief = signoff_people(member("GS"))
    qh_chief = person("i-qh-chief", "QH", Role.CHIEF)
    nx_chief = person("i-nx-chief", "NX", Role.CHIEF)
    assert listed(reviewer) == {
        ("Request letter", request.case_name, REVIEWER),
        ("decision record", consultation.subject, REVIEWER),
        ("meeting notice", meeting.title, REVIEWER),
    }
    # Nothing waits for a signer before 核稿, nor for another province.
    for user in (chief, qh_chief, nx_chief, qh_liaison, request.created_by):
        assert listed(user) == set(), user
    request_services.request_transition(user=reviewer, request=request, action="review")
    consultation_services.consultation_signoff(
        user=reviewer, consultation=consultation, action="review", comment=""
    )
    meeting_notice_transition(user=reviewer, meeting=meeting, action="review")
    assert listed(reviewer) == set()
    assert {step for _, _, step in listed(chief)} == {SIGNER} and len(listed(chief)) == 3
    # The decision is co-issued: Qinghai's chief signs it too, and sees that only.
    assert listed(qh_chief) == {("decision record", consultation.subject, SIGNER)}
    assert listed(nx_chief) == set()
    consultation_services.consultation_sign(user=qh_chief, consultation=consultation)
    assert listed(qh_chief) == set()
    assert ("decision record", consultation.subject, SIGNER) in listed(chief)


def test_the_page_in_chinese_with_a_fixed_number_of_queries(
    client, gansu_drafts, gs_prosecutor, django_assert_max_num_queries
):
    reviewer, _ = signoff_people(member("GS"))
    client.force_login(reviewer)
    with django_assert_max_num_queries(16) as first:
        page = client.get(reverse("signoff-inbox"))
    html = page.content.decode()
    assert page.status_code == 200 and html.count('data-testid="signoff-item"') == 3
    assert "协作请求函" in html and "会议通知" in html and "待审核" in html
    make_drafts(gs_prosecutor, person("i-gs-chair", "GS", Role.CHAIR), 3)
    with django_assert_max_num_queries(len(first.captured_queries)):
        page = client.get(reverse("signoff-inbox"))
    assert page.content.decode().count('data-testid="signoff-item"') == 12


def test_others_and_visitors_get_nothing(client, gansu_drafts, nx_prosecutor):
    client.force_login(nx_prosecutor)
    page = client.get(reverse("signoff-inbox"))
    assert page.status_code == 200 and 'data-testid="signoff-item"' not in page.content.decode()
    client.logout()
    assert client.get(reverse("signoff-inbox")).status_code == 302
