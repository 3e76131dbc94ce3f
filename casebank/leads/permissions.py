"""Who may see and handle case leads: the liaison officers of the procuratorate a lead is
sent to.
"""

from casebank.leads.models import CaseLead
from portal.models import Role
from portal.permissions import ProcuratoratePolicy

lead_policy = ProcuratoratePolicy(
    CaseLead,
    columns=["procuratorate_id"],
    action_roles={"view": frozenset({Role.LIAISON}), "change": frozenset({Role.LIAISON})},
)
