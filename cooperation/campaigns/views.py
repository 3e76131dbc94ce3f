"""Pages of joint campaigns: the list, a new campaign, and its results across provinces.

Every write goes through the campaigns' services; every read through their selectors.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cooperation.campaigns import services
from cooperation.campaigns.forms import CampaignForm, CampaignReportForm
from cooperation.campaigns.permissions import may_organise_campaign, reporting_participants
from cooperation.campaigns.selectors import campaign_detail, campaign_list, campaign_summary
from portal.forms import add_errors

PER_PAGE = 20
STATES = ("running", "upcoming", "ended")


def campaign_list_view(request):
    """The campaigns the user's procuratorates take part in, running ones by default."""
    state = request.GET.get("state", "")
    if state not in (*STATES, "all"):
        state = "running"
    campaigns = campaign_list(user=request.user, state=None if state == "all" else state)
    page = Paginator(campaigns, PER_PAGE).get_page(request.GET.get("page"))
    today = timezone.localdate()
    for campaign in page:
        campaign.current_state = campaign.state(today)
    return render(
        request,
        "cooperation/campaign_list.html",
        {
            "page": page,
            "state": state,
            "states": [*STATES, "all"],
            "may_create": may_organise_campaign(request.user),
        },
    )


def campaign_form_view(request):
    """A member's liaison officer or chief launches a campaign."""
    if not may_organise_campaign(request.user):
        raise PermissionDenied
    form = CampaignForm(request.POST or None, organiser=request.user.procuratorate)
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in services.CAMPAIGN_FIELDS}
        try:
            campaign = services.campaign_create(
                user=request.user, data=data, participants=list(form.cleaned_data["participants"])
            )
            messages.success(request, _("Campaign launched; the participants are told."))
            return redirect(campaign)
        except ValidationError as error:
            add_errors(error, form)
    return render(
        request,
        "cooperation/campaign_form.html",
        {"form": form},
        status=400 if request.method == "POST" else 200,
    )


def campaign_detail_view(request, pk: int, report_form=None, status: int = 200):
    """A campaign: goals, participants, the summary table and chart, each period's reports."""
    campaign = campaign_detail(user=request.user, pk=pk)
    today = timezone.localdate()
    summary = campaign_summary(campaign, today=today)
    reporters = reporting_participants(request.user, campaign)
    open_periods = [p for p in campaign.periods() if p.start <= today]
    if reporters and open_periods and report_form is None:
        report_form = CampaignReportForm(reporters=reporters, periods=open_periods)
    return render(
        request,
        "cooperation/campaign_detail.html",
        {
            "campaign": campaign,
            "state": campaign.state(today),
            "summary": summary,
            "chart_labels": {
                "arrests_approved": _("Persons approved for arrest"),
                "persons_prosecuted": _("Persons prosecuted"),
                "proceeds_recovered": _("Proceeds recovered (10,000 yuan)"),
                "count": _("persons"),
                "assets": _("10,000 yuan"),
            },
            "report_form": report_form if reporters else None,
            "revisions": [
                revision for report in campaign.reports.all() for revision in report.revisions.all()
            ],
        },
        status=status,
    )


@require_POST
def campaign_report_view(request, pk: int):
    """A participant reports (or corrects) its results of one period."""
    campaign = campaign_detail(user=request.user, pk=pk)
    reporters = reporting_participants(request.user, campaign)
    if not reporters:
        raise PermissionDenied
    today = timezone.localdate()
    periods = [p for p in campaign.periods() if p.start <= today]
    form = CampaignReportForm(request.POST, reporters=reporters, periods=periods)
    if form.is_valid():
        data = form.cleaned_data
        procuratorate = next(p for p in reporters if p.pk == data["procuratorate"])
        try:
            services.campaign_report_save(
                user=request.user,
                campaign=campaign,
                procuratorate=procuratorate,
                period_start=data["period_start"],
                data=data,
                reason=data["reason"],
            )
            messages.success(request, _("Results saved."))
            return redirect(campaign)
        except ValidationError as error:
            add_errors(error, form)
        except PermissionDenied as error:
            form.add_error(None, str(error))
    return campaign_detail_view(request, pk, report_form=form, status=400)
