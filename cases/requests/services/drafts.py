"""The letter in sign-off, shown to its reviewer and signer as a draft beside their decision."""

from django.http import Http404
from django.utils import timezone

from cases.requests.models import LETTER_SIGNOFF_STATES, Letter
from cases.requests.permissions import request_policy
from cases.requests.services.signoff import letter_kind, signing_procuratorate
from cases.requests.services.transitions import WORKFLOW
from portal.documents import rendering_record
from portal.models import User
from portal.signoff import SIGNOFF_STEPS


def may_decide_signoff(user: User, request) -> bool:
    """Whether the user reviews or signs the request's letter now (a step of sign-off is theirs)."""
    return request.status in LETTER_SIGNOFF_STATES and bool(
        SIGNOFF_STEPS & set(WORKFLOW.available(user, request))
    )


def letter_draft(*, user: User, request_pk) -> Letter:
    """The letter in sign-off, unsaved and unnumbered, to its reviewer and signer only.

    Everyone else gets 404, the other province above all: a draft is not sent yet.
    """
    request = request_policy.get_or_404(user, pk=request_pk)
    if not may_decide_signoff(user, request):
        raise Http404
    kind = letter_kind(request)
    rendering_record(user=user, document=request, detail=f"draft-{kind}-{request.pk}.pdf")
    return Letter(
        request=request,
        kind=kind,
        issuer=signing_procuratorate(request),
        number="",
        version=request.letters.filter(kind=kind).count() + 1,
        created_at=timezone.now(),
    )
