"""Case leads: the public form and its receipt (no sign-in), the liaison officers' inbox."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from casebank.leads.forms import CaseLeadForm, form_token
from casebank.leads.models import CaseLead
from casebank.leads.permissions import lead_policy
from casebank.leads.selectors import lead_inbox
from casebank.leads.services import case_lead_mark_handled, case_lead_open, case_lead_submit
from portal.forms import style_fields
from portal.sessions import client_address

RECEIPT_SALT = "casebank.lead-receipt"
RECEIPT_MAX_AGE = 24 * 60 * 60
PER_PAGE = 25


@login_not_required
def lead_form_view(request):
    """The public page where anyone sends a case lead to one of the six provinces."""
    form = style_fields(CaseLeadForm(request.POST or None))
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                lead = case_lead_submit(
                    province=data["province"],
                    subject=data["subject"],
                    content=data["content"],
                    place=data["place"],
                    reporter_name=data["reporter_name"],
                    reporter_contact=data["reporter_contact"],
                    sender_address=client_address(request) or "",
                    form_nonce=data["form_nonce"],
                )
            except ValidationError as error:
                form.add_error(None, error)
                if error.code == "throttled":
                    status = 429
            else:
                token = signing.dumps(lead.pk, salt=RECEIPT_SALT)
                return redirect("lead-receipt", token=token)
    return render(
        request, "casebank/leads/form.html", {"form": form, "token": form_token()}, status=status
    )


@login_not_required
def lead_receipt_view(request, token: str):
    """The receipt of a lead just sent, reached only by the signed link the form redirects to."""
    try:
        pk = signing.loads(token, salt=RECEIPT_SALT, max_age=RECEIPT_MAX_AGE)
        lead = CaseLead.objects.select_related("procuratorate").get(pk=pk)
    except (signing.BadSignature, CaseLead.DoesNotExist, TypeError, ValueError):
        raise Http404 from None
    return render(request, "casebank/leads/receipt.html", {"lead": lead})


def lead_inbox_view(request):
    """The leads sent to the liaison officer's procuratorate, filtered by status."""
    if not lead_policy.allows(request.user, "view"):
        raise Http404
    status = request.GET.get("status", "")
    if status not in CaseLead.Status.values:
        status = ""
    page = Paginator(lead_inbox(user=request.user, status=status), PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "casebank/leads/inbox.html",
        {"page": page, "status": status, "statuses": CaseLead.Status.choices},
    )


def lead_detail_view(request, pk: int):
    """One lead; opening it marks it read."""
    lead = lead_policy.get_or_404(request.user, "view", pk=pk)
    lead = case_lead_open(user=request.user, lead=lead)
    return render(
        request,
        "casebank/leads/detail.html",
        {"lead": lead, "may_handle": lead_policy.can(request.user, "change", lead)},
    )


@require_POST
def lead_handled_view(request, pk: int):
    """Mark a lead handled."""
    lead = lead_policy.get_or_404(request.user, "change", pk=pk)
    try:
        lead = case_lead_mark_handled(user=request.user, lead=lead)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, _("Lead %(number)s marked handled.") % {"number": lead.receipt_number}
        )
    return redirect("casebank:lead-detail", pk=lead.pk)
