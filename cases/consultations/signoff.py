"""Sign-off of a consultation's decision record (portal.signoff has the steps and who takes
them).

The decision the initiator records is a draft: it passes 核稿 at the initiating procuratorate
(its department head, or its liaison officer; skipped when that procuratorate switched review
off), then each party's signer signs it off (its chief, or a deputy with a signing delegation
in force). The last signature makes it final: only then is the number taken from the register
and the co-issued record rendered. A return, at review or at signature, sends the decision back
to the drafter with a comment and clears the signatures given.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _, gettext_noop

from cases.consultations.models import Consultation, ConsultationParty, DecisionRecord
from cases.consultations.notices import event, party_people
from cases.consultations.permissions import SIGNING_ROLES, consultation_policy
from cases.requests.models import DocumentRegister
from cases.requests.permissions import HANDLING_ROLES
from cases.requests.services.documents import register_next_number
from portal.models import User
from portal.services import notify, queue_after_commit
from portal.signoff import (
    REVIEWER,
    SIGNER,
    first_signoff_state,
    reviewers_of,
    signers_of,
    signoff_sides,
)

Status = Consultation.Status

REVIEW_TO_SIGNATURE = {Status.REVIEW: Status.SIGNING}
SIGNOFF_STATES = frozenset({Status.REVIEW, Status.SIGNING})


def consultation_signoff_sides(user: User, consultation: Consultation) -> set[str]:
    """The user's part in the decision's sign-off: the reviewer of the initiating procuratorate,
    the signer of their own party's (a user of a procuratorate above a party signs nothing)."""
    procuratorate = user.procuratorate if user.procuratorate_id else None
    party_ids = {party.procuratorate_id for party in consultation.parties.all()}
    if procuratorate is None or procuratorate.pk not in party_ids:
        return set()
    sides = signoff_sides(user, procuratorate)
    if procuratorate.pk != consultation.initiator_id:
        sides.discard(REVIEWER)
    return sides & {REVIEWER, SIGNER}


def has_signed(user: User, consultation: Consultation) -> bool:
    """Whether the user's party has signed the decision (read from the prefetched parties)."""
    return any(
        party.procuratorate_id == user.procuratorate_id and party.signed_at is not None
        for party in consultation.parties.all()
    )


def enter_signoff(consultation: Consultation) -> None:
    """The decision recorded goes to review, or straight to the signers without 核稿."""
    consultation.status = first_signoff_state(consultation.initiator, Status.REVIEW, Status.SIGNING)


def signing_party(user: User, consultation: Consultation) -> ConsultationParty:
    """The party the user signs for (their own procuratorate's), locked."""
    party = (
        ConsultationParty.objects.select_for_update()
        .select_related("procuratorate")
        .filter(consultation=consultation, procuratorate=user.procuratorate_id)
        .first()
    )
    if party is None:
        raise PermissionDenied(_("Only the procuratorates concerned take part."))
    return party


def apply_sign_off(user: User, consultation: Consultation, *, comment: str = ""):
    """签发 for the user's party; the last signature makes the decision final."""
    party = signing_party(user, consultation)
    if party.signed_at is not None:
        raise ValidationError(_("Your procuratorate has already signed this decision."))
    party.signed_by = user
    party.signed_at = timezone.now()
    party.save(update_fields=["signed_by", "signed_at"])
    event(consultation, user, "sign", party.procuratorate.name_zh)
    if not consultation.parties.filter(signed_at__isnull=True).exists():
        consultation_finalize(consultation)


def apply_send_back(user: User, consultation: Consultation, *, comment: str):
    """The decision goes back to its drafter, who records it again; signatures are cleared.

    A party that has signed returns nothing: its signature stands until the drafter records
    the decision again."""
    if consultation.status == Status.SIGNING and has_signed(user, consultation):
        raise ValidationError(_("Your procuratorate has already signed this decision."))
    consultation.status = Status.OPEN
    consultation.parties.update(signed_by=None, signed_at=None)


def consultation_finalize(consultation: Consultation) -> None:
    """Every party has signed: the decision takes effect, the number is taken from the
    initiator's register now, and the record is issued."""
    consultation.status = Status.DECIDED
    consultation.decided_at = timezone.now()
    consultation.save(update_fields=["status", "decided_at"])
    event(consultation, None, "decided")
    record = DecisionRecord.objects.create(
        consultation=consultation,
        issuer=consultation.initiator,
        number=register_next_number(
            procuratorate=consultation.initiator, series=DocumentRegister.Series.CONSULTATION
        ),
    )
    queue_after_commit("cases.render_decision_record", record.pk)
    notify(
        recipients=party_people(consultation, HANDLING_ROLES | SIGNING_ROLES),
        verb=gettext_noop(
            "Jurisdiction consultation “%(subject)s” is decided: %(handler)s handles the case."
        ),
        params={
            "subject": consultation.subject,
            "handler": consultation.handling_procuratorate.name_zh,
        },
        target=consultation,
    )


def signers_of_parties(consultation: Consultation) -> QuerySet[User]:
    """Who signs the decision off: each party's chief or deputy in office, yet to sign."""
    unsigned = consultation.parties.filter(signed_at__isnull=True).select_related("procuratorate")
    ids = {user.pk for party in unsigned for user in signers_of(party.procuratorate)}
    return User.objects.filter(pk__in=ids)


def signoff_recipients(consultation: Consultation) -> QuerySet[User]:
    """Whom the decision in sign-off waits for now: the reviewers, or the signers."""
    if consultation.status == Status.REVIEW:
        return reviewers_of(consultation.initiator)
    return signers_of_parties(consultation)


SIGNOFF_VERBS = {
    Status.REVIEW: gettext_noop(
        "Jurisdiction consultation “%(subject)s”: the decision awaits your review."
    ),
    Status.SIGNING: gettext_noop(
        "Jurisdiction consultation “%(subject)s”: the decision awaits your signature."
    ),
}
RETURN_VERB = gettext_noop(
    "Jurisdiction consultation “%(subject)s”: %(actor)s returned the decision to you: %(comment)s"
)


def notify_signoff(user: User, consultation: Consultation, action: str, comment: str) -> None:
    """Tell whom the step hands the decision to: the next in sign-off, or the drafter."""
    params = {"subject": consultation.subject}
    if action == "sign_off":
        return  # the others were asked already; the last signature's finalize tells everyone
    if action in {"review_return", "signature_return"}:
        drafter = consultation.decision_recorded_by
        recipients = [drafter] if drafter else []
        verb = RETURN_VERB
        params |= {"actor": user.get_full_name() or user.username, "comment": comment}
    elif consultation.status in SIGNOFF_VERBS:
        recipients, verb = signoff_recipients(consultation), SIGNOFF_VERBS[consultation.status]
    else:
        return
    notify(recipients=recipients, verb=verb, params=params, target=consultation, actor=user)


def decision_draft(*, user: User, consultation_pk) -> DecisionRecord:
    """The decision in sign-off as an unsaved, unnumbered record, to whom decides on it now
    (the reviewer in review, a signer awaiting signatures); 404 to everyone else."""
    consultation = consultation_policy.get_or_404(user, pk=consultation_pk)
    deciders = {Status.REVIEW: REVIEWER, Status.SIGNING: SIGNER}
    if deciders.get(consultation.status) not in consultation_signoff_sides(user, consultation):
        raise Http404
    return DecisionRecord(
        consultation=consultation,
        issuer=consultation.initiator,
        number="",
        created_at=timezone.now(),
    )
