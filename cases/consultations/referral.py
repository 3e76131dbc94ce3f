"""The 请示 of a consultation whose parties could not agree: every write on it, and who reads it.

Under the Criminal Procedure rules, procuratorates that cannot agree on jurisdiction refer the
question to their common superior procuratorate, which designates the one that handles the case
(指定管辖). Once the deadline has passed without a decision, the opening procuratorate's
handling staff draft the 请示 (the superior the parties name, 最高人民检察院 by default; the
facts; each party's position from the consultation; the question asked). It passes 核稿 and 签发
at the opening procuratorate alone (signoff.py), which takes its number from the referral
register and issues the signed PDF; the initiator then records the superior's designation,
which ends the consultation ("designated", not "decided") and tells every party.
"""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _, gettext_noop

from cases.consultations.models import Consultation, Referral, ReferralDocument
from cases.consultations.notices import event, party_people
from cases.consultations.permissions import SIGNING_ROLES, consultation_policy
from cases.consultations.services import WORKFLOW, acting_party, consultation_signoff, locked
from cases.consultations.signoff import consultation_signoff_sides, notify_signoff
from cases.requests.permissions import HANDLING_ROLES
from portal.documents import download_record, rendering_record
from portal.models import Procuratorate, User
from portal.services import notify
from portal.signoff import REVIEWER, SIGNER, first_signoff_state

Status = Consultation.Status
DEFAULT_SUPERIOR = "最高人民检察院"


def consultation_refer(
    *, user: User, consultation: Consultation, superior: str, facts: str, question: str
) -> Referral:
    """The opening procuratorate drafts the 请示 to the common superior procuratorate, once the
    deadline has passed with no decision; it goes to 核稿 (or straight to 签发).

    Drafting it again after a return replaces the draft and sends it through sign-off again.
    """
    acting_party(user, consultation, "refer")
    WORKFLOW.check_possible("refer", consultation)
    errors = {}
    if not superior.strip():
        errors["superior"] = _("Name the common superior procuratorate the parties refer it to.")
    if not facts.strip():
        errors["facts"] = _("Give the facts of the case.")
    if not question.strip():
        errors["question"] = _("Say what the superior procuratorate is asked to decide.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        consultation = locked(consultation)
        WORKFLOW.check_possible("refer", consultation)
        referral, _created = Referral.objects.update_or_create(
            consultation=consultation,
            defaults={
                "superior": superior.strip(),
                "facts": facts.strip(),
                "question": question.strip(),
                "drafted_by": user,
                "drafted_at": timezone.now(),
            },
        )
        consultation.status = first_signoff_state(
            consultation.initiator, Status.REFERRAL_REVIEW, Status.REFERRAL_SIGNING
        )
        consultation.save(update_fields=["status"])
        event(consultation, user, "refer", referral.superior)
        notify_signoff(user, consultation, "refer", "", "referral")
    return referral


def referral_signoff(
    *, user: User, consultation: Consultation, action: str, comment: str = ""
) -> Consultation:
    """One step of the 请示's sign-off at the opening procuratorate: pass the review, sign it
    off (which issues it), or return it to the drafter with a comment."""
    return consultation_signoff(
        user=user, consultation=consultation, action=action, comment=comment, document="referral"
    )


def consultation_designate(
    *,
    user: User,
    consultation: Consultation,
    designated_procuratorate: Procuratorate | None,
    reply_number: str,
    reply_date: dt.date | None,
) -> Consultation:
    """The opening procuratorate records the superior's designation (指定管辖): which party
    handles the case, and the reply's number and date. It ends the consultation."""
    acting_party(user, consultation, "designate")
    errors = {}
    party_ids = {p.procuratorate_id for p in consultation.parties.all()}
    if designated_procuratorate is None or designated_procuratorate.pk not in party_ids:
        errors["designated_procuratorate"] = _("Choose one of the procuratorates concerned.")
    if not reply_number.strip():
        errors["reply_number"] = _("Give the number of the superior procuratorate's reply.")
    if reply_date is None:
        errors["reply_date"] = _("Give the date of the superior procuratorate's reply.")
    elif reply_date > timezone.localdate():
        errors["reply_date"] = _("The reply's date cannot be in the future.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        consultation = locked(consultation)
        WORKFLOW.check_possible("designate", consultation)
        referral = Referral.objects.select_for_update().get(consultation=consultation)
        referral.designated_procuratorate = designated_procuratorate
        referral.reply_number = reply_number.strip()
        referral.reply_date = reply_date
        referral.designation_recorded_by = user
        referral.designated_at = timezone.now()
        referral.save()
        consultation.handling_procuratorate = designated_procuratorate
        consultation.status = Status.DESIGNATED
        consultation.save(update_fields=["handling_procuratorate", "status"])
        event(
            consultation,
            user,
            "designate",
            f"{designated_procuratorate.name_zh}（{referral.reply_number}）",
        )
        notify(
            recipients=party_people(consultation, HANDLING_ROLES | SIGNING_ROLES),
            verb=gettext_noop(
                "Jurisdiction consultation “%(subject)s”: %(superior)s designated %(handler)s "
                "to handle the case (%(number)s)."
            ),
            params={
                "subject": consultation.subject,
                "superior": referral.superior,
                "handler": designated_procuratorate.name_zh,
                "number": referral.reply_number,
            },
            target=consultation,
            actor=user,
        )
    return consultation


def referral_draft(*, user: User, consultation_pk) -> ReferralDocument:
    """The 请示 in sign-off as an unsaved, unnumbered document, to whom decides on it now (the
    opening procuratorate's reviewer in review, its signer awaiting signature); 404 otherwise."""
    consultation = consultation_policy.get_or_404(user, pk=consultation_pk)
    deciders = {Status.REFERRAL_REVIEW: REVIEWER, Status.REFERRAL_SIGNING: SIGNER}
    if deciders.get(consultation.status) not in consultation_signoff_sides(user, consultation):
        raise Http404
    rendering_record(
        user=user, document=consultation, detail=f"draft-referral-{consultation.pk}.pdf"
    )
    return ReferralDocument(
        referral=consultation.referral,
        issuer=consultation.initiator,
        number="",
        created_at=timezone.now(),
    )


def referral_document_for_download(*, user: User, consultation_pk) -> ReferralDocument:
    """The issued 请示, to the parties only (404 otherwise); every download is logged."""
    consultation = consultation_policy.get_or_404(user, pk=consultation_pk)
    document = (
        ReferralDocument.objects.filter(
            referral__consultation=consultation, state=ReferralDocument.State.ISSUED
        )
        .select_related("referral__consultation", "issuer")
        .first()
    )
    if document is None:
        raise Http404
    download_record(user=user, document=document)
    return document
