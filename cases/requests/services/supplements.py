"""补充函 and 更正函: letters the requesting side sends to a request already sent.

A handler of the requesting side drafts one (a step of the request, `draft_supplement`, while
the request is sent and not yet answered: submitted, accepted or in progress); the draft has a
sign-off of its own at the requesting procuratorate (portal.signoff: 核稿 unless switched off,
签发 by the chief or a delegated deputy, returns with a comment back to the drafter), and the
request keeps its status meanwhile. At 签发 it takes a new number from the requester's register
of request letters and is issued as a `Letter` of its kind; only then does the requested side
see it and is it told. Every step is on the request's timeline, the sign-off steps seen by the
requesting side only.
"""

import dataclasses

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _, gettext_noop

from cases.requests.models import (
    SUPPLEMENT_SIGNOFF,
    SUPPLEMENT_STATES,
    AssistanceRequest,
    DocumentRegister,
    Letter,
    RequestEvent,
    Side,
    Supplement,
    SupplementStatus,
)
from cases.requests.permissions import (
    HANDLING_ROLES,
    request_policy,
    side_of,
    supplement_policy,
)
from cases.requests.services.documents import issue_letter, register_next_number
from cases.requests.services.notices import side_people, tell
from portal.documents import rendering_record
from portal.models import User
from portal.signoff import (
    SIGNOFF_STEPS,
    first_signoff_state,
    reviewers_of,
    signers_of,
    signoff_sides,
    signoff_transitions,
)
from portal.workflow import Transition, Workflow

SIGNOFF_STATES = frozenset(SUPPLEMENT_SIGNOFF) | frozenset(SUPPLEMENT_SIGNOFF.values())
# What the drafter may do with a draft (a new one, or one returned from sign-off).
DRAFTING = frozenset({SupplementStatus.DRAFT})
REQUESTING = frozenset({Side.REQUESTING})


def sent_letters(request: AssistanceRequest):
    """The letters the requesting procuratorate sent on the request, which one may supplement
    or correct (the reply is the other side's)."""
    return request.letters.filter(issuer=request.requesting_procuratorate_id).exclude(
        kind=Letter.Kind.REPLY
    )


def fill_supplement(supplement: Supplement, *, kind="", body="", refers_to=None) -> None:
    """Validate and set what the drafter writes: the kind, the letter referred to, the text.

    A 补充函 refers to the request letter in force when no letter is named; a 更正函 names
    the letter whose error it corrects."""
    errors = {}
    if kind not in Supplement.Kind.values:
        errors["kind"] = _("Choose a supplementary letter or a correction letter.")
    if not (body or "").strip():
        errors["body"] = _("Write the text of the letter.")
    letters = sent_letters(supplement.request)
    if refers_to is None and kind == Supplement.Kind.SUPPLEMENT:
        refers_to = letters.filter(kind=Letter.Kind.REQUEST).order_by("-version").first()
    if refers_to is None:
        errors["refers_to"] = _("Name the letter your procuratorate sent that this one corrects.")
    elif not letters.filter(pk=refers_to.pk).exists():
        errors["refers_to"] = _("Choose a letter your procuratorate sent on this request.")
    if errors:
        raise ValidationError(errors)
    supplement.kind, supplement.body, supplement.refers_to = kind, body.strip(), refers_to


def apply_draft_supplement(user, request, *, comment, kind="", body="", refers_to=None):
    """The request's step `draft_supplement`: a new draft of the requesting side (nothing is
    sent, and the request keeps its status)."""
    supplement = Supplement(request=request, drafted_by=user)
    fill_supplement(supplement, kind=kind, body=body, refers_to=refers_to)
    supplement.save()
    return {"supplement": supplement.pk}


def request_still_open(supplement: Supplement) -> str | None:
    """A letter is sent only to a request still waiting for its answer."""
    request = supplement.request
    if request.status not in SUPPLEMENT_STATES:
        return _(
            "The request is %(status)s: no supplementary or correction letter can be sent to it."
        ) % {"status": request.get_status_display()}
    return None


def apply_edit(user, supplement, *, comment, kind="", body="", refers_to=None):
    fill_supplement(supplement, kind=kind, body=body, refers_to=refers_to)


def apply_submit(user, supplement, *, comment):
    ((review, signature),) = SUPPLEMENT_SIGNOFF.items()
    procuratorate = supplement.request.requesting_procuratorate
    supplement.status = first_signoff_state(procuratorate, review, signature)
    supplement.return_comment = ""


def apply_sign_off(user, supplement, *, comment):
    """签发: take a new number from the requester's register and issue the letter."""
    if reason := request_still_open(supplement):
        raise ValidationError(reason, code="state")
    request = supplement.request
    issuer = request.requesting_procuratorate
    number = register_next_number(procuratorate=issuer, series=DocumentRegister.Series.REQUEST)
    supplement.status = SupplementStatus.ISSUED
    issue_letter(
        request,
        supplement.kind,
        number,
        issuer,
        version=Letter.objects.filter(request=request, kind=supplement.kind).count() + 1,
        signed_off_by=user,
        signed_off_at=timezone.now(),
        supplement=supplement,
    )
    return {"letter": number}


def apply_send_back(user, supplement, *, comment):
    """Back to the drafter with the comment; they change it and submit it again."""
    supplement.status = SupplementStatus.DRAFT
    supplement.return_comment = comment


def supplement_sides(user: User, supplement: Supplement) -> set[str]:
    """The user's side of the request, and their part in the letter's sign-off now."""
    request = supplement.request
    sides = {Side.REQUESTING} if side_of(user, request) == Side.REQUESTING else set()
    if supplement.status in SIGNOFF_STATES:
        # Asked once per request read: a page lists every letter of the request in sign-off.
        known = request.__dict__.setdefault("_signoff_sides", {})
        if user.pk not in known:
            known[user.pk] = signoff_sides(user, request.requesting_procuratorate)
        sides |= known[user.pk]
    return sides


def drafting_step(label, apply, **kwargs) -> Transition:
    return Transition(
        label, DRAFTING, sides=REQUESTING, roles=HANDLING_ROLES, apply=apply, **kwargs
    )


SIGNOFF = signoff_transitions(
    review_to_signature=SUPPLEMENT_SIGNOFF, sign_off=apply_sign_off, send_back=apply_send_back
)
SUPPLEMENT_WORKFLOW = Workflow(
    Supplement,
    {
        "edit": drafting_step(_("change the draft"), apply_edit),
        "submit": drafting_step(
            _("submit for sign-off"),
            apply_submit,
            precondition=request_still_open,
            verb=gettext_noop(
                "%(actor)s submitted a supplementary or correction letter to %(number)s for "
                "your sign-off."
            ),
        ),
        "discard": drafting_step(_("discard the draft"), None, target=SupplementStatus.DISCARDED),
        **SIGNOFF,
        "sign_off": dataclasses.replace(SIGNOFF["sign_off"], precondition=request_still_open),
    },
    sides_of=supplement_sides,
    refusal=_("You may not %(action)s this letter."),
    wrong_state=_("This letter is %(status)s: you cannot %(action)s it now."),
)
# The steps the page and the API offer, in their order.
SUPPLEMENT_ACTIONS = list(SUPPLEMENT_WORKFLOW.transitions)

SENT_VERBS = {
    Supplement.Kind.SUPPLEMENT: gettext_noop(
        "%(actor)s sent supplementary letter %(letter)s to assistance request %(number)s."
    ),
    Supplement.Kind.CORRECTION: gettext_noop(
        "%(actor)s sent correction letter %(letter)s to assistance request %(number)s."
    ),
}


def supplement_transition(
    *, user: User, supplement: Supplement, action: str, comment: str = "", **data
) -> Supplement:
    """Take one step of a supplementary or correction letter's drafting and sign-off.

    Locks the request, then the letter (so a step of the request cannot interleave), checks
    the step is the user's and possible now, applies it, records it on the request's timeline
    and tells the next reviewer or signer, the drafter, or (once signed off) the other side.
    """
    if action not in SUPPLEMENT_WORKFLOW:
        raise ValidationError(_("Unknown action."), code="unknown_action")
    with transaction.atomic():
        request = (
            AssistanceRequest.objects.select_for_update()
            .select_related("requesting_procuratorate")
            .filter(pk=supplement.request_id)
            .first()
        )
        locked = Supplement.objects.select_for_update().filter(pk=supplement.pk).first()
        if request is None or locked is None:
            raise Http404
        locked.request = request
        if not supplement_policy.is_visible(user, "view", locked):
            raise Http404
        extra = SUPPLEMENT_WORKFLOW.take(user, action, locked, comment=comment, **data) or {}
        locked.save()
        RequestEvent.objects.create(
            request=request,
            actor=user,
            action=f"supplement_{action}",
            from_status=request.status,
            to_status=request.status,
            comment=extra.get("letter", comment) if action == "sign_off" else comment,
            private_to="" if action == "sign_off" else Side.REQUESTING,
        )
        notify_step(user, locked, action, extra)
    return locked


def notify_step(user: User, supplement: Supplement, action: str, extra: dict) -> None:
    """Tell the next reviewer or signer; the drafter of a return or a signature; and, once it
    is signed off, the requested side, who learns of the letter only then."""
    request = supplement.request
    params = {"actor": user.get_full_name(), "number": request.number, **extra}
    procuratorate = request.requesting_procuratorate
    if action in {"submit", "review"}:
        if supplement.status == SupplementStatus.IN_REVIEW:
            recipients = reviewers_of(procuratorate)
        else:
            recipients = signers_of(procuratorate)
        verb = SUPPLEMENT_WORKFLOW["submit"].verb
        if action == "review":
            verb = gettext_noop(
                "%(actor)s reviewed the supplementary or correction letter to %(number)s: it "
                "awaits your signature."
            )
        tell(recipients, verb, params, request, user)
    elif action in {"review_return", "signature_return"}:
        verb = gettext_noop(
            "%(actor)s returned the draft supplementary or correction letter to %(number)s to you."
        )
        tell({supplement.drafted_by}, verb, params, request, user)
    elif action == "sign_off":
        tell({supplement.drafted_by}, SUPPLEMENT_WORKFLOW[action].verb, params, request, user)
        tell(
            side_people(request, Side.REQUESTED), SENT_VERBS[supplement.kind], params, request, user
        )


def supplement_of(*, user: User, request_pk, supplement_pk) -> Supplement:
    """A supplementary or correction letter of a request, to the requesting side only (404 to
    everyone else: the requested side sees the issued letter, never the draft)."""
    request = request_policy.get_or_404(user, pk=request_pk)
    supplement = supplement_policy.get_or_404(user, pk=supplement_pk, request=request)
    supplement.request = request
    return supplement


def may_decide_supplement(user: User, supplement: Supplement, sides=None) -> bool:
    """Whether the user reviews or signs the letter now (a step of its sign-off is theirs)."""
    return supplement.status in SIGNOFF_STATES and bool(
        SIGNOFF_STEPS & set(SUPPLEMENT_WORKFLOW.available(user, supplement, sides))
    )


def supplement_draft(*, user: User, request_pk, supplement_pk) -> Letter:
    """The letter in sign-off, unsaved and unnumbered, to its reviewer and signer only."""
    supplement = supplement_of(user=user, request_pk=request_pk, supplement_pk=supplement_pk)
    if not may_decide_supplement(user, supplement):
        raise Http404
    request = supplement.request
    rendering_record(
        user=user, document=request, detail=f"draft-{supplement.kind}-{request.pk}.pdf"
    )
    return Letter(
        request=request,
        kind=supplement.kind,
        issuer=request.requesting_procuratorate,
        number="",
        version=request.letters.filter(kind=supplement.kind).count() + 1,
        supplement=supplement,
        created_at=timezone.now(),
    )
