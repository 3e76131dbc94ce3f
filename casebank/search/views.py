"""Pages of search: the search page, its CSV export, saved searches and the unsubscribe link."""

import csv
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _, gettext_lazy
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from casebank.library.permissions import case_policy
from casebank.search.forms import RateForm, SavedSearchForm, SearchForm
from casebank.search.permissions import saved_search_policy
from casebank.search.selectors import FILTERS, case_url, search_cases
from casebank.search.services import (
    saved_search_create,
    saved_search_delete,
    saved_search_of_link,
    saved_search_params,
    saved_search_unsubscribe,
    saved_search_update,
)
from portal.audit import export_record
from portal.forms import style_fields

# The CSV export's cap: a list to work with, not a copy of the library.
EXPORT_MAX_ROWS = 5_000
# What the page's links keep of the query string.
KEPT = ("q", "within", *FILTERS, "sort")


def require_searcher(user) -> None:
    if not case_policy.allows(user, "view"):
        raise PermissionDenied


def search_link(params: dict, **changes) -> str:
    """The search page's query string with some parameters changed (None removes one)."""
    merged = {key: value for key, value in params.items() if value not in (None, "")}
    for key, value in changes.items():
        if value in (None, ""):
            merged.pop(key, None)
        else:
            merged[key] = value
    return "?" + urlencode(merged)


def parse(request) -> tuple[SearchForm, dict]:
    """The search form of the query string, and the parameters its links keep."""
    form = style_fields(SearchForm(request.GET))
    form.is_valid()
    params = {key: request.GET.get(key, "") for key in KEPT if request.GET.get(key)}
    return form, params


def search_page(request):
    """Search the library: query, filters with counts, sort, search within, pages."""
    require_searcher(request.user)
    form, params = parse(request)
    results, error = None, None
    if form.is_valid():
        try:
            results = search_cases(user=request.user, **form.search_kwargs())
        except ValidationError as exc:
            error = "; ".join(exc.messages)
    searched = bool(form.is_valid() and (params.keys() - {"sort"}))
    if results is not None:
        for facet in results.facets:
            for value in facet.values:
                value.url = search_link(
                    params, **{facet.name: None if value.selected else value.value}, page=None
                )
    context = {
        "form": form,
        "results": results,
        "error": error,
        "searched": searched,
        "params": params,
        "query_string": urlencode(params),
        "sort_links": {
            "relevance": search_link(params, sort=None),
            "date": search_link(params, sort="date"),
        },
        "clear_link": search_link({}),
        "hidden_params": {key: value for key, value in params.items() if key != "within"},
        "save_form": style_fields(SavedSearchForm(initial={"name": params.get("q", "")})),
    }
    if results is not None:
        context["previous_link"] = search_link(params, page=results.page - 1)
        context["next_link"] = search_link(params, page=results.page + 1)
    return render(request, "casebank/search.html", context)


def csv_cell(value) -> str:
    """A cell as text; one starting like a formula is quoted so a spreadsheet shows it as text."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


# The columns of the CSV export.
EXPORT_COLUMNS = [
    gettext_lazy("Case code"),
    gettext_lazy("Case title"),
    gettext_lazy("Province"),
    gettext_lazy("Source procuratorate"),
    gettext_lazy("Category"),
    gettext_lazy("Charges"),
    gettext_lazy("Keywords"),
    gettext_lazy("Date of decision"),
    gettext_lazy("Published"),
    gettext_lazy("Link"),
]


def search_export(request):
    """The result list of a search as CSV (UTF-8 with a byte-order mark, so Excel reads
    Chinese), the same query and filters, at most EXPORT_MAX_ROWS rows in the page's order."""
    require_searcher(request.user)
    form, _params = parse(request)
    if not form.is_valid():
        return plain_text_400(
            _("The search is not valid: go back to the search page and correct it.")
        )
    kwargs = {**form.search_kwargs(), "page": 1}
    try:
        results = search_cases(
            user=request.user,
            **kwargs,
            per_page=EXPORT_MAX_ROWS,
            facets=False,
            snippets=False,
            max_per_page=EXPORT_MAX_ROWS,
        )
    except ValidationError as exc:
        return plain_text_400("; ".join(exc.messages))
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    filename = f"case-library-{stamp}.csv"
    export_record(
        user=request.user, detail=f"{filename}: {len(results.hits)} ?{request.GET.urlencode()}"
    )
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow(EXPORT_COLUMNS)
    base = request.build_absolute_uri("/")[:-1]
    writer.writerows(export_row(hit.case, base) for hit in results.hits)
    return response


def plain_text_400(message: str) -> HttpResponse:
    return HttpResponse(message, status=400, content_type="text/plain; charset=utf-8")


def export_row(case, base: str) -> list[str]:
    """One case as a row of the export, each cell safe from spreadsheet formulas."""
    published = case.published_at and timezone.localtime(case.published_at).strftime("%Y-%m-%d")
    return [
        csv_cell(value)
        for value in (
            case.code,
            case.title,
            case.get_province_display(),
            case.source_procuratorate.name,
            case.get_category_display(),
            "、".join(case.charges or []),
            "、".join(case.keywords or []),
            case.decided_on.isoformat(),
            published or "",
            base + case_url(case),
        )
    ]


def saved_search_list(request):
    """My saved searches: open, change the alerts, delete."""
    searches = list(saved_search_policy.visible(request.user).order_by("name", "pk"))
    for saved_search in searches:
        saved_search.link = "?" + saved_search_params(saved_search)
        saved_search.rate_form = style_fields(
            RateForm(initial={"rate": saved_search.rate}, prefix=f"s{saved_search.pk}")
        )
    return render(request, "casebank/saved_searches.html", {"searches": searches})


@require_POST
def saved_search_new(request):
    """Save the search the page shows (its query string comes in the form)."""
    require_searcher(request.user)
    form = SavedSearchForm(request.POST)
    params = {key: request.POST.get(key, "") for key in KEPT}
    if not form.is_valid():
        messages.error(request, _("Choose how often to be alerted, then save again."))
        return redirect(reverse_search(params))
    query = " ".join(part for part in (params["q"], params["within"]) if part)
    try:
        saved_search = saved_search_create(
            user=request.user,
            name=form.cleaned_data["name"],
            query=query,
            filters={name: params[name] for name in FILTERS},
            rate=form.cleaned_data["rate"],
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(reverse_search(params))
    messages.success(
        request,
        _("Search “%(name)s” saved: new cases that match are sent to you (%(rate)s).")
        % {"name": saved_search.name, "rate": saved_search.get_rate_display()},
    )
    return redirect("casebank:saved-search-list")


def reverse_search(params: dict) -> str:
    return reverse("casebank:search") + search_link(params)


@require_POST
def saved_search_rate(request, pk: int):
    """Change how often one of my saved searches alerts me."""
    saved_search = saved_search_policy.get_or_404(request.user, pk=pk)
    form = RateForm(request.POST, prefix=f"s{pk}")
    if form.is_valid():
        saved_search = saved_search_update(
            user=request.user, saved_search=saved_search, rate=form.cleaned_data["rate"]
        )
        messages.success(
            request,
            _("Alerts of “%(name)s”: %(rate)s.")
            % {"name": saved_search.name, "rate": saved_search.get_rate_display()},
        )
    else:
        messages.error(request, _("Choose how often to be alerted."))
    return redirect("casebank:saved-search-list")


@require_POST
def saved_search_remove(request, pk: int):
    """Delete one of my saved searches."""
    saved_search = saved_search_policy.get_or_404(request.user, pk=pk)
    saved_search_delete(user=request.user, saved_search=saved_search)
    messages.success(request, _("Search “%(name)s” deleted.") % {"name": saved_search.name})
    return redirect("casebank:saved-search-list")


@login_not_required
@csrf_exempt  # the signed token is the authority; mail clients post here (RFC 8058)
@require_http_methods(["GET", "POST"])
def saved_search_unsubscribe_view(request, token: str):
    """The link of an alert mail: GET asks (a mail scanner following links changes nothing),
    POST turns that search's alerts off, from the page's button or a mail client's one-click."""
    unsubscribe = saved_search_unsubscribe if request.method == "POST" else saved_search_of_link
    try:
        saved_search = unsubscribe(token=token)
    except ValidationError as exc:
        return render(
            request, "casebank/unsubscribe.html", {"error": " ".join(exc.messages)}, status=400
        )
    return render(
        request,
        "casebank/unsubscribe.html",
        {"saved_search": saved_search, "done": request.method == "POST"},
    )
