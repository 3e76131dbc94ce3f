"""The work of each step of a request: each validates its input and changes the locked request."""

from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases.requests.models import (
    Completion,
    DeadlineExtension,
    RequestAttachment,
    RequestMessage,
    ReturnReason,
)
from cases.requests.permissions import HANDLING_ROLES, side_of
from cases.requests.services.drafting import check_complete, fill_request
from cases.requests.services.signoff import enter_signoff
from portal.documents import stored_upload
from portal.models import Role
from portal.scope import subtree_ids


def apply_edit(user, request, *, comment, data=None, details=None, slots=None):
    fill_request(request, data or {}, details, slots, user=user)


def apply_submit(user, request, *, comment):
    # The letter goes into sign-off; it is numbered and sent only when signed off.
    check_complete(request)
    enter_signoff(request, reply=False)


def apply_start(user, request, *, comment):
    # Whoever starts the work without a handler named becomes the handler.
    if request.handler_id is None and user.has_role(Role.PROSECUTOR):
        request.handler = user


def apply_return(user, request, *, comment, reason=""):
    if reason not in ReturnReason.values:
        raise ValidationError({"reason": _("Choose why the request is returned.")})
    if reason == ReturnReason.OTHER and not comment.strip():
        raise ValidationError({"comment": _("Say why the request is returned.")})
    request.return_reason, request.return_comment = reason, comment


def apply_forward(user, request, *, comment, target=None):
    below = subtree_ids(request.requested_procuratorate) - {request.requested_procuratorate_id}
    if target is None or target.pk not in below:
        raise ValidationError(
            {"target": _("Choose a procuratorate below the requested one.")}, code="target"
        )
    request.forwarded_to = target
    request.handler = None
    return {"target": target.name_zh}


def apply_assign(user, request, *, comment, handler=None):
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


def apply_agree_slot(user, request, *, comment, slot=None, venue="", equipment=""):
    if slot is None or slot.request_id != request.pk:
        raise ValidationError({"slot": _("Choose one of the proposed time slots.")})
    if not venue.strip():
        raise ValidationError({"venue": _("Say where it takes place.")})
    request.agreed_slot, request.agreed_venue, request.agreed_equipment = slot, venue, equipment


def apply_ask_extension(user, request, *, comment, proposed_due_date=None):
    if proposed_due_date is None or proposed_due_date <= request.due_date:
        raise ValidationError(
            {"proposed_due_date": _("Propose a date after the current due date.")}
        )
    if not comment.strip():
        raise ValidationError({"comment": _("Give the reason for more time.")})
    DeadlineExtension.objects.create(
        request=request, asked_by=user, proposed_due_date=proposed_due_date, reason=comment
    )


def apply_decide_extension(user, request, *, comment, approve=None):
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


def apply_complete(user, request, *, comment, result="", completion="", upload=None):
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
    if upload is not None:
        apply_attach(user=user, request=request, comment="", upload=upload)
    # The reply letter goes into sign-off at the replying procuratorate first.
    enter_signoff(request, reply=True)


def apply_message(user, request, *, comment, internal=False):
    if not comment.strip():
        raise ValidationError({"comment": _("Write the message.")})
    RequestMessage.objects.create(
        request=request, author=user, side=side_of(user, request), internal=internal, body=comment
    )


def apply_note(user, request, *, comment):
    apply_message(user=user, request=request, comment=comment, internal=True)


def apply_attach(user, request, *, comment, upload=None):
    RequestAttachment.objects.create(
        request=request, uploaded_by=user, side=side_of(user, request), **stored_upload(upload)
    )
    return {"file": PurePath(upload.name).name}
