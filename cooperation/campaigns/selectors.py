"""Every read of joint campaigns a page or endpoint needs, filtered and joined."""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from cooperation.campaigns.models import Campaign, CampaignParticipant, CampaignReport
from cooperation.campaigns.permissions import campaign_policy
from portal.models import User


def campaign_list(*, user: User, state: str | None = None) -> QuerySet:
    """The campaigns the user's procuratorates take part in (or supervise), newest first.

    `state` narrows to `upcoming`, `running` or `ended` campaigns (Beijing time).
    """
    participants = CampaignParticipant.objects.select_related("procuratorate")
    campaigns = (
        campaign_policy.visible(user)
        .select_related("organiser")
        .prefetch_related(Prefetch("participants", queryset=participants))
    )
    today = timezone.localdate()
    if state == "upcoming":
        campaigns = campaigns.filter(starts_on__gt=today)
    elif state == "running":
        campaigns = campaigns.filter(starts_on__lte=today, ends_on__gte=today)
    elif state == "ended":
        campaigns = campaigns.filter(ends_on__lt=today)
    return campaigns


def campaign_detail(*, user: User, pk) -> Campaign:
    """One campaign with its participants and reports (and their earlier versions); else 404."""
    campaign = campaign_policy.get_or_404(user, pk=pk)
    return (
        Campaign.objects.select_related("organiser", "created_by")
        .prefetch_related(
            Prefetch(
                "participants",
                queryset=CampaignParticipant.objects.select_related("procuratorate"),
            ),
            Prefetch(
                "reports",
                queryset=CampaignReport.objects.select_related(
                    "procuratorate", "reported_by"
                ).prefetch_related("revisions__corrected_by"),
            ),
        )
        .get(pk=campaign.pk)
    )


@dataclass
class CampaignSummary:
    """The results across participants: totals per participant, and each period's reports."""

    rows: list[dict]  # per participant: procuratorate, cases, persons, assets, reported periods
    totals: dict
    periods: list[dict]  # per period: the period, whether it is due, and the cell per participant
    chart: dict  # what the chart draws: participant names and the three series


def campaign_summary(campaign: Campaign, *, today: dt.date | None = None) -> CampaignSummary:
    """The summary table and chart of a campaign read by `campaign_detail` (no query)."""
    today = today or timezone.localdate()
    participants = [p.procuratorate for p in campaign.participants.all()]
    by_key = {(r.procuratorate_id, r.period_start): r for r in campaign.reports.all()}
    rows = []
    for procuratorate in participants:
        reports = [r for r in campaign.reports.all() if r.procuratorate_id == procuratorate.pk]
        rows.append(
            {
                "procuratorate": procuratorate,
                "arrests_approved": sum(r.arrests_approved for r in reports),
                "persons_prosecuted": sum(r.persons_prosecuted for r in reports),
                "proceeds_recovered": sum((r.proceeds_recovered for r in reports), Decimal(0)),
                "reported": len(reports),
            }
        )
    totals = {
        name: sum((row[name] for row in rows), Decimal(0) if name == "proceeds_recovered" else 0)
        for name in ("arrests_approved", "persons_prosecuted", "proceeds_recovered")
    }
    periods = []
    for period in campaign.periods():
        if period.start > today:
            break
        cells = []
        for procuratorate in participants:
            report = by_key.get((procuratorate.pk, period.start))
            cells.append(
                {
                    "procuratorate": procuratorate,
                    "report": report,
                    "late": report is None and period.due < today,
                }
            )
        periods.append({"period": period, "cells": cells, "closed": period.end < today})
    chart = {
        "names": [p.name for p in participants],
        "arrests_approved": [row["arrests_approved"] for row in rows],
        "persons_prosecuted": [row["persons_prosecuted"] for row in rows],
        "proceeds_recovered": [float(row["proceeds_recovered"]) for row in rows],
    }
    return CampaignSummary(rows=rows, totals=totals, periods=periods, chart=chart)
