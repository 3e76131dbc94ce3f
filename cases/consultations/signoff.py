"""Sign-off of a consultation's two documents, the decision record and the 请示 to the
superior procuratorate (portal.signoff has the steps and who takes them).

The decision the initiator records is a draft: it passes 核稿 at the initiating procuratorate
(its department head, or its liaison officer; skipped when that procuratorate switched review
off), then each party's signer signs it off (its chief, or a deputy with a signing delegation
in force). The last signature makes it final: only then is the number taken from the register
and the co-issued record rendered. A return, at review or at signature, sends the decision back
to the drafter with a comment and clears the signatures given.

The 请示 (drafted when the parties could not agree by the deadline, see referral.py) is the
opening procuratorate's own document: 核稿 there, then 签发 by its chief or a delegated deputy
alone, which takes the number from its referral register and issues the PDF.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _, gettext_noop

from cases.consultations.models import (
    Consultation,
    ConsultationParty,
    DecisionRecord,
    Referral,
    ReferralDocument,
)
from cases.consultations.notices import event, party_people
from cases.consultations.permissions import SIGNING_ROLES, consultation_policy
from cases.requests.models import DocumentRegister
from cases.requests.permissions import HANDLING_ROLES
from cases.requests.services.documents import register_next_number
from portal.documents import rendering_record
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

# Each document in sign-off has its pair of states: in review, awaiting signature.
REVIEW_TO_SIGNATURE = {
    Status.REVIEW: Status.SIGNING,
    Status.REFERRAL_REVIEW: Status.REFERRAL_SIGNING,
}
SIGNOFF_STATES = frozenset({Status.REVIEW, Status.SIGNING})
REFERRAL_SIGNOFF_STATES = frozenset({Status.REFERRAL_REVIEW, Status.REFERRAL_SIGNING})
# Which document a sign-off step acts on, by the states it is in.
SIGNOFF_DOCUMENTS = {"decision": SIGNOFF_STATES, "referral": REFERRAL_SIGNOFF_STATES}


def consultation_signoff_sides(user: User, consultation: Consultation) -> set[str]:
    """The user's part in the sign-off: the reviewer of the initiating procuratorate, the signer
    of their own party's for the decision, of the initiating one's only for the 请示 (a user of
    a procuratorate above a party signs nothing)."""
    procuratorate = user.procuratorate if user.procuratorate_id else None
    party_ids = {party.procuratorate_id for party in consultation.parties.all()}
    if procuratorate is None or procuratorate.pk not in party_ids:
        return set()
    sides = signoff_sides(user, procuratorate)
    if procuratorate.pk != consultation.initiator_id:
        sides.discard(REVIEWER)
        if consultation.status in REFERRAL_SIGNOFF_STATES:
            sides.discard(SIGNER)
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
    """签发 for the user's party; the last signature makes the decision final. The 请示 is
    issued at its one signature."""
    if consultation.status == Status.REFERRAL_SIGNING:
        return referral_issue(user, consultation)
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
    the decision again. A returned 请示 waits for its drafter to draft it again (or for the
    parties to agree after all)."""
    if consultation.status in REFERRAL_SIGNOFF_STATES:
        consultation.status = Status.OPEN
        return
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


def referral_issue(user: User, consultation: Consultation) -> ReferralDocument:
    """签发 of the 请示: the number is taken from the initiator's referral register now, the
    document is issued (rendered and signed after commit) and every party is told."""
    referral = Referral.objects.select_for_update().get(consultation=consultation)
    consultation.status = Status.REFERRED
    event(consultation, user, "referral_sign")
    document = ReferralDocument.objects.create(
        referral=referral,
        issuer=consultation.initiator,
        number=register_next_number(
            procuratorate=consultation.initiator, series=DocumentRegister.Series.REFERRAL
        ),
        signed_off_by=user,
        signed_off_at=timezone.now(),
    )
    event(consultation, None, "referred", document.number)
    queue_after_commit("cases.render_referral_document", document.pk)
    notify(
        recipients=party_people(consultation, HANDLING_ROLES | SIGNING_ROLES),
        verb=gettext_noop(
            "Jurisdiction consultation “%(subject)s” is referred to %(superior)s by "
            "请示 %(number)s, which designates the handling procuratorate."
        ),
        params={
            "subject": consultation.subject,
            "superior": referral.superior,
            "number": document.number,
        },
        target=consultation,
        actor=user,
    )
    return document


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


def referral_signoff_recipients(consultation: Consultation) -> QuerySet[User]:
    """Whom the 请示 in sign-off waits for: the initiator's reviewers, or its signers."""
    if consultation.status == Status.REFERRAL_REVIEW:
        return reviewers_of(consultation.initiator)
    return signers_of(consultation.initiator)


SIGNOFF_VERBS = {
    Status.REVIEW: gettext_noop(
        "Jurisdiction consultation “%(subject)s”: the decision awaits your review."
    ),
    Status.SIGNING: gettext_noop(
        "Jurisdiction consultation “%(subject)s”: the decision awaits your signature."
    ),
}
REFERRAL_SIGNOFF_VERBS = {
    Status.REFERRAL_REVIEW: gettext_noop(
        "Jurisdiction consultation “%(subject)s”: the referral to the superior procuratorate "
        "awaits your review."
    ),
    Status.REFERRAL_SIGNING: gettext_noop(
        "Jurisdiction consultation “%(subject)s”: the referral to the superior procuratorate "
        "awaits your signature."
    ),
}
REFERRAL_RETURN_VERB = gettext_noop(
    "Jurisdiction consultation “%(subject)s”: %(actor)s returned the referral to you: %(comment)s"
)
RETURN_VERB = gettext_noop(
    "Jurisdiction consultation “%(subject)s”: %(actor)s returned the decision to you: %(comment)s"
)


def notify_signoff(
    user: User, consultation: Consultation, action: str, comment: str, document: str = "decision"
) -> None:
    """Tell whom the step hands the document to: the next in sign-off, or the drafter."""
    params = {"subject": consultation.subject}
    if action == "sign_off":
        return  # the others were asked already; the last signature's finalize tells everyone
    if action in {"review_return", "signature_return"}:
        if document == "referral":
            drafter, verb = consultation.referral.drafted_by, REFERRAL_RETURN_VERB
        else:
            drafter, verb = consultation.decision_recorded_by, RETURN_VERB
        recipients = [drafter] if drafter else []
        params |= {"actor": user.get_full_name() or user.username, "comment": comment}
    elif consultation.status in SIGNOFF_VERBS:
        recipients, verb = signoff_recipients(consultation), SIGNOFF_VERBS[consultation.status]
    elif consultation.status in REFERRAL_SIGNOFF_VERBS:
        recipients = referral_signoff_recipients(consultation)
        verb = REFERRAL_SIGNOFF_VERBS[consultation.status]
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
    rendering_record(
        user=user, document=consultation, detail=f"draft-decision-{consultation.pk}.pdf"
    )
    return DecisionRecord(
        consultation=consultation,
        issuer=consultation.initiator,
        number="",
        created_at=timezone.now(),
    )
