"""The life of an assistance request as a transition table, and the one way through it.

`request_transition` locks the request, checks who may take the step, applies it, records it
in the timeline with the fields it changed, and notifies the other side; letters are rendered
after commit.
"""

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.utils.translation import gettext_lazy as _, gettext_noop

from cases.requests.models import (
    EDITABLE_STATES,
    LETTER_SIGNOFF_STATES,
    OPEN_STATES,
    REPLY_SIGNOFF,
    REQUEST_SIGNOFF,
    SUPPLEMENT_STATES,
    AssistanceRequest,
    DeadlineExtension,
    RequestEvent,
    Side,
    Status,
)
from cases.requests.permissions import (
    HANDLING_ROLES,
    RECEIVING_ROLES,
    may_create_requests,
    request_policy,
    side_of,
)
from cases.requests.services.drafting import fill_request
from cases.requests.services.notices import notify_about, side_people  # noqa: F401
from cases.requests.services.signoff import (
    apply_send_back,
    apply_sign_off,
    drafter_of,
    request_signoff_sides,
)
from cases.requests.services.steps import (
    apply_agree_slot,
    apply_ask_extension,
    apply_assign,
    apply_attach,
    apply_complete,
    apply_decide_extension,
    apply_edit,
    apply_forward,
    apply_message,
    apply_note,
    apply_return,
    apply_start,
    apply_submit,
)
from cases.requests.services.supplements import apply_draft_supplement
from cases.requests.types import SPECS
from portal.models import Role, User
from portal.signoff import SIGNOFF_STEPS, signoff_transitions
from portal.workflow import Transition, Workflow

ANY_SIDE = frozenset({Side.REQUESTING, Side.REQUESTED})


LIVE_STATES = frozenset(set(Status) - {Status.WITHDRAWN, Status.CONFIRMED})


# Fields whose every change is kept in the timeline (field: [old, new]).
TRACKED_FIELDS = [
    "request_type", "requested_procuratorate_id", "forwarded_to_id", "handler_id", "urgency",
    "due_date", "case_name", "case_number", "category", "legal_basis", "description",
    "contact_person", "contact_phone", "needs_venue", "needs_equipment", "needs_coordination",
    "details", "return_reason", "reply_completion", "reply_result", "reply_alternative",
    "agreed_slot_id", "agreed_venue", "agreed_equipment",
]  # fmt: skip


def has_pending_extension(request: AssistanceRequest) -> bool:
    # Reads the prefetched extensions where a page has them, so offering actions costs nothing.
    pending = DeadlineExtension.Decision.PENDING
    return any(extension.decision == pending for extension in request.extensions.all())


def needs_slots(request):
    if not SPECS[request.request_type].has_slots:
        return _("This type of request has no time slot to agree.")
    return None


def no_pending_extension(request):
    if has_pending_extension(request):
        return _("An extension is already waiting for the requester's answer.")
    return None


def pending_extension(request):
    if not has_pending_extension(request):
        return _("No extension is waiting for an answer.")
    return None


def was_sent(request):
    # A letter never signed off has not reached the other side: there is nobody to write to.
    if not request.number:
        return _("The request has not been sent yet.")
    return None


def sides_of(user: User, request: AssistanceRequest) -> set[str]:
    """The user's side of the request, and their part in the sign-off of its letter now."""
    side = side_of(user, request)
    sides = {side} if side else set()
    if request.status in LETTER_SIGNOFF_STATES:
        sides |= request_signoff_sides(user, request)
    return sides


REQUESTING, REQUESTED = frozenset({Side.REQUESTING}), frozenset({Side.REQUESTED})
DURING_WORK = frozenset({Status.ACCEPTED, Status.IN_PROGRESS})

WORKFLOW = Workflow(
    AssistanceRequest,
    {
        "edit": Transition(
            _("edit"), EDITABLE_STATES, sides=REQUESTING, roles=HANDLING_ROLES, apply=apply_edit
        ),
        "submit": Transition(
            _("submit"),
            EDITABLE_STATES,
            sides=REQUESTING,
            roles=HANDLING_ROLES,
            apply=apply_submit,
            verb=gettext_noop("%(actor)s submitted the letter of %(number)s for your sign-off."),
        ),
        "accept": Transition(
            _("accept"),
            frozenset({Status.SUBMITTED}),
            Status.ACCEPTED,
            sides=REQUESTED,
            roles=RECEIVING_ROLES,
            verb=gettext_noop("%(actor)s accepted assistance request %(number)s."),
        ),
        "return": Transition(
            _("return"),
            frozenset({Status.SUBMITTED}),
            Status.RETURNED,
            sides=REQUESTED,
            roles=RECEIVING_ROLES,
            apply=apply_return,
            verb=gettext_noop("%(actor)s returned assistance request %(number)s."),
        ),
        "forward": Transition(
            _("forward"),
            DURING_WORK,
            sides=REQUESTED,
            roles=RECEIVING_ROLES,
            apply=apply_forward,
            verb=gettext_noop("%(actor)s forwarded assistance request %(number)s to %(target)s."),
        ),
        "assign": Transition(
            _("assign a handler"),
            DURING_WORK,
            sides=REQUESTED,
            roles=RECEIVING_ROLES,
            apply=apply_assign,
            verb=gettext_noop("%(actor)s made you the handler of assistance request %(number)s."),
        ),
        "start": Transition(
            _("start"),
            frozenset({Status.ACCEPTED}),
            Status.IN_PROGRESS,
            sides=REQUESTED,
            roles=HANDLING_ROLES,
            apply=apply_start,
            verb=gettext_noop("%(actor)s started work on assistance request %(number)s."),
        ),
        "agree_slot": Transition(
            _("agree the time slot"),
            DURING_WORK,
            sides=REQUESTED,
            roles=HANDLING_ROLES,
            apply=apply_agree_slot,
            precondition=needs_slots,
            verb=gettext_noop(
                "%(actor)s agreed the time and venue of assistance request %(number)s."
            ),
        ),
        "ask_extension": Transition(
            _("ask for more time"),
            DURING_WORK,
            sides=REQUESTED,
            roles=HANDLING_ROLES,
            apply=apply_ask_extension,
            precondition=no_pending_extension,
            verb=gettext_noop("%(actor)s asks for more time on assistance request %(number)s."),
        ),
        "decide_extension": Transition(
            _("decide on more time"),
            OPEN_STATES,
            sides=REQUESTING,
            roles=HANDLING_ROLES,
            apply=apply_decide_extension,
            precondition=pending_extension,
            verb=gettext_noop(
                "%(actor)s decided on the extension of assistance request %(number)s."
            ),
        ),
        "complete": Transition(
            _("complete"),
            frozenset({Status.IN_PROGRESS}),
            sides=REQUESTED,
            roles=HANDLING_ROLES,
            apply=apply_complete,
            verb=gettext_noop("%(actor)s submitted the reply to %(number)s for your sign-off."),
        ),
        "confirm": Transition(
            _("confirm"),
            frozenset({Status.COMPLETED}),
            Status.CONFIRMED,
            sides=REQUESTING,
            roles=HANDLING_ROLES,
            verb=gettext_noop("%(actor)s confirmed the reply to assistance request %(number)s."),
        ),
        "withdraw": Transition(
            _("withdraw"),
            frozenset({Status.SUBMITTED, Status.ACCEPTED, Status.IN_PROGRESS, Status.RETURNED}),
            Status.WITHDRAWN,
            sides=REQUESTING,
            roles=HANDLING_ROLES,
            verb=gettext_noop("%(actor)s withdrew assistance request %(number)s."),
        ),
        "message": Transition(
            _("send a message"),
            LIVE_STATES - {Status.DRAFT},
            sides=ANY_SIDE,
            roles=HANDLING_ROLES | {Role.CHIEF},
            apply=apply_message,
            precondition=was_sent,
            verb=gettext_noop("%(actor)s wrote about assistance request %(number)s."),
        ),
        "note": Transition(
            _("add an internal note"),
            LIVE_STATES,
            sides=ANY_SIDE,
            roles=HANDLING_ROLES,
            apply=apply_note,
        ),
        "attach": Transition(
            _("attach a document"),
            LIVE_STATES,
            sides=ANY_SIDE,
            roles=HANDLING_ROLES,
            apply=apply_attach,
            verb=gettext_noop("%(actor)s attached a document to assistance request %(number)s."),
        ),
        # A 补充函 or 更正函 to the request sent: a draft with a sign-off of its own
        # (services.supplements); the request keeps its status.
        "draft_supplement": Transition(
            _("draft a supplementary or correction letter"),
            SUPPLEMENT_STATES,
            sides=REQUESTING,
            roles=HANDLING_ROLES,
            apply=apply_draft_supplement,
        ),
        # 核稿 and 签发 of the request letter (requesting side) and of the reply (requested side).
        **signoff_transitions(
            review_to_signature={**REQUEST_SIGNOFF, **REPLY_SIGNOFF},
            sign_off=apply_sign_off,
            send_back=apply_send_back,
        ),
    },
    sides_of=sides_of,
    refusal=_("You may not %(action)s this request."),
    wrong_state=_("This request is %(status)s: you cannot %(action)s it now."),
)
TRANSITIONS = WORKFLOW.transitions


def check_action(user: User, request: AssistanceRequest, action: str) -> None:
    """Refuse the action unless it is the user's to take (403) and possible now (400)."""
    WORKFLOW.check(user, action, request)


def available_actions(user: User, request: AssistanceRequest) -> list[str]:
    """The actions the user may take on the request now (what the detail page offers)."""
    return WORKFLOW.available(user, request)


def snapshot(request: AssistanceRequest) -> dict:
    return {name: getattr(request, name) for name in TRACKED_FIELDS}


def as_json(value):
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    return value


def diff(before: dict, after: dict) -> dict:
    return {
        name: [as_json(before[name]), as_json(after[name])]
        for name in TRACKED_FIELDS
        if before[name] != after[name]
    }


# Steps only the acting side sees in the timeline: a note, the sign-off of its own letter (the
# reply, submitted with `complete`, reaches the requester with its signature).
INTERNAL_ACTIONS = frozenset(
    {"note", "complete", "review", "review_return", "signature_return", "draft_supplement"}
)


def request_transition(
    *, user: User, request: AssistanceRequest, action: str, comment: str = "", **data
) -> AssistanceRequest:
    """Take one step of a request's life: the single way any of them happens.

    Locks the row (two people acting at once cannot both succeed), checks the step is the
    user's to take, applies it, records it with what changed, and notifies the other side
    in-app and by e-mail after commit. A refused step raises and changes nothing.
    """
    if action not in WORKFLOW:
        raise ValidationError(_("Unknown action."), code="unknown_action")
    transition = WORKFLOW[action]
    with transaction.atomic():
        locked = AssistanceRequest.objects.select_for_update().filter(pk=request.pk).first()
        if locked is None or not request_policy.is_visible(user, "view", locked):
            raise Http404
        before, from_status = snapshot(locked), locked.status
        # Whom a step of sign-off answers to, read before the step moves the request on.
        drafter = drafter_of(locked) if action in SIGNOFF_STEPS else None
        extra = WORKFLOW.take(user, action, locked, comment=comment, **data)
        locked.save()
        changes = diff(before, snapshot(locked))
        RequestEvent.objects.create(
            request=locked,
            actor=user,
            action=action,
            from_status=from_status,
            to_status=locked.status,
            comment=comment,
            private_to=side_of(user, locked) if action in INTERNAL_ACTIONS else "",
            changes=changes,
        )
        if transition.verb:
            notify_about(user, locked, action, transition.verb, extra or {}, drafter=drafter)
    return locked


def request_create(
    *,
    user: User,
    data: dict,
    details: dict,
    slots: list[tuple[dt.datetime, dt.datetime]],
    upload=None,
) -> AssistanceRequest:
    """Create a draft request from the user's procuratorate; nothing is sent yet."""
    if not may_create_requests(user):
        raise PermissionDenied(_("You may not file assistance requests."))
    with transaction.atomic():
        request = AssistanceRequest(
            requesting_procuratorate=user.procuratorate, created_by=user, status=Status.DRAFT
        )
        fill_request(request, data, details, slots, user=user, new=True)
        RequestEvent.objects.create(
            request=request, actor=user, action="create", to_status=Status.DRAFT
        )
        if upload is not None:
            apply_attach(user=user, request=request, comment="", upload=upload)
    return request


def request_update(*, user, request, data: dict, details: dict, slots) -> AssistanceRequest:
    """Change a draft or returned request; every changed field is kept in the timeline."""
    return request_transition(
        user=user, request=request, action="edit", data=data, details=details, slots=slots
    )
