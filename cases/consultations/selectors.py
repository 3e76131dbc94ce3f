"""Every read of jurisdiction consultations a page or endpoint needs, already filtered and
joined."""

from django.db.models import Prefetch, QuerySet, prefetch_related_objects

from cases.consultations.models import (
    Consultation,
    ConsultationEvent,
    ConsultationMessage,
    ConsultationParty,
    DecisionRecord,
    ReferralDocument,
)
from cases.consultations.permissions import consultation_policy
from portal.models import User


def consultation_list(*, user: User, status: str | None = None) -> QuerySet:
    """The consultations the user's procuratorates take part in (or those below them)."""
    consultations = (
        consultation_policy.visible(user)
        .select_related("initiator", "handling_procuratorate")
        .prefetch_related(
            Prefetch("parties", queryset=ConsultationParty.objects.select_related("procuratorate"))
        )
    )
    if status:
        consultations = consultations.filter(status=status)
    return consultations


def consultation_detail(*, user: User, pk) -> Consultation:
    """One consultation with its parties, thread, timeline and record; 404 if not visible."""
    consultation = consultation_policy.get_or_404(user, pk=pk)
    consultation = Consultation.objects.select_related(
        "initiator",
        "opened_by",
        "handling_procuratorate",
        "decision_recorded_by",
        # The 请示 and its issued document, if any: `getattr(consultation, "referral", None)`.
        "referral__drafted_by",
        "referral__designated_procuratorate",
        "referral__document__signed_off_by",
    ).get(pk=consultation.pk)
    prefetch_related_objects(
        [consultation],
        Prefetch(
            "parties",
            queryset=ConsultationParty.objects.select_related("procuratorate", "signed_by"),
        ),
        Prefetch(
            "messages",
            queryset=ConsultationMessage.objects.select_related("author", "procuratorate"),
        ),
        Prefetch("events", queryset=ConsultationEvent.objects.select_related("actor")),
    )
    consultation.issued_record = DecisionRecord.objects.filter(consultation=consultation).first()
    return consultation


def decision_records_verifiable(user: User) -> QuerySet[DecisionRecord]:
    """The issued decision records of the consultations the user may see (verification)."""
    return DecisionRecord.objects.filter(
        state=DecisionRecord.State.ISSUED,
        consultation__in=consultation_policy.visible(user).values("pk"),
    ).select_related("consultation", "issuer")


def referral_documents_verifiable(user: User) -> QuerySet[ReferralDocument]:
    """The issued 请示 of the consultations the user may see (verification)."""
    return ReferralDocument.objects.filter(
        state=ReferralDocument.State.ISSUED,
        referral__consultation__in=consultation_policy.visible(user).values("pk"),
    ).select_related("referral__consultation", "issuer")
