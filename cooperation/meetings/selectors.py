"""Every read of the liaison mechanism a page or endpoint needs, filtered and joined."""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from cooperation.models import (
    Campaign,
    CampaignParticipant,
    CampaignReport,
    Invitation,
    Meeting,
    Resolution,
    ResolutionProgress,
    Symposium,
)
from cooperation.permissions import (
    campaign_policy,
    meeting_policy,
    resolution_policy,
    symposium_policy,
)
from portal.models import User


def meeting_list(*, user: User, year: int | None = None, month: int | None = None) -> QuerySet:
    """The meetings the user may see, optionally in one year or month (Beijing time)."""
    meetings = meeting_policy.visible(user).annotate(
        answered=Count("invitations", filter=~Q(invitations__answer=Invitation.Answer.PENDING))
    )
    if year:
        meetings = meetings.filter(starts_at__year=year)
    if month:
        meetings = meetings.filter(starts_at__month=month)
    return meetings.order_by("starts_at")


def meeting_detail(*, user: User, pk) -> Meeting:
    """One meeting with its agenda, invitations, resolutions and their progress; else 404."""
    meeting = meeting_policy.get_or_404(user, pk=pk)
    return (
        Meeting.objects.select_related("created_by", "notice")
        .prefetch_related(
            "agenda__presenter",
            "agenda__documents",
            Prefetch(
                "invitations",
                queryset=Invitation.objects.select_related("procuratorate", "answered_by"),
            ),
            Prefetch(
                "resolutions",
                queryset=Resolution.objects.select_related("owner").prefetch_related(
                    Prefetch(
                        "progress", queryset=ResolutionProgress.objects.select_related("author")
                    )
                ),
            ),
            "revisions__author",
        )
        .get(pk=meeting.pk)
    )


def user_meetings(*, user: User) -> QuerySet:
    """The published meetings a user's member is invited to and has not declined."""
    if not user.procuratorate_id:
        return Meeting.objects.none()
    invited = Invitation.objects.filter(procuratorate__code=user.procuratorate.province).exclude(
        answer=Invitation.Answer.DECLINED
    )
    return meeting_policy.visible(user).filter(
        status=Meeting.Status.PUBLISHED, pk__in=invited.values("meeting_id")
    )


def resolution_list(*, user: User, state: str | None = None, owner=None) -> QuerySet:
    """Resolutions the user may read, with their meeting and owner."""
    resolutions = resolution_policy.visible(user).select_related("meeting", "owner")
    if state:
        resolutions = resolutions.filter(state=state)
    if owner:
        resolutions = resolutions.filter(owner=owner)
    return resolutions


def resolution_detail(*, user: User, pk) -> Resolution:
    """One resolution the user may read, with its progress reports; else 404."""
    progress = ResolutionProgress.objects.select_related("author")
    resolutions = resolution_list(user=user).prefetch_related(Prefetch("progress", progress))
    return get_object_or_404(resolutions, pk=pk)


def symposium_list(*, user: User) -> QuerySet:
    """The symposiums the user's procuratorates take part in (or supervise)."""
    return (
        symposium_policy.visible(user)
        .select_related("convener")
        .prefetch_related("participants__procuratorate")
    )


def symposium_detail(*, user: User, pk) -> Symposium:
    symposium = symposium_policy.get_or_404(user, pk=pk)
    return (
        Symposium.objects.select_related("convener", "created_by")
        .prefetch_related(
            "participants__procuratorate", "follow_ups__owner", "documents__uploaded_by"
        )
        .get(pk=symposium.pk)
    )


# Joint campaigns.


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
                "cases_filed": sum(r.cases_filed for r in reports),
                "persons_prosecuted": sum(r.persons_prosecuted for r in reports),
                "assets_recovered": sum((r.assets_recovered for r in reports), Decimal(0)),
                "reported": len(reports),
            }
        )
    totals = {
        name: sum((row[name] for row in rows), Decimal(0) if name == "assets_recovered" else 0)
        for name in ("cases_filed", "persons_prosecuted", "assets_recovered")
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
        "cases_filed": [row["cases_filed"] for row in rows],
        "persons_prosecuted": [row["persons_prosecuted"] for row in rows],
        "assets_recovered": [float(row["assets_recovered"]) for row in rows],
    }
    return CampaignSummary(rows=rows, totals=totals, periods=periods, chart=chart)
