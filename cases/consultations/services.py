"""Every write on jurisdiction consultations: opening, positions, messages and meetings, the
decision, each party's signature, the PDF record and the daily deadline job (the 请示 to the
superior procuratorate and its designation are in referral.py)."""

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _, gettext_noop

from cases.consultations.models import (
    Consultation,
    ConsultationMessage,
    ConsultationParty,
    DecisionRecord,
    Position,
)
from cases.consultations.notices import event, party_people
from cases.consultations.permissions import (
    SIGNING_ROLES,
    consultation_policy,
    may_open_consultation,
    party_of,
)
from cases.consultations.signoff import (
    REFERRAL_SIGNOFF_STATES,
    REVIEW_TO_SIGNATURE,
    SIGNOFF_DOCUMENTS,
    SIGNOFF_STATES,
    apply_send_back,
    apply_sign_off,
    consultation_signoff_sides,
    enter_signoff,
    has_signed,
    notify_signoff,
)
from cases.requests.permissions import HANDLING_ROLES
from cases.requests.services.deadlines import notify_once
from portal.documents import download_record
from portal.models import Procuratorate, User
from portal.services import notify
from portal.signoff import SIGNOFF_STEPS, signoff_transitions
from portal.workflow import Transition, Workflow

Status = Consultation.Status


def locked(consultation: Consultation) -> Consultation:
    """The consultation read again under a row lock, so that its status is checked as it is."""
    return Consultation.objects.select_for_update().get(pk=consultation.pk)


def sides_of(user: User, consultation: Consultation) -> set[str]:
    """A party's people take part; the opening one records the decision; its reviewer and
    each party's signers sign it off."""
    # A party's procuratorate is in the user's scope: the policy's share of the parties opens
    # the consultation to them, so their roles answer (read from the prefetched parties).
    party = party_of(user, consultation)
    if party is None:
        return set()
    sides = set()
    if consultation_policy.role_permits(user, "change"):
        sides.add("party")
        if party.procuratorate_id == consultation.initiator_id:
            sides.add("initiator")
    return sides | consultation_signoff_sides(user, consultation)


DURING = frozenset({Status.OPEN}) | SIGNOFF_STATES
# The parties go on writing while the 请示 is drafted and until the superior designates.
TALKING = DURING | REFERRAL_SIGNOFF_STATES | {Status.REFERRED}


def deadline_passed(consultation: Consultation) -> str | None:
    """Why no 请示 may be drafted yet: the parties have until the deadline to agree."""
    if consultation.due_date < timezone.localdate():
        return None
    return _(
        "The parties have until %(date)s to agree; a referral to the superior procuratorate "
        "is drafted only once that deadline has passed."
    ) % {"date": consultation.due_date.isoformat()}


WORKFLOW = Workflow(
    Consultation,
    {
        "position": Transition(
            _("state a position"), frozenset({Status.OPEN}), sides=frozenset({"party"})
        ),
        "post": Transition(_("write to the parties"), TALKING, sides=frozenset({"party"})),
        "decide": Transition(
            _("record the decision"),
            DURING,
            sides=frozenset({"initiator"}),
            refusal=_("The procuratorate that opened the consultation records it."),
        ),
        # No agreement by the deadline: the opening procuratorate refers the question by 请示
        # to the common superior procuratorate, and records the designation it replies with.
        "refer": Transition(
            _("draft the referral to the superior procuratorate"),
            frozenset({Status.OPEN}),
            sides=frozenset({"initiator"}),
            precondition=deadline_passed,
            refusal=_("The procuratorate that opened the consultation refers it."),
        ),
        "designate": Transition(
            _("record the superior's designation"),
            frozenset({Status.REFERRED}),
            sides=frozenset({"initiator"}),
            refusal=_("The procuratorate that opened the consultation records it."),
        ),
        # 核稿 at the initiating procuratorate, then 签发 by every party's signer (the decision)
        # or by the initiating procuratorate's (the 请示).
        **signoff_transitions(
            review_to_signature=REVIEW_TO_SIGNATURE,
            sign_off=apply_sign_off,
            send_back=apply_send_back,
        ),
    },
    sides_of=sides_of,
    refusal=_("Only the procuratorates concerned take part."),
    wrong_state=_("This cannot be done while the consultation is “%(status)s”."),
)


def offered_signoff_steps(user: User, consultation: Consultation) -> list[str]:
    """The sign-off steps a page offers: a party that has signed has said its word, and
    neither signs again nor returns the decision unsigned."""
    steps = [s for s in WORKFLOW.available(user, consultation) if s in SIGNOFF_STEPS]
    if has_signed(user, consultation):
        steps = [s for s in steps if s not in ("sign_off", "signature_return")]
    return steps


def acting_party(user: User, consultation: Consultation, step: str) -> ConsultationParty:
    """The party the user acts for in `step`, or a refusal saying why."""
    party = party_of(user, consultation)
    if party is None:
        raise PermissionDenied(_("Only the procuratorates concerned take part."))
    WORKFLOW.check_allowed(user, step, consultation)
    return party


def consultation_open(
    *,
    user: User,
    data: dict,
    parties: list[Procuratorate],
    position: str = Position.UNSTATED,
    reasons: str = "",
) -> Consultation:
    """A procuratorate opens a consultation with the others concerned, stating its position."""
    if not may_open_consultation(user):
        raise PermissionDenied(_("Prosecutors and liaison officers open consultations."))
    initiator = user.procuratorate
    others = [p for p in parties if p is not None and p.pk != initiator.pk]
    errors = {}
    if None in parties:  # an id the API could not resolve
        errors["parties"] = [_("A procuratorate named does not exist; choose from the list.")]
    elif not any(p.province != initiator.province for p in others):
        errors["parties"] = [_("Name at least one procuratorate of another province.")]
    if position not in Position.values:
        errors["position"] = [_("Choose a position.")]
    consultation = Consultation(initiator=initiator, opened_by=user)
    for name in ("subject", "case_number", "category", "dispute", "facts", "due_date"):
        if name in data:
            setattr(consultation, name, data[name])
    try:
        consultation.full_clean(exclude=["initiator", "opened_by"])
    except ValidationError as error:
        for key, messages in error.message_dict.items():
            errors.setdefault(key, []).extend(messages)
    if consultation.due_date and consultation.due_date <= timezone.localdate():
        errors.setdefault("due_date", []).append(_("The deadline must be after today."))
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        consultation.save()
        ConsultationParty.objects.bulk_create(
            [
                ConsultationParty(
                    consultation=consultation,
                    procuratorate=initiator,
                    position=position,
                    reasons=reasons.strip(),
                ),
                *(
                    ConsultationParty(consultation=consultation, procuratorate=p)
                    for p in {p.pk: p for p in others}.values()
                ),
            ]
        )
        event(consultation, user, "open")
        notify(
            recipients=party_people(consultation, HANDLING_ROLES, exclude=user),
            verb=gettext_noop(
                "%(procuratorate)s opens a jurisdiction consultation on “%(subject)s”, "
                "due %(date)s."
            ),
            params={
                "procuratorate": initiator.name_zh,
                "subject": consultation.subject,
                "date": consultation.due_date.isoformat(),
            },
            target=consultation,
            actor=user,
        )
    return consultation


def consultation_state_position(
    *, user: User, consultation: Consultation, position: str, reasons: str
) -> ConsultationParty:
    """A party states (or restates) whether it claims or declines the case, and why."""
    party = acting_party(user, consultation, "position")
    errors = {}
    if position not in (Position.CLAIMS, Position.DECLINES):
        errors["position"] = _("Say whether your procuratorate claims or declines the case.")
    if not reasons.strip():
        errors["reasons"] = _("Give the grounds of your position.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        consultation = locked(consultation)
        WORKFLOW.check_possible("position", consultation)
        party = ConsultationParty.objects.select_for_update().get(pk=party.pk)
        party.position = position
        party.reasons = reasons.strip()
        party.save(update_fields=["position", "reasons"])
        event(consultation, user, "position", party.get_position_display())
    return party


def consultation_post(
    *,
    user: User,
    consultation: Consultation,
    body: str,
    kind: str = ConsultationMessage.Kind.MESSAGE,
    held_on: dt.date | None = None,
) -> ConsultationMessage:
    """A party writes to the others, or records a meeting held (with its date)."""
    party = acting_party(user, consultation, "post")
    errors = {}
    if not body.strip():
        errors["body"] = _("Write the message or the meeting's conclusions.")
    if kind == ConsultationMessage.Kind.MEETING and held_on is None:
        errors["held_on"] = _("Give the date of the meeting.")
    if kind not in ConsultationMessage.Kind.values:
        errors["kind"] = _("Choose a message or a meeting.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        consultation = locked(consultation)
        WORKFLOW.check_possible("post", consultation)
        message = ConsultationMessage.objects.create(
            consultation=consultation,
            author=user,
            procuratorate=party.procuratorate,
            kind=kind,
            held_on=held_on if kind == ConsultationMessage.Kind.MEETING else None,
            body=body.strip(),
        )
        event(consultation, user, kind)
    return message


def consultation_decide(
    *,
    user: User,
    consultation: Consultation,
    handling_procuratorate: Procuratorate | None,
    reasons: str,
) -> Consultation:
    """The opening procuratorate records the decision agreed, a draft that goes through
    sign-off: 核稿 at the opening procuratorate, then each party's signer signs it off.

    Recording it again (before every party has signed) replaces it, clears the signatures and
    sends it through sign-off again.
    """
    acting_party(user, consultation, "decide")
    errors = {}
    party_ids = {p.procuratorate_id for p in consultation.parties.all()}
    if handling_procuratorate is None or handling_procuratorate.pk not in party_ids:
        errors["handling_procuratorate"] = _("Choose one of the procuratorates concerned.")
    if not reasons.strip():
        errors["reasons"] = _("Give the reasons for the decision.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        consultation = locked(consultation)
        WORKFLOW.check_possible("decide", consultation)
        consultation.handling_procuratorate = handling_procuratorate
        consultation.decision_reasons = reasons.strip()
        consultation.decision_recorded_by = user
        enter_signoff(consultation)
        consultation.save(
            update_fields=[
                "handling_procuratorate",
                "decision_reasons",
                "decision_recorded_by",
                "status",
            ]
        )
        consultation.parties.update(signed_by=None, signed_at=None)
        event(consultation, user, "decide", handling_procuratorate.name_zh)
        notify_signoff(user, consultation, "decide", "")
    return consultation


def consultation_signoff(
    *,
    user: User,
    consultation: Consultation,
    action: str,
    comment: str = "",
    document: str = "decision",
) -> Consultation:
    """One step of the sign-off of the `document` in it (the decision, or the referral): pass
    the review, sign off, or return it to the drafter with a comment; recorded on the timeline
    and told to whom it hands it over."""
    if action not in SIGNOFF_STEPS:
        raise ValidationError(_("Unknown action."), code="unknown_action")
    if party_of(user, consultation) is None:
        raise PermissionDenied(_("Only the procuratorates concerned take part."))
    WORKFLOW.check_allowed(user, action, consultation)
    with transaction.atomic():
        consultation = locked(consultation)
        if consultation.status not in SIGNOFF_DOCUMENTS[document]:
            raise ValidationError(
                WORKFLOW.wrong_state % {"status": consultation.get_status_display()},
                code="state",
            )
        WORKFLOW.take(user, action, consultation, comment=comment.strip())
        consultation.save(update_fields=["status"])
        if action != "sign_off":  # a signature is recorded with its party's name
            name = f"referral_{action}" if document == "referral" else action
            event(consultation, user, name, comment.strip())
        notify_signoff(user, consultation, action, comment.strip(), document)
    return consultation


def consultation_sign(*, user: User, consultation: Consultation) -> Consultation:
    """A party's signer (its chief, or a deputy in office) signs the decision off; the last
    signature makes it final and issues its PDF record."""
    return consultation_signoff(user=user, consultation=consultation, action="sign_off")


def decision_record_for_download(*, user: User, consultation_pk) -> DecisionRecord:
    """The issued decision record, to the parties only (404 otherwise); logged."""
    consultation = consultation_policy.get_or_404(user, pk=consultation_pk)
    record = DecisionRecord.objects.filter(
        consultation=consultation, state=DecisionRecord.State.ISSUED
    ).first()
    if record is None:
        raise Http404
    download_record(user=user, document=record)
    return record


def send_consultation_reminders(*, today: dt.date | None = None) -> tuple[int, int]:
    """Remind the parties two days before the deadline, and flag overdue consultations once.

    Returns (reminders, overdue notices) sent; a second run the same day sends nothing.
    """
    today = today or timezone.localdate()

    def parties(consultation):
        return party_people(consultation, HANDLING_ROLES | SIGNING_ROLES)

    def params(consultation):
        return {"subject": consultation.subject, "date": consultation.due_date.isoformat()}

    reminded = notify_once(
        Consultation.objects.exclude(status__in=Consultation.SETTLED).filter(
            due_date=today + dt.timedelta(days=2)
        ),
        flag="due_reminder_sent_for",
        recipients=parties,
        verb=gettext_noop("Jurisdiction consultation “%(subject)s” is to be decided by %(date)s."),
        params=params,
    )
    overdue = notify_once(
        Consultation.objects.overdue(today),
        flag="overdue_notified_for",
        recipients=parties,
        verb=gettext_noop("Jurisdiction consultation “%(subject)s” is overdue since %(date)s."),
        params=params,
    )
    return reminded, overdue
