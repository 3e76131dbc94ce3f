"""Sign-off (拟稿 → 核稿 → 签发) of a request's letters: who reviews, who signs, the chief's
delegations, the switch for review, what each step tells whom, and the pages."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404
from django.urls import reverse

from cases.models import Letter, RequestEvent, Status
from cases.requests import services
from cases.requests.selectors import signoff_queue
from portal.models import Notification, Role, SigningDelegation
from portal.signoff import REVIEWER, SIGNER, signing_delegation_create, signoff_sides
from tests.factories import make_request, member, person, signoff_people

# The clock stands at DEFAULT_NOW, 2026-03-02 09:00 in Shanghai.
pytestmark = [pytest.mark.django_db]


def act(user, request, action, **data):
    return services.request_transition(user=user, request=request, action=action, **data)


def submitted(user):
    return act(user, make_request(user), "submit")


def test_the_liaison_reviews_where_there_is_no_department_head(gs_prosecutor, gs_liaison, clock):
    gs = member("GS")
    assert signoff_sides(gs_liaison, gs) == {REVIEWER}
    request = submitted(gs_prosecutor)
    request = act(gs_liaison, request, "review")
    assert request.status == Status.AWAITING_SIGNATURE
    # Once the procuratorate has a department head, the head reviews and the liaison does not.
    head = person("gs-head-x", "GS", Role.DEPARTMENT_HEAD)
    assert signoff_sides(gs_liaison, gs) == set() and signoff_sides(head, gs) == {REVIEWER}
    with pytest.raises(PermissionDenied):
        act(gs_liaison, submitted(gs_prosecutor), "review")
    # Nobody reviews or signs for another procuratorate, not even above it.
    assert signoff_sides(head, member("QH")) == set()


def test_without_review_a_draft_goes_straight_to_the_signer(gs_prosecutor, clock):
    gs = member("GS")
    gs.signoff_review = False
    gs.save()
    reviewer, chief = signoff_people(gs)
    request = submitted(gs_prosecutor)
    assert request.status == Status.AWAITING_SIGNATURE
    with pytest.raises(ValidationError):
        act(reviewer, request, "review")
    request = act(chief, request, "sign_off")
    assert request.status == Status.SUBMITTED and request.number.endswith("〕1号")


def test_returns_need_a_comment_and_go_back_to_the_drafter(gs_prosecutor, qh_liaison, clock):
    reviewer, chief = signoff_people(gs_prosecutor.procuratorate)
    request = submitted(gs_prosecutor)
    assert set(Notification.objects.values_list("recipient", flat=True)) == {reviewer.pk}
    with pytest.raises(ValidationError) as error:
        act(reviewer, request, "review_return", comment=" ")
    assert "comment" in error.value.message_dict
    request = act(reviewer, request, "review_return", comment="请写明讯问的重点问题。")
    assert request.status == Status.DRAFT and request.number == ""
    told = Notification.objects.filter(recipient=gs_prosecutor).get()
    assert told.params["actor"] == reviewer.get_full_name()
    event = RequestEvent.objects.get(request=request, action="review_return")
    assert event.comment == "请写明讯问的重点问题。" and event.private_to == "requesting"
    # Fixed, submitted again, reviewed, then returned unsigned by the chief.
    request = act(gs_prosecutor, request, "submit")
    request = act(reviewer, request, "review")
    assert Notification.objects.filter(recipient=chief).count() == 1
    with pytest.raises(PermissionDenied):
        act(reviewer, request, "sign_off")  # the reviewer does not sign
    with pytest.raises(PermissionDenied):
        act(gs_prosecutor, request, "sign_off")  # nor does the drafter
    request = act(chief, request, "signature_return", comment="附件不全。")
    assert request.status == Status.DRAFT
    assert not Letter.objects.exists() and not Notification.objects.filter(recipient=qh_liaison)
    # Only the signature numbers, sends and tells the other side.
    request = act(reviewer, act(gs_prosecutor, request, "submit"), "review")
    request = act(chief, request, "sign_off")
    assert request.status == Status.SUBMITTED and request.number.endswith("〕1号")
    letter = Letter.objects.get()
    assert letter.signed_off_by == chief and letter.version == 1 and letter.number == request.number
    assert Notification.objects.filter(recipient=qh_liaison).count() == 1


def test_the_chief_delegates_signing_for_a_period(gs_prosecutor, gs_liaison, clock):
    gs = member("GS")
    reviewer, chief = signoff_people(gs)
    deputy = person("gs-deputy", "GS", Role.PROSECUTOR)
    today = dt.date(2026, 3, 2)
    delegation = signing_delegation_create(
        user=chief, delegate=deputy, valid_from=today, valid_until=today + dt.timedelta(days=2)
    )
    assert delegation.created_by == chief and delegation.procuratorate == gs
    assert SIGNER in signoff_sides(deputy, gs)
    request = act(reviewer, submitted(gs_prosecutor), "review")
    request = act(deputy, request, "sign_off")
    assert Letter.objects.get().signed_off_by == deputy
    # An ended delegation gives nothing.
    clock.shift(dt.timedelta(days=3))
    assert signoff_sides(deputy, gs) == set()
    request = act(reviewer, submitted(gs_prosecutor), "review")
    with pytest.raises(PermissionDenied):
        act(deputy, request, "sign_off")


def test_nobody_delegates_to_themselves_or_raises_their_own_rights(gs_liaison, clock):
    _reviewer, chief = signoff_people(member("GS"))
    today = dt.date(2026, 3, 2)
    period = {"valid_from": today, "valid_until": today}
    with pytest.raises(ValidationError) as error:
        signing_delegation_create(user=chief, delegate=chief, **period)
    assert "delegate" in error.value.message_dict
    # Neither a deputy nor a liaison officer may lend themselves (or anyone) the signature.
    with pytest.raises(PermissionDenied):
        signing_delegation_create(user=gs_liaison, delegate=gs_liaison, **period)
    deputy = person("gs-deputy", "GS", Role.PROSECUTOR)
    signing_delegation_create(user=chief, delegate=deputy, **period)
    with pytest.raises(PermissionDenied):
        signing_delegation_create(user=deputy, delegate=gs_liaison, **period)
    # Only a colleague of the chief's own procuratorate, for a period that has not ended.
    with pytest.raises(ValidationError) as error:
        signing_delegation_create(user=chief, delegate=person("qh-x", "QH", Role.CHIEF), **period)
    assert "delegate" in error.value.message_dict
    yesterday = today - dt.timedelta(days=1)
    with pytest.raises(ValidationError) as error:
        signing_delegation_create(
            user=chief, delegate=deputy, valid_from=yesterday, valid_until=yesterday
        )
    assert "valid_until" in error.value.message_dict
    # The database refuses a delegation to oneself too.
    with pytest.raises(IntegrityError), transaction.atomic():
        SigningDelegation.objects.create(
            procuratorate=member("GS"), delegate=chief, created_by=chief, **period
        )


def test_the_queue_lists_what_waits_for_me_and_nothing_else(
    client, gs_prosecutor, qh_liaison, django_assert_max_num_queries, clock
):
    reviewer, chief = signoff_people(gs_prosecutor.procuratorate)
    in_review = submitted(gs_prosecutor)
    awaiting = act(reviewer, submitted(gs_prosecutor), "review")
    make_request(gs_prosecutor, submit=True)  # signed off: waits for nobody
    assert list(signoff_queue(user=reviewer)) == [in_review]
    assert list(signoff_queue(user=chief)) == [awaiting]
    assert not signoff_queue(user=gs_prosecutor).exists()
    assert not signoff_queue(user=qh_liaison).exists()
    chief.refresh_from_db()  # the factory set its password again (make_request signs off)
    client.force_login(chief)
    with django_assert_max_num_queries(12):
        page = client.get(reverse("cases:request-list", args=["signoff"]))
    assert page.status_code == 200 and page.context["page"].object_list == [awaiting]
    api = client.get("/api/v1/requests/?box=signoff").json()
    assert [item["id"] for item in api["results"]] == [awaiting.pk]


def test_drafts_and_reviews_are_404_to_the_other_province(
    client, gs_prosecutor, qh_liaison, nx_prosecutor, clock
):
    reviewer, _chief = signoff_people(gs_prosecutor.procuratorate)
    request = submitted(gs_prosecutor)
    for user in (qh_liaison, nx_prosecutor):
        client.force_login(user)
        for url in (
            reverse("cases:request-detail", args=[request.pk]),
            reverse("cases:request-draft-letter", args=[request.pk]),
            f"/api/v1/requests/{request.pk}/",
            f"/api/v1/requests/{request.pk}/draft-letter/",
        ):
            assert client.get(url).status_code == 404, (user, url)
        assert client.post(f"/api/v1/requests/{request.pk}/review/").status_code == 404
        with pytest.raises(Http404):
            services.letter_draft(user=user, request_pk=request.pk)
    client.force_login(reviewer)
    draft = client.get(reverse("cases:request-draft-letter", args=[request.pk]))
    assert draft.status_code == 200 and draft["Cache-Control"] == "private, no-store"
    assert not Letter.objects.exists()  # rendered for the reviewer, never stored


def test_the_delegation_page_is_the_chiefs(client, gs_prosecutor, clock):
    url = reverse("signing-delegations")
    assert client.get(url).status_code == 302  # to the sign-in page
    client.force_login(gs_prosecutor)
    assert client.get(url).status_code == 403
    _reviewer, chief = signoff_people(gs_prosecutor.procuratorate)
    client.force_login(chief)
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {"delegate": gs_prosecutor.pk, "valid_from": "2026-03-02", "valid_until": "2026-03-10"},
    )
    assert response.status_code == 302
    assert SigningDelegation.objects.get().delegate == gs_prosecutor
    response = client.post(
        url, {"delegate": chief.pk, "valid_from": "2026-03-02", "valid_until": "2026-03-10"}
    )
    assert response.status_code == 400  # the chief is not among the choices
    assert SigningDelegation.objects.count() == 1
    # A chief of another province sees none of Gansu's delegations.
    client.force_login(person("d-qh-chief", "QH", Role.CHIEF))
    page = client.get(url)
    assert page.status_code == 200 and list(page.context["delegations"]) == []


def test_nobody_writes_to_the_other_side_before_the_letter_is_signed_off(
    gs_prosecutor, qh_liaison, clock
):
    request = submitted(gs_prosecutor)
    with pytest.raises(ValidationError):
        act(gs_prosecutor, request, "message", comment="请尽快办理。")
    assert not Notification.objects.filter(recipient=qh_liaison).exists()
    assert "message" not in services.available_actions(gs_prosecutor, request)
