"""Joint campaigns: launched by a member, reported on by every participant, period by period."""

import datetime as dt
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _, gettext_noop

from cooperation.campaigns.models import (
    Campaign,
    CampaignParticipant,
    CampaignReminder,
    CampaignReport,
    CampaignReportRevision,
)
from cooperation.campaigns.permissions import (
    REPORTER_ROLES,
    may_organise_campaign,
    may_report_campaign,
)
from portal.models import Procuratorate, User
from portal.selectors import users_holding
from portal.services import notify

CAMPAIGN_FIELDS = ("title", "category", "starts_on", "ends_on", "goals", "frequency")
RESULT_FIELDS = ("arrests_approved", "persons_prosecuted", "proceeds_recovered", "work_results")


def reporters_of(procuratorates) -> list[User]:
    """The users who report a participant's results: its liaison officers."""
    return list(users_holding(REPORTER_ROLES, procuratorates=procuratorates))


def campaign_create(*, user: User, data: dict, participants: list[Procuratorate]) -> Campaign:
    """A member's liaison officer or chief launches a campaign with members of other provinces.

    The organiser (the user's member procuratorate) takes part too; the other participants'
    liaison officers are told.
    """
    if not may_organise_campaign(user):
        raise PermissionDenied(
            _("Joint campaigns are launched by a member's liaison officer or chief procurator.")
        )
    organiser = user.procuratorate
    others = [p for p in participants if p.pk != organiser.pk]
    errors = {}
    if any(p.level != Procuratorate.Level.PROVINCIAL for p in others):
        errors["participants"] = _(
            "Only member procuratorates (the six provincial ones) take part in a joint campaign."
        )
    elif not any(p.province != organiser.province for p in others):
        errors["participants"] = _("Choose at least one procuratorate of another province.")
    campaign = Campaign(organiser=organiser, created_by=user)
    for name in CAMPAIGN_FIELDS:
        if name in data:
            setattr(campaign, name, data[name])
    try:
        campaign.full_clean(exclude=["organiser", "created_by"], validate_constraints=False)
    except ValidationError as error:
        errors.update(error.message_dict)
    if campaign.starts_on and campaign.ends_on and campaign.ends_on < campaign.starts_on:
        errors["ends_on"] = [_("The campaign must end on or after its first day.")]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        campaign.save()
        CampaignParticipant.objects.bulk_create(
            CampaignParticipant(campaign=campaign, procuratorate=p) for p in {organiser, *others}
        )
        notify(
            recipients=reporters_of(others),
            verb=gettext_noop(
                "%(organiser)s invites you to the joint campaign “%(title)s”; "
                "report your results each period."
            ),
            params={"organiser": organiser.name_zh, "title": campaign.title},
            target=campaign,
            actor=user,
        )
    return campaign


def check_results(data: dict) -> dict:
    """The three figures, whole and not negative; the errors name the fields."""
    errors, clean = {}, {}
    for name in ("arrests_approved", "persons_prosecuted"):
        value = data.get(name)
        if value in (None, ""):
            errors[name] = _("Give a number (0 if none).")
            continue
        try:
            number = int(value)
        except (TypeError, ValueError):
            errors[name] = _("Give a whole number.")
            continue
        if number < 0 or number != Decimal(str(value)):
            errors[name] = _("Give a whole number, not negative.")
        clean[name] = number
    assets = data.get("proceeds_recovered")
    try:
        amount = Decimal(str(assets)).quantize(Decimal("0.01"))
        if amount < 0 or amount >= Decimal("1e12"):
            raise ValueError
        clean["proceeds_recovered"] = amount
    except (ArithmeticError, ValueError, TypeError):
        errors["proceeds_recovered"] = _("Give the amount in 10,000 yuan (0 if none).")
    clean["work_results"] = (data.get("work_results") or "").strip()
    if errors:
        raise ValidationError(errors)
    return clean


def campaign_report_save(
    *,
    user: User,
    campaign: Campaign,
    procuratorate: Procuratorate,
    period_start: dt.date,
    data: dict,
    reason: str = "",
) -> CampaignReport:
    """A participant reports its results for a period, or corrects them with a reason.

    One report per participant and period: a correction changes it in place and keeps the
    figures it replaced as a revision (who, when, why). The organiser's people are told.
    """
    if not may_report_campaign(user, campaign, procuratorate):
        raise PermissionDenied(_("Only the participant's liaison officer reports its results."))
    period = campaign.period_of(period_start) if period_start else None
    if period is None:
        raise ValidationError({"period_start": _("Choose one of the campaign's periods.")})
    if period.start > timezone.localdate():
        raise ValidationError(
            {"period_start": _("This period has not begun: report once it is under way.")}
        )
    clean = check_results(data)
    with transaction.atomic():
        # The campaign row serialises concurrent reports of the same period.
        Campaign.objects.select_for_update().get(pk=campaign.pk)
        report = CampaignReport.objects.filter(
            campaign=campaign, procuratorate=procuratorate, period_start=period.start
        ).first()
        if report is None:
            report = CampaignReport.objects.create(
                campaign=campaign,
                procuratorate=procuratorate,
                period_start=period.start,
                reported_by=user,
                **clean,
            )
            verb = gettext_noop(
                "%(participant)s reported its results of %(period)s for “%(title)s”."
            )
        else:
            if not reason.strip():
                raise ValidationError({"reason": _("Say why the reported figures are corrected.")})
            CampaignReportRevision.objects.create(
                report=report,
                version=report.version,
                **{name: getattr(report, name) for name in RESULT_FIELDS},
                reported_by_id=report.reported_by_id,
                reported_at=report.reported_at,
                corrected_by=user,
                reason=reason.strip(),
            )
            for name, value in clean.items():
                setattr(report, name, value)
            report.version += 1
            report.reported_by = user
            report.reported_at = timezone.now()
            report.save()
            verb = gettext_noop(
                "%(participant)s corrected its results of %(period)s for “%(title)s”."
            )
        notify(
            recipients=reporters_of([campaign.organiser_id]),
            verb=verb,
            params={
                "participant": procuratorate.name_zh,
                "period": period.label,
                "title": campaign.title,
            },
            target=campaign,
            actor=user,
            email=False,
        )
    return report


def campaign_reminders_send(*, today: dt.date | None = None) -> int:
    """Remind each participant whose report of an ended period is due within a week, or late.

    Safe to run any number of times: a reminder row per participant and period is written in
    the same transaction as its notice, so each is sent once.
    """
    today = today or timezone.localdate()
    sent = 0
    campaigns = Campaign.objects.filter(
        starts_on__lte=today, ends_on__gte=today - dt.timedelta(days=60)
    ).prefetch_related("participants__procuratorate")
    for campaign in campaigns:
        reported = set(
            CampaignReport.objects.filter(campaign=campaign).values_list(
                "procuratorate_id", "period_start"
            )
        )
        reminded = set(
            CampaignReminder.objects.filter(campaign=campaign).values_list(
                "procuratorate_id", "period_start"
            )
        )
        for period in campaign.periods():
            if not (period.end < today and period.due - dt.timedelta(days=7) <= today):
                continue
            for participant in campaign.participants.all():
                key = (participant.procuratorate_id, period.start)
                if key in reported or key in reminded:
                    continue
                with transaction.atomic():
                    _reminder, created = CampaignReminder.objects.get_or_create(
                        campaign=campaign,
                        procuratorate_id=participant.procuratorate_id,
                        period_start=period.start,
                    )
                    if not created:
                        continue
                    notify(
                        recipients=reporters_of([participant.procuratorate_id]),
                        verb=gettext_noop(
                            "Your results of %(period)s for the joint campaign “%(title)s” "
                            "are due by %(due)s."
                        ),
                        params={
                            "period": period.label,
                            "title": campaign.title,
                            "due": f"{period.due:%Y-%m-%d}",
                        },
                        target=campaign,
                    )
                    sent += 1
    return sent
