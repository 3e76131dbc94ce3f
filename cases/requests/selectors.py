"""Every read of assistance requests a page or endpoint needs, already filtered and joined."""

from django.db.models import Max, Model, Prefetch, Q, QuerySet, prefetch_related_objects
from django.http import Http404
from django.utils import timezone

from cases.requests.models import (
    LETTER_SIGNOFF_STATES,
    OPEN_STATES,
    REQUEST_SIGNOFF_STATES,
    AssistanceRequest,
    Letter,
    RequestEvent,
    RequestMessage,
    Side,
    Status,
    Supplement,
    SupplementStatus,
)
from cases.requests.permissions import HANDLING_ROLES, request_policy, side_of
from portal.models import User
from portal.signoff import REVIEWER, SIGNER, AwaitingSignoff, signoff_sides

SENT, RECEIVED, SIGNOFF = "sent", "received", "signoff"
# The supplementary or correction letters a request page shows as drafts (issued ones are
# among its letters).
OPEN_SUPPLEMENT_STATES = [
    SupplementStatus.DRAFT,
    SupplementStatus.IN_REVIEW,
    SupplementStatus.AWAITING_SIGNATURE,
]
# The columns that put a request in a box of the user's procuratorates.
BOX_COLUMNS = {
    SENT: ["requesting_procuratorate_id"],
    RECEIVED: ["requested_procuratorate_id", "forwarded_to_id"],
}


def request_list(*, user: User, box: str | None = None, filters: dict | None = None) -> QuerySet:
    """The requests the user may see, sent or received by their procuratorates, filtered.

    `filters` may hold status, request_type, category, province (the counterpart's),
    overdue (true) and q (a document number or words of the case name).
    """
    if box in BOX_COLUMNS:
        requests = request_policy.visible_through(user, BOX_COLUMNS[box])
    elif box == SIGNOFF:
        requests = signoff_queue(user=user)
    else:
        requests = request_policy.visible(user)
    if box == RECEIVED:
        requests = requests.exclude(status=Status.DRAFT)
    requests = requests.select_related(
        "requesting_procuratorate", "requested_procuratorate", "forwarded_to"
    )
    filters = filters or {}
    if status := filters.get("status"):
        requests = requests.filter(status=status)
    if request_type := filters.get("request_type"):
        requests = requests.filter(request_type=request_type)
    if category := filters.get("category"):
        requests = requests.filter(category=category)
    if province := filters.get("province"):
        counterpart = (
            "requested_procuratorate__province"
            if box == SENT
            else "requesting_procuratorate__province"
        )
        requests = requests.filter(**{counterpart: province})
    if filters.get("overdue"):
        requests = requests.filter(status__in=OPEN_STATES, due_date__lt=timezone.localdate())
    if q := (filters.get("q") or "").strip():
        requests = requests.filter(Q(number__icontains=q) | Q(case_name__icontains=q))
    return requests


def signoff_queue(*, user: User) -> QuerySet:
    """The requests whose letter waits for this user's review or signature (待我审核/签发).

    Reviewers and signers act for their own procuratorate only: the request letter at the
    requesting one, the reply at the one handling the request.
    """
    if not user.is_active or user.procuratorate_id is None:
        return AssistanceRequest.objects.none()
    sides = signoff_sides(user, user.procuratorate)
    mine = user.procuratorate_id
    requester = Q(requesting_procuratorate_id=mine)
    replier = Q(forwarded_to_id=mine) | Q(
        forwarded_to__isnull=True, requested_procuratorate_id=mine
    )
    q = Q(pk__in=[])
    # A supplementary or correction letter waits too, whatever the request's own status.
    supplements = Q(pk__in=[])
    if REVIEWER in sides:
        q |= Q(status=Status.IN_REVIEW) & requester | Q(status=Status.REPLY_IN_REVIEW) & replier
        supplements |= Q(status=SupplementStatus.IN_REVIEW)
    if SIGNER in sides:
        q |= Q(status=Status.AWAITING_SIGNATURE) & requester
        q |= Q(status=Status.REPLY_AWAITING_SIGNATURE) & replier
        supplements |= Q(status=SupplementStatus.AWAITING_SIGNATURE)
    if sides:
        waiting = Supplement.objects.filter(supplements, request__requesting_procuratorate_id=mine)
        q |= Q(pk__in=waiting.values("request_id"))
    return request_policy.visible(user).filter(q)


def letters_awaiting_signoff(user: User) -> list[AwaitingSignoff]:
    """The letters waiting for the user's review or signature: request and reply letters, each
    since its request's last step, and 补充函 / 更正函, each since its last change (for the
    待我审核/签发 page; two queries)."""
    requests = (
        signoff_queue(user=user)
        .filter(status__in=LETTER_SIGNOFF_STATES)
        .annotate(since=Max("events__created_at"))
        .order_by()
    )
    letters = [
        AwaitingSignoff(
            kind=str(
                Letter.Kind.REQUEST.label
                if request.status in REQUEST_SIGNOFF_STATES
                else Letter.Kind.REPLY.label
            ),
            title=request.case_name,
            step=REVIEWER
            if request.status in {Status.IN_REVIEW, Status.REPLY_IN_REVIEW}
            else SIGNER,
            url=request.get_absolute_url(),
            since=request.since,
        )
        for request in requests
    ]
    return letters + supplements_awaiting_signoff(user)


def supplements_awaiting_signoff(user: User) -> list[AwaitingSignoff]:
    """The 补充函 / 更正函 of the user's procuratorate waiting for their review or signature."""
    sides = signoff_sides(user, user.procuratorate)
    steps = {SupplementStatus.IN_REVIEW: REVIEWER, SupplementStatus.AWAITING_SIGNATURE: SIGNER}
    statuses = [status for status, side in steps.items() if side in sides]
    supplements = Supplement.objects.filter(
        status__in=statuses,
        request__requesting_procuratorate_id=user.procuratorate_id,
        request__in=request_policy.visible(user).values("pk"),
    ).select_related("request")
    return [
        AwaitingSignoff(
            kind=supplement.get_kind_display(),
            title=supplement.request.case_name,
            step=steps[supplement.status],
            url=supplement.request.get_absolute_url(),
            since=supplement.updated_at,
        )
        for supplement in supplements
    ]


def request_detail(*, user: User, pk) -> AssistanceRequest:
    """One request with everything its page shows; 404 if the user may not see it.

    One query reads the request with its procuratorates, and the policy answers from its
    columns whether the user sees it (asking the database only when a grant might open it).
    The timeline, messages, documents, letters, slots and extensions follow in one query each,
    and the people they name in one more (see `attach_people`); the task force that raised
    the request, if any, is read when the page names it. The agreed slot is taken from the
    proposed ones.
    """
    try:
        request = AssistanceRequest.objects.select_related(
            "requesting_procuratorate", "requested_procuratorate", "forwarded_to"
        ).get(pk=pk)
    except (AssistanceRequest.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    if not request_policy.is_visible(user, "view", request):
        raise Http404
    side = side_of(user, request)
    prefetch_related_objects(
        [request],
        Prefetch(
            "events",
            queryset=RequestEvent.objects.filter(Q(private_to="") | Q(private_to=side)),
            to_attr="visible_events",
        ),
        Prefetch(
            "messages",
            queryset=RequestMessage.objects.filter(Q(internal=False) | Q(side=side)),
            to_attr="visible_messages",
        ),
        "attachments",
        # Every letter, the versions, supplements and corrections among them, as issued.
        Prefetch("letters", queryset=Letter.objects.order_by("created_at", "id")),
        Prefetch(
            "supplements",
            # The drafts in sign-off are the requesting side's; the other sees the letters.
            queryset=Supplement.objects.filter(
                status__in=[] if side != Side.REQUESTING else OPEN_SUPPLEMENT_STATES
            ).select_related("refers_to"),
            to_attr="open_supplements",
        ),
        "proposed_slots",
        "extensions",
    )
    attach_people(
        [(request, "created_by"), (request, "handler")]
        + [(event, "actor") for event in request.visible_events]
        + [(message, "author") for message in request.visible_messages]
        + [(attachment, "uploaded_by") for attachment in request.attachments.all()]
        + [(extension, "asked_by") for extension in request.extensions.all()]
        + [(extension, "decided_by") for extension in request.extensions.all()]
        + [(supplement, "drafted_by") for supplement in request.open_supplements]
    )
    slots = {slot.pk: slot for slot in request.proposed_slots.all()}
    if request.agreed_slot_id in slots:
        request.agreed_slot = slots[request.agreed_slot_id]
    return request


def attach_people(references: list[tuple[Model, str]]) -> None:
    """Set each (object, foreign key to a user) to its user, all read in one query.

    A page names a handful of colleagues many times over (filer, handler, actors, authors):
    joining the user table to each of its queries cost more than reading them once.
    """
    ids = {getattr(obj, f"{field}_id") for obj, field in references} - {None}
    people = User.objects.in_bulk(ids)
    for obj, field in references:
        setattr(obj, field, people.get(getattr(obj, f"{field}_id")))


def handler_choices(request: AssistanceRequest) -> QuerySet[User]:
    """Colleagues of the procuratorate handling the request who can be made its handler."""
    return (
        User.objects.filter(
            procuratorate=request.handling_procuratorate,
            is_active=True,
            groups__name__in=HANDLING_ROLES,
        )
        .distinct()
        .order_by("full_name")
    )


def letters_verifiable(user: User) -> QuerySet[Letter]:
    """The issued letters of the requests the user may see, for the verification page."""
    return Letter.objects.filter(
        state=Letter.State.ISSUED, request__in=request_policy.visible(user).values("pk")
    ).select_related("request", "issuer")
