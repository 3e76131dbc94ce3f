"""Pages of the library's cases: home, my province's cases, the case page, forms, review."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from casebank.leads.permissions import lead_policy
from casebank.library import selectors, services
from casebank.library.forms import (
    CaseForm,
    CommentForm,
    MineFilterForm,
    SubmitForm,
    cleaned_outcomes,
    outcome_formset,
)
from casebank.library.pdf import case_for_pdf, case_pdf
from casebank.library.permissions import case_policy, may_submit_cases, province_of
from portal.documents import file_response
from portal.forms import PER_PAGE, UploadForm, add_errors
from portal.models import Province

# Steps taken with a comment, and the service argument the comment goes to.
COMMENTED_STEPS = {"return": "comment", "withdraw": "reason"}
UNCOMMENTED_STEPS = ("publish", "seal")


def library_home(request):
    """The library: the newest published cases, what it holds, and the way to search it."""
    page = Paginator(selectors.library_cases(user=request.user), PER_PAGE).get_page(
        request.GET.get("page")
    )
    counts = selectors.library_counts(user=request.user)
    return render(
        request,
        "casebank/library_home.html",
        {
            "page": page,
            "category_counts": counts["category"],
            "province_counts": counts["province"],
            "may_submit": may_submit_cases(request.user),
            "reviews_waiting": selectors.reviews_waiting(user=request.user),
            "may_read_leads": lead_policy.allows(request.user, "view"),
        },
    )


def province_case_list(request):
    """The cases of the user's province in every state: drafts, under review, published."""
    if province_of(request.user) is None:
        raise Http404
    filter_form = MineFilterForm(request.GET or None)
    status = filter_form.cleaned_data["status"] if filter_form.is_valid() else ""
    page = Paginator(selectors.province_cases(user=request.user, status=status), PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "casebank/province_cases.html",
        {
            "page": page,
            "filter_form": filter_form,
            "province": Province(province_of(request.user)).label,
            "may_submit": may_submit_cases(request.user),
            "may_read_leads": lead_policy.allows(request.user, "view"),
            "query": f"status={status}" if status else "",
        },
    )


def case_detail_view(request, pk: int, failed_step: str = "", failed_form=None, status=200):
    """A case as the library shows it, printable, with its history and the user's steps."""
    case = selectors.case_detail(user=request.user, pk=pk)
    steps = services.case_steps(user=request.user, case=case)
    forms = {step: CommentForm(prefix=step) for step in COMMENTED_STEPS if step in steps}
    if failed_step:
        forms[failed_step] = failed_form
    return render(
        request,
        "casebank/case_detail.html",
        {
            "case": case,
            "steps": steps,
            "step_forms": forms,
            "failed_step": failed_step,
            "own_province": case.province == province_of(request.user),
            "may_see_documents": case_policy.can(request.user, "documents", case),
        },
        status=status,
    )


def case_form_view(request, pk: int | None = None, revising: bool = False):
    """Write a new case, change a draft or returned one, or revise a published one."""
    case = case_to_write(request.user, pk, revising=revising)
    data = request.POST if request.method == "POST" else None
    form = CaseForm(data, instance=case, revising=revising)
    outcomes = outcome_formset(data, case)
    upload = UploadForm(data, request.FILES or None, prefix="file")
    parts = [form, outcomes, upload]
    if request.method == "POST" and all([part.is_valid() for part in parts]):
        try:
            return save_case(request, case, form, outcomes, upload, revising=revising)
        except ValidationError as error:
            add_errors(error, form, elsewhere=other_forms(outcomes, upload))
    return render(
        request,
        "casebank/case_form.html",
        {
            "form": form,
            "outcomes": outcomes,
            "upload_form": upload,
            "case": case,
            "revising": revising,
        },
        status=400 if request.method == "POST" else 200,
    )


def case_to_write(user, pk: int | None, *, revising: bool):
    """The case the form changes (None for a new one); 404 where the user may not."""
    if pk is None:
        if not may_submit_cases(user):
            raise Http404
        return None
    case = case_policy.get_or_404(user, pk=pk)
    if ("revise" if revising else "edit") not in services.case_steps(user=user, case=case):
        raise Http404
    return case


def save_case(request, case, form, outcomes, upload, *, revising: bool):
    """Save the valid form through the services, and go where the writer goes next."""
    fields = {k: v for k, v in form.cleaned_data.items() if k != "note"}
    rows = cleaned_outcomes(outcomes)
    file = upload.cleaned_data.get("upload")
    user = request.user
    if revising:
        saved = services.case_revise(
            user=user, case=case, data=fields, outcomes=rows, note=form.cleaned_data["note"]
        )
        messages.success(request, _("Revision published as version %(n)d.") % {"n": saved.version})
        return redirect(saved)
    if case is None:
        saved = services.case_create(user=user, data=fields, outcomes=rows, upload=file)
    else:
        saved = services.case_update(user=user, case=case, data=fields, outcomes=rows, upload=file)
    if "preview" in request.POST:
        return redirect("casebank:case-submit", pk=saved.pk)
    messages.success(request, _("Draft saved."))
    return redirect(saved)


def case_submit_view(request, pk: int):
    """Show the submitter what would be shared, masked, and submit once they confirm it."""
    case = case_policy.get_or_404(request.user, pk=pk)
    if "submit" not in services.case_steps(user=request.user, case=case):
        raise Http404
    form = SubmitForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.case_submit(user=request.user, case=case, confirmed=True)
            messages.success(request, _("Submitted to your province's reviewers."))
            return redirect(case)
        except ValidationError as error:
            form.add_error(None, error)
    return render(
        request,
        "casebank/case_submit.html",
        {"case": case, "shared": services.case_preview(case=case), "form": form},
        status=400 if request.method == "POST" else 200,
    )


@require_POST
def case_step(request, pk: int, step: str):
    """Return, publish, withdraw or seal a case; a refusal is shown on the page, nothing
    changes."""
    case = case_policy.get_or_404(request.user, pk=pk)
    if step not in ("return", "publish", "withdraw", "seal"):
        raise Http404
    form = CommentForm(request.POST, prefix=step) if step in COMMENTED_STEPS else None
    try:
        if form is not None and not form.is_valid():
            raise ValidationError(form.errors["comment"])
        if step in UNCOMMENTED_STEPS:
            getattr(services, f"case_{step}")(user=request.user, case=case)
        else:
            action = getattr(services, f"case_{step}")
            action(
                user=request.user,
                case=case,
                **{COMMENTED_STEPS[step]: form.cleaned_data["comment"]},
            )
        messages.success(request, _("Done: %(step)s.") % {"step": services.STEPS[step].label})
        return redirect(case)
    except ValidationError as error:
        form = form or CommentForm(prefix=step)
        for message in error.messages:
            if message not in form.errors.get("comment", []):
                form.add_error(None, message)
        if step in UNCOMMENTED_STEPS:
            messages.error(request, " ".join(error.messages))
            return redirect(case)
    return case_detail_view(request, pk, failed_step=step, failed_form=form, status=400)


def case_version_view(request, pk: int, number: int):
    """A version of a case as it was shared then."""
    case = case_policy.get_or_404(request.user, pk=pk)
    version = get_object_or_404(case.versions.select_related("published_by"), number=number)
    return render(request, "casebank/case_version.html", {"case": case, "version": version})


def case_attachment_download(request, pk: int, attachment_pk: int):
    """A document of a case, to the case's own province only; the download is logged."""
    attachment = services.case_attachment_for_download(
        user=request.user, case_pk=pk, attachment_pk=attachment_pk
    )
    return file_response(attachment)


def other_forms(outcomes, upload):
    """Where a case's errors go that are not the main form's: an outcome, the upload."""

    def route(key: str):
        if key.startswith("outcomes-"):
            _prefix, index, field = key.split("-", 2)
            outcome_form = outcomes.forms[int(index)]
            return outcome_form, field if field in outcome_form.fields else None
        return (upload, "upload") if key == "upload" else None

    return route


def case_pdf_view(request, pk: int):
    """The case as a PDF, rendered now (a draft only to its own province: 404 to the others)."""
    case = case_for_pdf(user=request.user, pk=pk)
    response = HttpResponse(case_pdf(case), content_type="application/pdf")
    name = case.code or f"draft-{case.pk}"
    response["Content-Disposition"] = f'inline; filename="{name}.pdf"'
    return response
