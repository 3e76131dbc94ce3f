"""Every read of assistance requests a page or endpoint needs, already filtered and joined."""

from django.db.models import Prefetch, Q, QuerySet, prefetch_related_objects
from django.http import Http404
from django.utils import timezone

from cases.models import (
    OPEN_STATES,
    AssistanceRequest,
    DeadlineExtension,
    RequestAttachment,
    RequestEvent,
    RequestMessage,
    Status,
)
from cases.permissions import HANDLING_ROLES, request_policy, side_of
from portal.models import User
from portal.permissions import procuratorate_scope_ids

SENT, RECEIVED = "sent", "received"


def request_list(*, user: User, box: str | None = None, filters: dict | None = None) -> QuerySet:
    """The requests the user may see, sent or received by their procuratorates, filtered.

    `filters` may hold status, request_type, category, province (the counterpart's),
    overdue (true) and q (a document number or words of the case name).
    """
    requests = request_policy.visible(user).select_related(
        "requesting_procuratorate", "requested_procuratorate", "forwarded_to", "handler"
    )
    scope = procuratorate_scope_ids(user)
    if box == SENT:
        requests = requests.filter(requesting_procuratorate_id__in=scope)
    elif box == RECEIVED:
        requests = requests.filter(
            Q(requested_procuratorate_id__in=scope) | Q(forwarded_to_id__in=scope)
        ).exclude(status=Status.DRAFT)
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

    One query reads the request, its procuratorates and people, filtered by the policy (as
    `get_or_404` does); the timeline, messages, documents, letters, slots and extensions
    follow in one query each. The agreed slot is taken from the proposed ones: one more join
    to the policy's filter cost the planner more than the rest of the query.
    """
    try:
        request = (
            request_policy.visible(user)
            .select_related(
                "requesting_procuratorate",
                "requested_procuratorate",
                "forwarded_to",
                "handler",
                "created_by",
            )
            .get(pk=pk)
        )
    except (AssistanceRequest.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    side = side_of(user, request)
    messages = RequestMessage.objects.select_related("author").filter(
        Q(internal=False) | Q(side=side)
    )
    prefetch_related_objects(
        [request],
        Prefetch("events", queryset=RequestEvent.objects.select_related("actor")),
        Prefetch("messages", queryset=messages, to_attr="visible_messages"),
        Prefetch("attachments", queryset=RequestAttachment.objects.select_related("uploaded_by")),
        "letters",
        "proposed_slots",
        Prefetch(
            "extensions",
            queryset=DeadlineExtension.objects.select_related("asked_by", "decided_by"),
        ),
    )
    slots = {slot.pk: slot for slot in request.proposed_slots.all()}
    if request.agreed_slot_id in slots:
        request.agreed_slot = slots[request.agreed_slot_id]
    return request


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
