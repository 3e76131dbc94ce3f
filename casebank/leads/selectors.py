"""Every read of case leads a page needs: the liaison officers' inbox."""

from django.db.models import QuerySet

from casebank.leads.models import CaseLead
from casebank.leads.permissions import lead_policy
from portal.models import User


def lead_inbox(*, user: User, status: str | None = None) -> QuerySet[CaseLead]:
    """The leads sent to the user's procuratorate (liaison officers), newest first."""
    leads = lead_policy.visible(user, "view").select_related("procuratorate")
    if status:
        leads = leads.filter(status=status)
    return leads.order_by("-created_at", "-id")
