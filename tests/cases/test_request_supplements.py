"""补充函 and 更正函: drafted by the requesting side of a request sent, signed off on their own,
numbered from the register only at 签发, seen by the requested side only then."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from cases.models import (
    DocumentRegister,
    Letter,
    RequestEvent,
    Status,
    Supplement,
    SupplementStatus,
)
from cases.requests import services
from cases.requests.selectors import signoff_queue
from portal.models import Notification
from tests.factories import make_request, signoff_people

TEXT = "经进一步核查，犯罪嫌疑人李某某另有一处银行账户（尾号 8812），请一并核实资金去向。"


def act(user, request, action, **data):
    return services.request_transition(user=user, request=request, action=action, **data)


def step(user, supplement, action, **data):
    return services.supplement_transition(user=user, supplement=supplement, action=action, **data)


def draft(user, request, kind="supplement", body=TEXT, **data):
    act(user, request, "draft_supplement", kind=kind, body=body, **data)
    return Supplement.objects.filter(request=request).latest("pk")


def register_last(request) -> int:
    register = DocumentRegister.objects.get(
        procuratorate=request.requesting_procuratorate, series=DocumentRegister.Series.REQUEST
    )
    return register.last_number


@pytest.fixture
def accepted(gs_prosecutor, qh_liaison, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        request = make_request(gs_prosecutor, submit=True)
    return act(qh_liaison, request, "accept")


def test_a_supplement_is_signed_off_on_its_own_and_numbered_only_then(
    accepted, gs_prosecutor, qh_liaison, django_capture_on_commit_callbacks
):
    request = accepted
    reviewer, chief = signoff_people(request.requesting_procuratorate)
    request_letter = Letter.objects.get(request=request, kind="request")
    told_before = Notification.objects.filter(recipient=qh_liaison).count()

    supplement = draft(gs_prosecutor, request)
    assert supplement.status == SupplementStatus.DRAFT
    assert supplement.refers_to == request_letter  # the request letter in force
    supplement = step(gs_prosecutor, supplement, "submit")
    assert supplement.status == SupplementStatus.IN_REVIEW
    assert Notification.objects.filter(recipient=reviewer).exists()
    supplement = step(reviewer, supplement, "review")
    assert supplement.status == SupplementStatus.AWAITING_SIGNATURE
    assert Notification.objects.filter(recipient=chief).exists()
    # Until 签发: no number taken, no letter, the other side neither sees nor hears.
    assert register_last(request) == 1
    assert not Letter.objects.filter(request=request, kind="supplement").exists()
    assert Notification.objects.filter(recipient=qh_liaison).count() == told_before
    with pytest.raises(Http404):
        services.supplement_of(user=qh_liaison, request_pk=request.pk, supplement_pk=supplement.pk)

    with django_capture_on_commit_callbacks(execute=True):
        supplement = step(chief, supplement, "sign_off")
    assert supplement.status == SupplementStatus.ISSUED
    letter = Letter.objects.get(request=request, kind="supplement")
    assert letter.supplement == supplement and letter.version == 1
    assert letter.number == request.number.replace("〕1号", "〕2号")  # the request letters' series
    assert letter.signed_off_by == chief and letter.issuer == request.requesting_procuratorate
    assert letter.state == Letter.State.ISSUED and letter.signature_valid
    assert letter.file.read(4) == b"%PDF"
    request.refresh_from_db()
    # The request keeps its status and its first number as its reference.
    assert request.status == Status.ACCEPTED and request.number.endswith("〕1号")
    told = Notification.objects.filter(recipient=qh_liaison).latest("pk")
    assert told.params["letter"] == letter.number
    assert Notification.objects.filter(recipient=gs_prosecutor, params__letter=letter.number)

    events = {e.action: e for e in RequestEvent.objects.filter(request=request)}
    assert events["draft_supplement"].private_to == "requesting"
    assert events["supplement_review"].private_to == "requesting"
    assert events["supplement_sign_off"].private_to == ""
    assert events["supplement_sign_off"].comment == letter.number


def test_a_correction_names_the_letter_it_corrects(accepted, gs_prosecutor):
    request_letter = Letter.objects.get(request=accepted, kind="request")
    with pytest.raises(ValidationError) as error:
        draft(gs_prosecutor, accepted, kind="correction")
    assert "refers_to" in error.value.message_dict
    correction = draft(gs_prosecutor, accepted, kind="correction", refers_to=request_letter)
    assert correction.kind == "correction" and correction.refers_to == request_letter


def test_refused_in_the_wrong_states_and_to_the_wrong_people(
    gs_prosecutor, qh_liaison, nx_prosecutor, accepted, django_capture_on_commit_callbacks
):
    reviewer, chief = signoff_people(accepted.requesting_procuratorate)
    unsent = make_request(gs_prosecutor)
    with pytest.raises(ValidationError):
        draft(gs_prosecutor, unsent)  # a draft request is changed, not supplemented
    unsent = act(gs_prosecutor, unsent, "submit")
    with pytest.raises(ValidationError):
        draft(gs_prosecutor, unsent)  # its own letter is in sign-off
    with pytest.raises(PermissionDenied):
        draft(qh_liaison, accepted)  # the requested side sends none
    with pytest.raises(Http404):
        draft(nx_prosecutor, accepted)  # another province does not even see the request
    with pytest.raises(ValidationError) as error:
        draft(gs_prosecutor, accepted, body="  ")
    assert "body" in error.value.message_dict
    assert not Supplement.objects.exists()

    supplement = draft(gs_prosecutor, accepted)
    with pytest.raises(PermissionDenied):
        step(reviewer, supplement, "review")  # a draft is nobody's to review yet
    with pytest.raises(PermissionDenied):
        step(reviewer, supplement, "submit")  # the department head drafts nothing
    supplement = step(gs_prosecutor, supplement, "submit")
    with pytest.raises(PermissionDenied):
        step(gs_prosecutor, supplement, "review")  # the drafter does not review
    with pytest.raises(Http404):
        step(qh_liaison, supplement, "review")
    with pytest.raises(ValidationError):
        step(chief, supplement, "sign_off")  # not yet reviewed
    supplement = step(reviewer, supplement, "review")
    # The request is withdrawn meanwhile: nothing is sent to it any more.
    act(gs_prosecutor, accepted, "withdraw")
    with pytest.raises(ValidationError):
        step(chief, supplement, "sign_off")
    supplement.refresh_from_db()
    assert supplement.status == SupplementStatus.AWAITING_SIGNATURE
    assert register_last(accepted) == 1
    with pytest.raises(ValidationError):
        draft(gs_prosecutor, accepted)


def test_no_supplement_once_the_reply_is_in(gs_prosecutor, qh_liaison, accepted):
    request = act(qh_liaison, accepted, "start")
    request = act(qh_liaison, request, "complete", result="已办理。", completion="full")
    with pytest.raises(ValidationError):
        draft(gs_prosecutor, request)


def test_returns_go_back_to_the_drafter_with_the_comment(accepted, gs_prosecutor):
    reviewer, chief = signoff_people(accepted.requesting_procuratorate)
    supplement = step(gs_prosecutor, draft(gs_prosecutor, accepted), "submit")
    with pytest.raises(ValidationError):
        step(reviewer, supplement, "review_return", comment=" ")
    supplement = step(reviewer, supplement, "review_return", comment="请写明账户开户行。")
    assert supplement.status == SupplementStatus.DRAFT
    assert supplement.return_comment == "请写明账户开户行。"
    told = Notification.objects.filter(recipient=gs_prosecutor).latest("pk")
    assert "returned" in told.verb
    supplement = step(
        gs_prosecutor,
        supplement,
        "edit",
        kind="supplement",
        body=TEXT + "开户行为青海银行西宁分行。",
        refers_to=None,
    )
    assert "开户行" in supplement.body
    supplement = step(gs_prosecutor, supplement, "submit")
    assert supplement.return_comment == ""
    supplement = step(reviewer, supplement, "review")
    supplement = step(chief, supplement, "signature_return", comment="请核对账户尾号。")
    assert supplement.status == SupplementStatus.DRAFT
    assert register_last(accepted) == 1  # a return takes no number
    supplement = step(gs_prosecutor, supplement, "discard")
    assert supplement.status == SupplementStatus.DISCARDED
    with pytest.raises(ValidationError):
        step(gs_prosecutor, supplement, "submit")


def test_without_review_a_supplement_goes_straight_to_the_signer(accepted, gs_prosecutor):
    procuratorate = accepted.requesting_procuratorate
    procuratorate.signoff_review = False
    procuratorate.save()
    supplement = step(gs_prosecutor, draft(gs_prosecutor, accepted), "submit")
    assert supplement.status == SupplementStatus.AWAITING_SIGNATURE


def test_the_signoff_queue_holds_requests_whose_supplement_waits(accepted, gs_prosecutor):
    reviewer, chief = signoff_people(accepted.requesting_procuratorate)
    assert not signoff_queue(user=reviewer).exists()
    supplement = step(gs_prosecutor, draft(gs_prosecutor, accepted), "submit")
    assert list(signoff_queue(user=reviewer)) == [accepted]
    assert not signoff_queue(user=chief).exists()
    step(reviewer, supplement, "review")
    assert not signoff_queue(user=reviewer).exists()
    assert list(signoff_queue(user=chief)) == [accepted]
    assert not signoff_queue(user=gs_prosecutor).exists()


def test_the_supplement_waits_on_its_reviewer_s_and_signer_s_page_as_a_supplement(
    accepted, gs_prosecutor, qh_liaison
):
    from django.utils import translation

    from portal.signoff import REVIEWER, SIGNER, documents_awaiting

    def waiting(user):
        with translation.override("en"):
            return [(i.kind, i.title, i.step) for i in documents_awaiting(user=user)]

    reviewer, chief = signoff_people(accepted.requesting_procuratorate)
    supplement = step(gs_prosecutor, draft(gs_prosecutor, accepted), "submit")
    # The request itself is accepted: only its 补充函 waits, and it is named as such.
    assert waiting(reviewer) == [("Supplementary letter", accepted.case_name, REVIEWER)]
    assert waiting(chief) == [] and waiting(qh_liaison) == []
    step(reviewer, supplement, "review")
    assert waiting(chief) == [("Supplementary letter", accepted.case_name, SIGNER)]
    assert waiting(reviewer) == []
