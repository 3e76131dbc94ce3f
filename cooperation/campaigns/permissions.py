"""Who may see, launch and report joint campaigns: their participants see one, the
organiser's people change it, each participant's liaison officer reports its results.
"""

from cooperation.campaigns.models import Campaign, CampaignParticipant
from cooperation.symposiums.permissions import SymposiumPolicy
from portal.models import Procuratorate, Role, User
from portal.permissions import ALL_ROLES, is_active_user
from portal.scope import procuratorate_scope_ids

# Liaison officers and chiefs of a member launch its joint campaigns and report its results.
ORGANISER_ROLES = frozenset({Role.LIAISON, Role.CHIEF, Role.ADMINISTRATOR})
REPORTER_ROLES = frozenset({Role.LIAISON, Role.ADMINISTRATOR})


campaign_policy = SymposiumPolicy(
    Campaign,
    columns=["organiser_id"],
    share=(CampaignParticipant, "campaign_id", "procuratorate_id"),
    action_roles={"view": ALL_ROLES, "change": ORGANISER_ROLES},
)


def may_organise_campaign(user: User) -> bool:
    """A member's (provincial procuratorate's) liaison officer or chief launches campaigns."""
    procuratorate = user.procuratorate if is_active_user(user) and user.procuratorate_id else None
    return (
        procuratorate is not None
        and procuratorate.level == Procuratorate.Level.PROVINCIAL
        and user.has_role(*ORGANISER_ROLES)
    )


def may_report_campaign(user: User, campaign: Campaign, procuratorate: Procuratorate) -> bool:
    """A participant's liaison officer reports its results (and corrects them)."""
    return (
        is_active_user(user)
        and user.has_role(*REPORTER_ROLES)
        and procuratorate.pk in procuratorate_scope_ids(user)
        and any(p.procuratorate_id == procuratorate.pk for p in campaign.participants.all())
    )


def reporting_participants(user: User, campaign: Campaign) -> list[Procuratorate]:
    """The participants of `campaign` whose results this user reports (reads prefetched rows)."""
    if not (is_active_user(user) and user.has_role(*REPORTER_ROLES)):
        return []
    scope = procuratorate_scope_ids(user)
    return [p.procuratorate for p in campaign.participants.all() if p.procuratorate_id in scope]
