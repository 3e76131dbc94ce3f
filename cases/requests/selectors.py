"""Every read of case-handling cooperation a page or endpoint needs, already filtered and
joined: assistance requests, joint task forces, jurisdiction consultations."""

from django.db.models import Count, Model, Prefetch, Q, QuerySet, prefetch_related_objects
from django.http import Http404
from django.utils import timezone

from cases.models import (
    OPEN_MEASURE_STATES,
    OPEN_STATES,
    AssistanceRequest,
    Consultation,
    ConsultationEvent,
    ConsultationMessage,
    ConsultationParty,
    DecisionRecord,
    MeasureEvidence,
    MeasureStatus,
    RequestEvent,
    RequestMessage,
    Restoration,
    RestorationEvent,
    RestorationMeasure,
    Status,
    TaskForce,
    TaskForceDocument,
    TaskForceEvent,
    TaskForceMember,
    TaskForceMessage,
    TaskForceTask,
)
from cases.permissions import (
    HANDLING_ROLES,
    SECONDED_ROLES,
    consultation_policy,
    request_policy,
    restoration_policy,
    side_of,
    task_force_policy,
)
from portal.models import DocumentDownload, User

SENT, RECEIVED = "sent", "received"
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
        "letters",
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


# Ecological restoration.


def restoration_list(*, user: User, filters: dict | None = None) -> QuerySet:
    """The restorations the user may see (handling or damage-place side), with their progress.

    `filters` may hold category, overdue (true: with a measure past its deadline) and q (words
    of the case name or number).
    """
    today = timezone.localdate()
    restorations = (
        restoration_policy.visible(user)
        .select_related("handling_procuratorate", "damage_procuratorate")
        .annotate(
            measure_count=Count("measures", distinct=True),
            verified_count=Count(
                "measures", filter=Q(measures__status=MeasureStatus.VERIFIED), distinct=True
            ),
            overdue_count=Count(
                "measures",
                filter=Q(measures__status__in=OPEN_MEASURE_STATES, measures__deadline__lt=today),
                distinct=True,
            ),
        )
    )
    # Aggregating drops the model's default order: name it again for the pages.
    restorations = restorations.order_by("-created_at", "-id")
    filters = filters or {}
    if category := filters.get("category"):
        restorations = restorations.filter(category=category)
    if filters.get("overdue"):
        restorations = restorations.filter(overdue_count__gt=0)
    if q := (filters.get("q") or "").strip():
        restorations = restorations.filter(Q(case_name__icontains=q) | Q(case_number__icontains=q))
    return restorations


def restoration_detail(*, user: User, pk) -> Restoration:
    """One restoration with its measures, their evidence and the timeline; else 404."""
    try:
        restoration = (
            restoration_policy.visible(user)
            .select_related(
                "handling_procuratorate", "damage_procuratorate", "created_by", "request"
            )
            .get(pk=pk)
        )
    except (Restoration.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    prefetch_related_objects(
        [restoration],
        Prefetch(
            "measures",
            queryset=RestorationMeasure.objects.select_related("verified_by").prefetch_related(
                Prefetch("evidence", queryset=MeasureEvidence.objects.select_related("uploaded_by"))
            ),
        ),
        Prefetch("events", queryset=RestorationEvent.objects.select_related("actor", "measure")),
    )
    for measure in restoration.measures.all():
        measure.restoration = restoration  # the policy checks read it: no query per measure
    return restoration


# Joint task forces.


def task_force_list(*, user: User, status: str | None = None) -> QuerySet:
    """The task forces the user may see (as a member, a chief above one, or at the lead)."""
    task_forces = (
        task_force_policy.visible(user)
        .select_related("lead_procuratorate")
        .annotate(
            member_count=Count("members", filter=Q(members__removed_at__isnull=True)),
        )
        .order_by("-created_at", "-id")
        .prefetch_related(
            Prefetch(
                "members",
                queryset=TaskForceMember.objects.filter(removed_at__isnull=True)
                .select_related("procuratorate")
                .order_by("procuratorate__province"),
                to_attr="current_members",
            )
        )
    )
    if status:
        task_forces = task_forces.filter(status=status)
    return task_forces


def task_force_detail(*, user: User, pk) -> TaskForce:
    """One task force with its team, cases, tasks, thread, documents (with their download log),
    linked requests and timeline; 404 if the user may not see it."""
    task_force = task_force_policy.get_or_404(user, pk=pk)
    task_force = TaskForce.objects.select_related(
        "lead_procuratorate", "proposed_by", "decided_by", "closed_by"
    ).get(pk=task_force.pk)
    prefetch_related_objects(
        [task_force],
        Prefetch(
            "members",
            queryset=TaskForceMember.objects.select_related("user", "procuratorate", "removed_by"),
        ),
        "cases",
        Prefetch("tasks", queryset=TaskForceTask.objects.select_related("assignee")),
        Prefetch("messages", queryset=TaskForceMessage.objects.select_related("author")),
        Prefetch(
            "documents",
            queryset=TaskForceDocument.objects.select_related("uploaded_by").prefetch_related(
                Prefetch(
                    "downloads",
                    queryset=DocumentDownload.objects.select_related("user"),
                )
            ),
        ),
        Prefetch(
            "requests",
            queryset=AssistanceRequest.objects.select_related(
                "requesting_procuratorate", "requested_procuratorate"
            ),
        ),
        Prefetch("events", queryset=TaskForceEvent.objects.select_related("actor")),
    )
    return task_force


def secondable_people(task_force: TaskForce | None = None) -> QuerySet[User]:
    """Active prosecutors who can be seconded (not already current members of `task_force`)."""
    people = (
        User.objects.filter(is_active=True, groups__name__in=SECONDED_ROLES)
        .exclude(procuratorate=None)
        .select_related("procuratorate")
        .distinct()
        .order_by("procuratorate__province", "procuratorate__code", "full_name")
    )
    if task_force is not None:
        people = people.exclude(
            task_force_memberships__in=task_force.members.filter(removed_at__isnull=True)
        )
    return people


def linkable_requests(*, user: User, task_force: TaskForce) -> QuerySet:
    """Requests sent by the team's procuratorates, visible to the user, not linked yet."""
    places = task_force.members.filter(removed_at__isnull=True).values("procuratorate_id")
    return (
        request_policy.visible(user)
        .filter(task_force__isnull=True)
        .filter(
            Q(requesting_procuratorate_id__in=places)
            | Q(requesting_procuratorate_id=task_force.lead_procuratorate_id)
        )
        .exclude(status=Status.DRAFT)
    )


# Jurisdiction consultations.


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
        "initiator", "opened_by", "handling_procuratorate", "decision_recorded_by"
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
