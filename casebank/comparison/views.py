"""The sentencing comparison page: the form, the table per province, the box plot, the outliers,
and how often the sentencing recommendations were adopted."""

from django.shortcuts import render

from casebank.comparison.adoption import adoption_by_charge
from casebank.comparison.charts import box_plot_svg
from casebank.comparison.forms import ComparisonForm
from casebank.comparison.selectors import comparison_charges, sentencing_comparison
from portal.forms import style_fields
from portal.models import CaseCategory


def comparison_view(request):
    """Compare how the six provinces sentence one charge (`?charge=…&category=…&year_from=…`)."""
    form = style_fields(ComparisonForm(request.GET or None))
    comparison = chart = None
    if form.is_valid():
        comparison = sentencing_comparison(user=request.user, **form.cleaned_data)
        if not comparison.is_empty:
            chart = box_plot_svg(comparison)
    return render(
        request,
        "casebank/compare.html",
        {
            "form": form,
            "charges": comparison_charges(user=request.user),
            "adoption": adoption_by_charge(user=request.user),
            "comparison": comparison,
            "chart": chart,
            "category_label": CaseCategory(comparison.category).label
            if comparison and comparison.category
            else "",
        },
        status=400 if request.GET and form.errors else 200,
    )
