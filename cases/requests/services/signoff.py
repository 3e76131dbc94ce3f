"""Sign-off of a request's letters: the request letter at the requesting procuratorate, the
reply letter at the one handling it (portal.signoff has the steps and who takes them).

The number is taken from the register at 签发, and only then is the other side told: the
request becomes submitted, or the reply completed. A request re-sent after a return is signed
off again, and its letter is issued as a new version with a new number: offices re-send a
corrected 函 under a new number, and the earlier versions stay on the request page.
"""

from django.utils import timezone

from cases.requests.models import (
    REPLY_SIGNOFF,
    REPLY_SIGNOFF_STATES,
    REQUEST_SIGNOFF,
    REQUEST_SIGNOFF_STATES,
    AssistanceRequest,
    DocumentRegister,
    Letter,
    RequestEvent,
    Status,
)
from cases.requests.services.documents import issue_letter, register_next_number
from portal.models import Procuratorate, User
from portal.signoff import first_signoff_state, reviewers_of, signers_of, signoff_sides


def signing_procuratorate(request: AssistanceRequest) -> Procuratorate | None:
    """Whose sign-off the request is in now: the requester's for its letter, the handling
    procuratorate's for the reply; None when no letter is in sign-off."""
    if request.status in REQUEST_SIGNOFF_STATES:
        return request.requesting_procuratorate
    if request.status in REPLY_SIGNOFF_STATES:
        return request.handling_procuratorate
    return None


def request_signoff_sides(user: User, request: AssistanceRequest) -> set[str]:
    """The sign-off sides (reviewer, signer) the user stands on for the request now."""
    procuratorate = signing_procuratorate(request)
    return signoff_sides(user, procuratorate) if procuratorate is not None else set()


def letter_kind(request: AssistanceRequest) -> str:
    """The kind of letter in sign-off now."""
    return Letter.Kind.REQUEST if request.status in REQUEST_SIGNOFF_STATES else Letter.Kind.REPLY


def enter_signoff(request: AssistanceRequest, *, reply: bool) -> None:
    """Send the drafted letter to review (or straight to the signer without 核稿)."""
    if reply:
        ((review, signature),) = REPLY_SIGNOFF.items()
        procuratorate = request.handling_procuratorate
    else:
        ((review, signature),) = REQUEST_SIGNOFF.items()
        procuratorate = request.requesting_procuratorate
    request.status = first_signoff_state(procuratorate, review, signature)


def apply_sign_off(user, request, *, comment):
    """签发: take the number from the register, issue the letter, tell the other side."""
    issuer = signing_procuratorate(request)
    kind = letter_kind(request)
    series = (
        DocumentRegister.Series.REQUEST
        if kind == Letter.Kind.REQUEST
        else (DocumentRegister.Series.REPLY)
    )
    number = register_next_number(procuratorate=issuer, series=series)
    now = timezone.now()
    if kind == Letter.Kind.REQUEST:
        if not request.number:
            request.number, request.submitted_at = number, now
        request.return_reason, request.return_comment = "", ""
        request.status = Status.SUBMITTED
    else:
        request.completed_at = now
        request.status = Status.COMPLETED
    version = Letter.objects.filter(request=request, kind=kind).count() + 1
    issue_letter(
        request, kind, number, issuer, version=version, signed_off_by=user, signed_off_at=now
    )
    return {"letter": number}


def apply_send_back(user, request, *, comment):
    """Return the draft to the drafter, who changes it and submits it again."""
    if request.status in REPLY_SIGNOFF_STATES:
        request.status = Status.IN_PROGRESS
    else:
        request.status = Status.RETURNED if request.number else Status.DRAFT


def drafter_of(request: AssistanceRequest) -> User:
    """Who submitted the letter now in sign-off (the request's author, or the replier)."""
    action = "complete" if request.status in REPLY_SIGNOFF_STATES else "submit"
    event = (
        RequestEvent.objects.filter(request=request, action=action).select_related("actor").last()
    )
    return event.actor if event and event.actor else request.created_by


def signoff_recipients(action: str, request: AssistanceRequest, drafter: User | None):
    """Whom a step of sign-off tells: the next reviewer or signer, or the drafter."""
    procuratorate = signing_procuratorate(request)
    if action in {"review_return", "signature_return", "sign_off"}:
        return {drafter} if drafter else set()
    if request.status in {Status.IN_REVIEW, Status.REPLY_IN_REVIEW}:
        return set(reviewers_of(procuratorate))
    return set(signers_of(procuratorate))
