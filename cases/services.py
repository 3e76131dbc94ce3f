"""Every write on assistance requests.

The life of a request is a transition table. `request_transition` is the one way through it:
it locks the request, checks who may take the step, applies it, records it in the timeline
with the fields it changed, and notifies the other side — letters are rendered after commit.
"""

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from cases.models import (
    EDITABLE_STATES,
    OPEN_STATES,
    AssistanceRequest,
    AttachmentDownload,
    Completion,
    DeadlineExtension,
    DocumentRegister,
    Letter,
    ProposedSlot,
    RequestAttachment,
    RequestEvent,
    RequestMessage,
    ReturnReason,
    Side,
    Status,
)
from cases.permissions import (
    HANDLING_ROLES,
    RECEIVING_ROLES,
    may_create_requests,
    request_policy,
    side_of,
)
from cases.request_types import SPECS, clean_details
from portal.models import Procuratorate, Role, User
from portal.permissions import subtree_ids
from portal.services import notify, queue_after_commit

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
COMMON_FIELDS = [
    "request_type", "requested_procuratorate", "urgency", "due_date", "case_name", "case_number",
    "category", "legal_basis", "description", "contact_person", "contact_phone", "needs_venue",
    "needs_equipment", "needs_coordination",
]  # fmt: skip


@dataclass(frozen=True)
class Transition:
    """One step a request can take: from which states, to which, by which side and roles."""

    label: str
    sources: frozenset[str]
    target: str | None
    sides: frozenset[str]
    roles: frozenset[str]
    # Sent to the other side, English source with %(number)s and %(actor)s; "" sends nothing.
    verb: str
    # What else must hold for the step to make sense now; returns why not, or None.
    precondition: Callable[[AssistanceRequest], str | None] | None = None


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


TRANSITIONS: dict[str, Transition] = {
    "edit": Transition(
        _("edit"), EDITABLE_STATES, None, frozenset({Side.REQUESTING}), HANDLING_ROLES, ""
    ),
    "submit": Transition(
        _("submit"),
        EDITABLE_STATES,
        Status.SUBMITTED,
        frozenset({Side.REQUESTING}),
        HANDLING_ROLES,
        gettext_noop("%(actor)s sent you assistance request %(number)s."),
    ),
    "accept": Transition(
        _("accept"),
        frozenset({Status.SUBMITTED}),
        Status.ACCEPTED,
        frozenset({Side.REQUESTED}),
        RECEIVING_ROLES,
        gettext_noop("%(actor)s accepted assistance request %(number)s."),
    ),
    "return": Transition(
        _("return"),
        frozenset({Status.SUBMITTED}),
        Status.RETURNED,
        frozenset({Side.REQUESTED}),
        RECEIVING_ROLES,
        gettext_noop("%(actor)s returned assistance request %(number)s."),
    ),
    "forward": Transition(
        _("forward"),
        frozenset({Status.ACCEPTED, Status.IN_PROGRESS}),
        None,
        frozenset({Side.REQUESTED}),
        RECEIVING_ROLES,
        gettext_noop("%(actor)s forwarded assistance request %(number)s to %(target)s."),
    ),
    "assign": Transition(
        _("assign a handler"),
        frozenset({Status.ACCEPTED, Status.IN_PROGRESS}),
        None,
        frozenset({Side.REQUESTED}),
        RECEIVING_ROLES,
        gettext_noop("%(actor)s made you the handler of assistance request %(number)s."),
    ),
    "start": Transition(
        _("start"),
        frozenset({Status.ACCEPTED}),
        Status.IN_PROGRESS,
        frozenset({Side.REQUESTED}),
        HANDLING_ROLES,
        gettext_noop("%(actor)s started work on assistance request %(number)s."),
    ),
    "agree_slot": Transition(
        _("agree the time slot"),
        frozenset({Status.ACCEPTED, Status.IN_PROGRESS}),
        None,
        frozenset({Side.REQUESTED}),
        HANDLING_ROLES,
        gettext_noop("%(actor)s agreed the time and venue of assistance request %(number)s."),
        needs_slots,
    ),
    "ask_extension": Transition(
        _("ask for more time"),
        frozenset({Status.ACCEPTED, Status.IN_PROGRESS}),
        None,
        frozenset({Side.REQUESTED}),
        HANDLING_ROLES,
        gettext_noop("%(actor)s asks for more time on assistance request %(number)s."),
        no_pending_extension,
    ),
    "decide_extension": Transition(
        _("decide on more time"),
        OPEN_STATES,
        None,
        frozenset({Side.REQUESTING}),
        HANDLING_ROLES,
        gettext_noop("%(actor)s decided on the extension of assistance request %(number)s."),
        pending_extension,
    ),
    "complete": Transition(
        _("complete"),
        frozenset({Status.IN_PROGRESS}),
        Status.COMPLETED,
        frozenset({Side.REQUESTED}),
        HANDLING_ROLES,
        gettext_noop("%(actor)s completed assistance request %(number)s and replied."),
    ),
    "confirm": Transition(
        _("confirm"),
        frozenset({Status.COMPLETED}),
        Status.CONFIRMED,
        frozenset({Side.REQUESTING}),
        HANDLING_ROLES,
        gettext_noop("%(actor)s confirmed the reply to assistance request %(number)s."),
    ),
    "withdraw": Transition(
        _("withdraw"),
        frozenset({Status.SUBMITTED, Status.ACCEPTED, Status.IN_PROGRESS, Status.RETURNED}),
        Status.WITHDRAWN,
        frozenset({Side.REQUESTING}),
        HANDLING_ROLES,
        gettext_noop("%(actor)s withdrew assistance request %(number)s."),
    ),
    "message": Transition(
        _("send a message"),
        LIVE_STATES - {Status.DRAFT},
        None,
        ANY_SIDE,
        HANDLING_ROLES | {Role.CHIEF},
        gettext_noop("%(actor)s wrote about assistance request %(number)s."),
    ),
    "note": Transition(_("add an internal note"), LIVE_STATES, None, ANY_SIDE, HANDLING_ROLES, ""),
    "attach": Transition(
        _("attach a document"),
        LIVE_STATES,
        None,
        ANY_SIDE,
        HANDLING_ROLES,
        gettext_noop("%(actor)s attached a document to assistance request %(number)s."),
    ),
}


def check_action(user: User, request: AssistanceRequest, action: str) -> None:
    """Refuse the action unless it is the user's to take (403) and possible now (400)."""
    transition = TRANSITIONS[action]
    if side_of(user, request) not in transition.sides or not user.has_role(*transition.roles):
        raise PermissionDenied(
            _("You may not %(action)s this request.") % {"action": transition.label}
        )
    if request.status not in transition.sources:
        raise ValidationError(
            _("This request is %(status)s: you cannot %(action)s it now.")
            % {"status": request.get_status_display(), "action": transition.label},
            code="state",
        )
    if transition.precondition and (reason := transition.precondition(request)):
        raise ValidationError(reason, code="state")


def available_actions(user: User, request: AssistanceRequest) -> list[str]:
    """The actions the user may take on the request now (what the detail page offers)."""
    allowed = []
    for action in TRANSITIONS:
        try:
            check_action(user, request, action)
        except (PermissionDenied, ValidationError):
            continue
        allowed.append(action)
    return allowed


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


def request_transition(
    *, user: User, request: AssistanceRequest, action: str, comment: str = "", **data
) -> AssistanceRequest:
    """Take one step of a request's life: the single way any of them happens.

    Locks the row (two people acting at once cannot both succeed), checks the step is the
    user's to take, applies it, records it with what changed, and notifies the other side
    in-app and by e-mail after commit. A refused step raises and changes nothing.
    """
    if action not in TRANSITIONS:
        raise ValidationError(_("Unknown action."), code="unknown_action")
    transition = TRANSITIONS[action]
    with transaction.atomic():
        locked = AssistanceRequest.objects.select_for_update().filter(pk=request.pk).first()
        if locked is None or not request_policy.can(user, "view", locked):
            raise Http404
        check_action(user, locked, action)
        before, from_status = snapshot(locked), locked.status
        extra = APPLY.get(action, apply_nothing)(user=user, request=locked, comment=comment, **data)
        if transition.target:
            locked.status = transition.target
        locked.save()
        changes = diff(before, snapshot(locked))
        RequestEvent.objects.create(
            request=locked,
            actor=user,
            action=action,
            from_status=from_status,
            to_status=locked.status,
            comment=comment,
            changes=changes,
        )
        if transition.verb:
            notify_about(user, locked, action, transition.verb, extra or {})
    return locked


def apply_nothing(**kwargs):
    return None


def notify_about(user, request, action, verb, extra):
    """Notify the other side; a new handler, or the procuratorate forwarded to, too."""
    if action == "assign":
        recipients = {request.handler}
    else:
        mine = side_of(user, request)
        other = Side.REQUESTED if mine == Side.REQUESTING else Side.REQUESTING
        recipients = set(side_people(request, other))
        if action == "forward":
            recipients |= set(side_people(request, Side.REQUESTED))
    recipients.discard(user)
    notify(
        recipients=recipients,
        verb=verb,
        params={"actor": user.get_full_name(), "number": request.number, **extra},
        target=request,
        actor=user,
    )


def side_people(request: AssistanceRequest, side: str) -> Iterable[User]:
    """Whom to tell on one side: the requester, or the handler (else the liaison officers)."""
    if side == Side.REQUESTING:
        return [request.created_by]
    if request.handler_id:
        return [request.handler]
    return User.objects.filter(
        procuratorate=request.handling_procuratorate,
        groups__name=Role.LIAISON,
        is_active=True,
    )


# The steps' own work: each validates its input and changes the locked request.


def apply_edit(*, user, request, comment, data=None, details=None, slots=None):
    fill_request(request, data or {}, details, slots, user=user)


def apply_submit(*, user, request, comment):
    check_complete(request)
    if not request.number:
        request.number = register_next_number(
            procuratorate=request.requesting_procuratorate, series=DocumentRegister.Series.REQUEST
        )
        request.submitted_at = timezone.now()
        issue_letter(request, Letter.Kind.REQUEST, request.number, request.requesting_procuratorate)
    request.return_reason, request.return_comment = "", ""


def apply_start(*, user, request, comment):
    # Whoever starts the work without a handler named becomes the handler.
    if request.handler_id is None and user.has_role(Role.PROSECUTOR):
        request.handler = user


def apply_return(*, user, request, comment, reason=""):
    if reason not in ReturnReason.values:
        raise ValidationError({"reason": _("Choose why the request is returned.")})
    if reason == ReturnReason.OTHER and not comment.strip():
        raise ValidationError({"comment": _("Say why the request is returned.")})
    request.return_reason, request.return_comment = reason, comment


def apply_forward(*, user, request, comment, target=None):
    below = subtree_ids(request.requested_procuratorate) - {request.requested_procuratorate_id}
    if target is None or target.pk not in below:
        raise ValidationError(
            {"target": _("Choose a procuratorate below the requested one.")}, code="target"
        )
    request.forwarded_to = target
    request.handler = None
    return {"target": target.name_zh}


def apply_assign(*, user, request, comment, handler=None):
    if (
        handler is None
        or not handler.is_active
        or handler.procuratorate_id != request.handling_procuratorate.pk
        or not handler.has_role(*HANDLING_ROLES)
    ):
        raise ValidationError(
            {"handler": _("Choose a prosecutor of the procuratorate handling the request.")}
        )
    request.handler = handler


def apply_agree_slot(*, user, request, comment, slot=None, venue="", equipment=""):
    if slot is None or slot.request_id != request.pk:
        raise ValidationError({"slot": _("Choose one of the proposed time slots.")})
    if not venue.strip():
        raise ValidationError({"venue": _("Say where it takes place.")})
    request.agreed_slot, request.agreed_venue, request.agreed_equipment = slot, venue, equipment


def apply_ask_extension(*, user, request, comment, proposed_due_date=None):
    if proposed_due_date is None or proposed_due_date <= request.due_date:
        raise ValidationError(
            {"proposed_due_date": _("Propose a date after the current due date.")}
        )
    if not comment.strip():
        raise ValidationError({"comment": _("Give the reason for more time.")})
    DeadlineExtension.objects.create(
        request=request, asked_by=user, proposed_due_date=proposed_due_date, reason=comment
    )


def apply_decide_extension(*, user, request, comment, approve=None):
    extension = request.extensions.get(decision=DeadlineExtension.Decision.PENDING)
    if approve is None:
        raise ValidationError({"approve": _("Approve or decline the extension.")})
    extension.decision = (
        DeadlineExtension.Decision.APPROVED if approve else DeadlineExtension.Decision.DECLINED
    )
    extension.decided_by, extension.decided_at = user, timezone.now()
    extension.save()
    if approve:
        request.due_date = extension.proposed_due_date


def apply_complete(*, user, request, comment, result="", completion="", upload=None):
    errors = {}
    if not result.strip():
        errors["result"] = _("Describe the result.")
    if completion not in Completion.values:
        errors["completion"] = _("Say whether the request was fully completed.")
    elif completion != Completion.FULL and not comment.strip():
        errors["comment"] = _("Say what was not done, or which alternative measure was taken.")
    if errors:
        raise ValidationError(errors)
    request.reply_result, request.reply_completion = result, completion
    request.reply_alternative = comment if completion != Completion.FULL else ""
    request.completed_at = timezone.now()
    if upload is not None:
        apply_attach(user=user, request=request, comment="", upload=upload)
    replier = request.handling_procuratorate
    number = register_next_number(procuratorate=replier, series=DocumentRegister.Series.REPLY)
    issue_letter(request, Letter.Kind.REPLY, number, replier)


def apply_message(*, user, request, comment, internal=False):
    if not comment.strip():
        raise ValidationError({"comment": _("Write the message.")})
    RequestMessage.objects.create(
        request=request, author=user, side=side_of(user, request), internal=internal, body=comment
    )


def apply_note(*, user, request, comment):
    apply_message(user=user, request=request, comment=comment, internal=True)


def apply_attach(*, user, request, comment, upload=None):
    check_upload(upload)
    RequestAttachment.objects.create(
        request=request,
        uploaded_by=user,
        side=side_of(user, request),
        file=upload,
        original_name=PurePath(upload.name).name[:255],
        content_type=getattr(upload, "content_type", "") or "application/octet-stream",
        size=upload.size,
    )
    return {"file": PurePath(upload.name).name}


APPLY: dict[str, Callable] = {
    "edit": apply_edit,
    "submit": apply_submit,
    "start": apply_start,
    "return": apply_return,
    "forward": apply_forward,
    "assign": apply_assign,
    "agree_slot": apply_agree_slot,
    "ask_extension": apply_ask_extension,
    "decide_extension": apply_decide_extension,
    "complete": apply_complete,
    "message": apply_message,
    "note": apply_note,
    "attach": apply_attach,
}


# Creating a request and checking it is complete.


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


def fill_request(request, data, details, slots, *, user, new=False):
    """Validate and set the common fields, the type's details and the proposed slots."""
    errors = {}
    for name in COMMON_FIELDS:
        if name in data:
            setattr(request, name, data[name])
    requested = request.requested_procuratorate if request.requested_procuratorate_id else None
    if requested is None:
        errors["requested_procuratorate"] = _("Choose the procuratorate you ask for help.")
    elif requested.province == request.requesting_procuratorate.province:
        errors["requested_procuratorate"] = _(
            "Assistance requests go to another province; ask colleagues of your own directly."
        )
    try:
        # Details not given are kept (a partial update); given, they replace the old ones whole.
        request.details = clean_details(
            request.request_type, request.details if details is None else details
        )
    except ValidationError as error:
        errors.update({f"details.{key}": value for key, value in error.message_dict.items()})
    except KeyError:
        errors["request_type"] = _("Choose a valid request type.")
    if new and request.due_date and request.due_date <= timezone.localdate():
        errors["due_date"] = _("The due date must be in the future.")
    cleaned_slots = check_slots(request, slots, errors)
    try:
        request.full_clean(exclude=["details", "number", "created_by", "requesting_procuratorate"])
    except ValidationError as error:
        for key, value in error.message_dict.items():
            errors.setdefault(key, value)
    if errors:
        raise ValidationError(errors)
    request.save()
    if slots is not None and SPECS[request.request_type].has_slots:
        request.proposed_slots.exclude(pk=request.agreed_slot_id or 0).delete()
        ProposedSlot.objects.bulk_create(
            ProposedSlot(request=request, starts_at=start, ends_at=end)
            for start, end in cleaned_slots
        )


def slot_errors(slots, *, required: bool) -> list[str]:
    """What is wrong with a list of proposed (start, end) slots, if anything."""
    cleaned = [(start, end) for start, end in slots if start and end]
    errors = []
    if required and not cleaned:
        errors.append(_("Propose at least one time slot."))
    if any(end <= start for start, end in cleaned):
        errors.append(_("Each time slot must end after it starts."))
    return errors


def check_slots(request, slots, errors):
    if slots is None or request.request_type not in SPECS:
        return []
    if problems := slot_errors(slots, required=SPECS[request.request_type].has_slots):
        errors["slots"] = problems
    return [(start, end) for start, end in slots if start and end]


def check_complete(request: AssistanceRequest) -> None:
    """A request is sent only when its type's details and slots are all there."""
    clean_details(request.request_type, request.details)
    if SPECS[request.request_type].has_slots and not request.proposed_slots.exists():
        raise ValidationError({"slots": _("Propose at least one time slot.")})
    if request.due_date < timezone.localdate():
        raise ValidationError({"due_date": _("The due date has passed; choose a new one.")})


# Document numbers and letters.


def register_next_number(*, procuratorate: Procuratorate, series: str) -> str:
    """The next number of the procuratorate's register for this year: gap-free, never reused.

    Called inside the transaction that uses the number, so a failure gives it back.
    """
    year = timezone.localdate().year
    DocumentRegister.objects.bulk_create(
        [DocumentRegister(procuratorate=procuratorate, year=year, series=series)],
        ignore_conflicts=True,
    )
    register = DocumentRegister.objects.select_for_update().get(
        procuratorate=procuratorate, year=year, series=series
    )
    register.last_number += 1
    register.save(update_fields=["last_number"])
    infix = "检协" if series == DocumentRegister.Series.REQUEST else "检协复"
    return f"{procuratorate.abbreviation}{infix}〔{year}〕{register.last_number}号"


def issue_letter(request, kind, number, issuer) -> Letter:
    """Write the letter's row now; render its PDF in Celery once the transaction commits."""
    from cases.tasks import render_letter

    letter = Letter.objects.create(request=request, kind=kind, number=number, issuer=issuer)
    queue_after_commit(render_letter, letter.pk)
    return letter


ALLOWED_UPLOADS = {
    ".pdf": b"%PDF",
    ".png": b"\x89PNG",
    ".jpg": b"\xff\xd8",
    ".jpeg": b"\xff\xd8",
    ".doc": b"\xd0\xcf\x11\xe0",
    ".xls": b"\xd0\xcf\x11\xe0",
    ".docx": b"PK",
    ".xlsx": b"PK",
    ".ofd": b"PK",
    ".zip": b"PK",
    ".txt": b"",
}


def check_upload(upload) -> None:
    """Accept only the document types of the trade, of a sane size, that are what they say."""
    if upload is None:
        raise ValidationError({"upload": _("Choose a file.")})
    suffix = PurePath(upload.name).suffix.lower()
    if suffix not in ALLOWED_UPLOADS:
        raise ValidationError(
            {
                "upload": _(
                    "Files of type “%(type)s” are not accepted. Use PDF, OFD, Word, Excel, "
                    "JPEG, PNG, ZIP or text."
                )
                % {"type": suffix or "?"}
            }
        )
    if upload.size > settings.ATTACHMENT_MAX_BYTES:
        raise ValidationError(
            {
                "upload": _("The file is larger than %(size)d MB.")
                % {"size": settings.ATTACHMENT_MAX_BYTES // 2**20}
            }
        )
    if upload.size == 0:
        raise ValidationError({"upload": _("The file is empty.")})
    head = upload.read(8)
    upload.seek(0)
    if not head.startswith(ALLOWED_UPLOADS[suffix]):
        raise ValidationError(
            {
                "upload": _("The file's content does not match its type “%(type)s”.")
                % {"type": suffix}
            }
        )


def download_record(*, user: User, attachment=None, letter=None) -> None:
    """Log who downloaded which attachment or letter."""
    AttachmentDownload.objects.create(user=user, attachment=attachment, letter=letter)


# The daily job.


def send_due_reminders(*, today: dt.date | None = None) -> tuple[int, int]:
    """Remind the handlers two days before the due date, and flag overdue requests once.

    Each request's flag is set in the same transaction as its notice, so a second run the
    same day sends nothing. Returns (reminders, overdue notices) sent.
    """
    today = today or timezone.localdate()
    reminded = overdue = 0
    due_soon = AssistanceRequest.objects.filter(
        status__in=OPEN_STATES, due_date=today + dt.timedelta(days=2)
    )
    for pk in due_soon.values_list("pk", flat=True):
        with transaction.atomic():
            request = (
                AssistanceRequest.objects.select_for_update(skip_locked=True)
                .filter(pk=pk, status__in=OPEN_STATES)
                .first()
            )
            if request is None or request.due_reminder_sent_for == request.due_date:
                continue
            request.due_reminder_sent_for = request.due_date
            request.save(update_fields=["due_reminder_sent_for"])
            notify(
                recipients=side_people(request, Side.REQUESTED),
                verb=gettext_noop("Assistance request %(number)s is due on %(date)s."),
                params={"number": request.number, "date": request.due_date.isoformat()},
                target=request,
            )
            reminded += 1
    for pk in AssistanceRequest.objects.overdue(today).values_list("pk", flat=True):
        with transaction.atomic():
            request = (
                AssistanceRequest.objects.select_for_update(skip_locked=True)
                .filter(pk=pk, status__in=OPEN_STATES)
                .first()
            )
            if request is None or request.overdue_notified_for == request.due_date:
                continue
            request.overdue_notified_for = request.due_date
            request.save(update_fields=["overdue_notified_for"])
            notify(
                recipients={
                    *side_people(request, Side.REQUESTED),
                    *side_people(request, Side.REQUESTING),
                },
                verb=gettext_noop("Assistance request %(number)s is overdue since %(date)s."),
                params={"number": request.number, "date": request.due_date.isoformat()},
                target=request,
            )
            overdue += 1
    return reminded, overdue
