"""Pages of ecological restoration: the list, a new restoration, its measures and evidence.

Every write goes through `cases.restorations.services`; every read through its `selectors`.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cases.requests.models import Status
from cases.requests.permissions import request_policy
from cases.requests.selectors import SENT, request_list
from cases.restorations import services
from cases.restorations.forms import EvidenceForm, MeasureForm, RestorationForm, StepForm
from cases.restorations.models import RESTORATION_CATEGORIES
from cases.restorations.permissions import (
    may_create_restorations,
    may_run_restoration,
    may_verify_restoration,
)
from cases.restorations.selectors import restoration_detail, restoration_list
from portal.documents import file_response
from portal.forms import PER_PAGE, add_errors


def restoration_list_view(request):
    """Restorations handled by, or in the area of, the user's procuratorates."""
    filters = {
        "overdue": request.GET.get("overdue") == "1",
        "q": request.GET.get("q", ""),
        "category": request.GET.get("category", ""),
    }
    page = Paginator(restoration_list(user=request.user, filters=filters), PER_PAGE).get_page(
        request.GET.get("page")
    )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "cases/restoration_list.html",
        {
            "page": page,
            "filters": filters,
            "query": query.urlencode(),
            "categories": RESTORATION_CATEGORIES,
            "may_create": may_create_restorations(request.user),
        },
    )


def own_ecology_requests(user):
    """The user's sent requests about ecology that a restoration may be opened on."""
    return (
        request_list(user=user, box=SENT, filters={})
        .filter(category__in=RESTORATION_CATEGORIES)
        .exclude(status__in=[Status.DRAFT, Status.WITHDRAWN])
    )


def restoration_form_view(request):
    """Open a restoration for a case of the user's procuratorate."""
    if not may_create_restorations(request.user):
        raise PermissionDenied
    requests = own_ecology_requests(request.user)
    initial = {}
    if request.method == "GET" and (pk := request.GET.get("request", "")).isdigit():
        initial["request"] = pk
    form = RestorationForm(request.POST or None, requests=requests, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        linked = data.pop("request")
        try:
            restoration = services.restoration_create(user=request.user, data=data, request=linked)
            messages.success(request, _("Restoration opened."))
            return redirect(restoration)
        except ValidationError as error:
            add_errors(error, form)
        except PermissionDenied as error:
            form.add_error(None, str(error))
    return render(
        request,
        "cases/restoration_form.html",
        {"form": form},
        status=400 if request.method == "POST" else 200,
    )


# The steps whose form asks for a comment (sending a measure back says what is missing).
COMMENTED_STEPS = frozenset({"reopen"})


def restoration_detail_view(request, pk: int, failed: dict | None = None, status: int = 200):
    """A restoration: the case, its measures with their evidence and steps, the timeline."""
    failed = failed or {}
    restoration = restoration_detail(user=request.user, pk=pk)
    runs = may_run_restoration(request.user, restoration)
    verifies = may_verify_restoration(request.user, restoration)
    measures = list(restoration.measures.all())
    for measure in measures:
        measure.steps = [
            (action, step.label, action in COMMENTED_STEPS)
            for action, step in services.MEASURE_STEPS.items()
            if services.may_take_step(request.user, measure, action)
        ]
        measure.evidence_form = failed.get(("evidence", measure.pk)) or (
            EvidenceForm(prefix=f"m{measure.pk}") if runs or verifies else None
        )
        measure.step_error = failed.get(("step", measure.pk))
    return render(
        request,
        "cases/restoration_detail.html",
        {
            "restoration": restoration,
            "measures": measures,
            "may_run": runs,
            "may_verify": verifies,
            "measure_form": failed.get("measure") or (MeasureForm() if runs else None),
            "may_see_request": restoration.request_id
            and request_policy.can(request.user, "view", restoration.request),
        },
        status=status,
    )


@require_POST
def measure_add_view(request, pk: int):
    restoration = restoration_detail(user=request.user, pk=pk)
    form = MeasureForm(request.POST)
    if form.is_valid():
        try:
            services.restoration_add_measure(
                user=request.user, restoration=restoration, data=form.cleaned_data
            )
            messages.success(request, _("Measure added."))
            return redirect(restoration)
        except ValidationError as error:
            add_errors(error, form)
    return restoration_detail_view(request, pk, failed={"measure": form}, status=400)


@require_POST
def measure_step_view(request, pk: int, measure_pk: int, action: str):
    """Move a measure one step; a refusal is shown on the measure, nothing changes."""
    restoration = restoration_detail(user=request.user, pk=pk)
    measure = get_object_or_404(restoration.measures.all(), pk=measure_pk)
    if action not in services.MEASURE_STEPS:
        raise Http404
    form = StepForm(request.POST)
    form.is_valid()
    try:
        services.measure_transition(
            user=request.user,
            measure=measure,
            action=action,
            comment=form.cleaned_data.get("comment", ""),
        )
        messages.success(
            request, _("Done: %(action)s.") % {"action": services.MEASURE_STEPS[action].label}
        )
        return redirect(restoration)
    except ValidationError as error:
        message = " ".join(error.messages)
    return restoration_detail_view(request, pk, failed={("step", measure.pk): message}, status=400)


@require_POST
def evidence_attach_view(request, pk: int, measure_pk: int):
    restoration = restoration_detail(user=request.user, pk=pk)
    measure = get_object_or_404(restoration.measures.all(), pk=measure_pk)
    form = EvidenceForm(request.POST, request.FILES, prefix=f"m{measure.pk}")
    if form.is_valid():
        try:
            services.measure_attach_evidence(
                user=request.user, measure=measure, upload=form.cleaned_data["upload"]
            )
            messages.success(request, _("Evidence filed."))
            return redirect(restoration)
        except ValidationError as error:
            add_errors(error, form)
    return restoration_detail_view(request, pk, failed={("evidence", measure.pk): form}, status=400)


def evidence_download(request, pk: int, evidence_pk: int):
    """Evidence of a measure, to both procuratorates concerned only; every download logged."""
    evidence = services.evidence_for_download(
        user=request.user, restoration_pk=pk, evidence_pk=evidence_pk
    )
    return file_response(evidence)
