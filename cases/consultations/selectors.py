"""Every read of jurisdiction consultations a page or endpoint needs, already filtered and
joined."""

from django.db.models import Max, Prefetch, Q, QuerySet, prefetch_related_objects

from cases.consultations.models import (
    INTERNAL_ACTIONS,
    Consultation,
    ConsultationEvent,
    ConsultationMessage,
    ConsultationParty,
    DecisionRecord,
    ReferralDocument,
)
from cases.consultations.permissions import consultation_policy
from portal.models import User
from portal.signoff import REVIEWER, SIGNER, AwaitingSignoff, signoff_sides

Status = Consultation.Status


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
    """One consultation with its parties, thread, timeline and record; 404 if not visible.
    The timeline shows 核稿 to the opening procuratorate only."""
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
    timeline = ConsultationEvent.objects.select_related("actor")
    if user.procuratorate_id != consultation.initiator_id:
        timeline = timeline.exclude(action__in=INTERNAL_ACTIONS)
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
        Prefetch("events", queryset=timeline),
    )
    consultation.issued_record = DecisionRecord.objects.filter(consultation=consultation).first()
    return consultation


def decision_records_verifiable(user: User) -> QuerySet[DecisionRecord]:
    """The issued decision records of the consultations the user may see (verification)."""
    return DecisionRecord.objects.filter(
        state=DecisionRecord.State.ISSUED,
        consultation__in=consultation_policy.visible(user).values("pk"),
    ).select_related("consultation", "issuer")


def decisions_awaiting_signoff(user: User) -> list[AwaitingSignoff]:
    """The decisions waiting for the user's review (at the initiator) or their party's
    signature, and the 请示 waiting for the initiator's reviewer or signer, each since the
    consultation's last step (the 待我审核/签发 page; fixed queries)."""
    sides = signoff_sides(user, user.procuratorate)
    mine = user.procuratorate_id
    waiting = Q(pk__in=[])
    if REVIEWER in sides:
        waiting |= Q(status__in=[Status.REVIEW, Status.REFERRAL_REVIEW], initiator=mine)
    if SIGNER in sides:
        unsigned = ConsultationParty.objects.filter(procuratorate=mine, signed_at__isnull=True)
        waiting |= Q(status=Status.SIGNING, pk__in=unsigned.values("consultation"))
        waiting |= Q(status=Status.REFERRAL_SIGNING, initiator=mine)
    consultations = (
        consultation_policy.visible(user)
        .filter(waiting)
        .annotate(since=Max("events__created_at"))
        .order_by()
    )
    referral = {Status.REFERRAL_REVIEW, Status.REFERRAL_SIGNING}
    return [
        AwaitingSignoff(
            kind=str(
                (
                    ReferralDocument if consultation.status in referral else DecisionRecord
                )._meta.verbose_name
            ),
            title=consultation.subject,
            step=REVIEWER
            if consultation.status in {Status.REVIEW, Status.REFERRAL_REVIEW}
            else SIGNER,
            url=consultation.get_absolute_url(),
            since=consultation.since,
        )
        for consultation in consultations
    ]


def referral_documents_verifiable(user: User) -> QuerySet[ReferralDocument]:
    """The issued 请示 of the consultations the user may see (verification)."""
    return ReferralDocument.objects.filter(
        state=ReferralDocument.State.ISSUED,
        referral__consultation__in=consultation_policy.visible(user).values("pk"),
    ).select_related("referral__consultation", "issuer")
