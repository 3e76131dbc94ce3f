"""The rotation page: the chair of each year, and the swaps the chair offices record."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cooperation.rotation import services
from cooperation.rotation.forms import SwapForm
from cooperation.rotation.models import ChairSwap, ChairTerm
from cooperation.rotation.permissions import may_record_swap, may_schedule
from portal.forms import add_errors
from portal.models import Province

# The rotation page shows the chairs from the first year to this many years ahead.
ROTATION_YEARS_AHEAD = 5


def rotation_view(request, swap_form=None, status=200):
    """Past and future chairs, the current term with its handover note, and recorded swaps."""
    today = timezone.localdate()
    setup = services.rotation()
    chairs = services.chair_calendar(setup.first_year, today.year + ROTATION_YEARS_AHEAD)
    swaps = list(ChairSwap.objects.select_related("recorded_by").order_by("year_a"))
    swapped = {swap.year_a: swap for swap in swaps} | {swap.year_b: swap for swap in swaps}
    terms = {term.year: term for term in ChairTerm.objects.all()}
    current = next(
        (terms[year] for year in sorted(terms, reverse=True) if year <= today.year), None
    )
    may_swap = may_record_swap(request.user)
    rows = [
        {
            "year": year,
            "member": Province(code).label,
            "code": code,
            "term": terms.get(year),
            "swap": swapped.get(year),
            "current": current is not None and year == current.year,
            "past": year < today.year,
        }
        for year, code in chairs
    ]
    return render(
        request,
        "cooperation/rotation.html",
        {
            "rows": rows,
            "may_create": may_schedule(request.user),
            "setup": setup,
            "order": [Province(code).label for code in setup.order],
            "current": current,
            "swaps": swaps,
            "may_swap": may_swap,
            "swap_form": swap_form or (SwapForm() if may_swap else None),
        },
        status=status,
    )


@require_POST
def rotation_swap_view(request):
    """An administrator records a swap of two future years."""
    if not may_record_swap(request.user):
        raise PermissionDenied
    form = SwapForm(request.POST)
    if form.is_valid():
        try:
            swap = services.chair_swap_record(user=request.user, **form.cleaned_data)
            messages.success(
                request,
                _("Swap recorded: %(year_a)s ⇄ %(year_b)s.")
                % {"year_a": swap.year_a, "year_b": swap.year_b},
            )
            return redirect("cooperation:rotation")
        except ValidationError as error:
            add_errors(error, form)
    return rotation_view(request, swap_form=form, status=400)
