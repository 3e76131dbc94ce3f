"""Every read of ecological restoration a page or endpoint needs, already filtered and
joined."""

from django.db.models import Count, Prefetch, Q, QuerySet, prefetch_related_objects
from django.http import Http404
from django.utils import timezone

from cases.restorations.models import (
    OPEN_MEASURE_STATES,
    MeasureEvidence,
    MeasureStatus,
    Restoration,
    RestorationEvent,
    RestorationMeasure,
)
from cases.restorations.permissions import restoration_policy
from portal.models import User


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
