"""Sealed juvenile records (犯罪记录封存, 刑事诉讼法 art. 286) in the library.

A sealed record may be given to no one but the judicial organs that need it for a case, so a
sealed juvenile case does not go to the shared library at all, not even masked: it stays with
its province, and is never searched, compared or exported. A case whose record is sealed after
it was shared is sealed by the province's reviewers and leaves the library at once; the other
members are not told, as telling them would name what is sealed.
"""

from django.db import transaction

from casebank.library.models import TypicalCase
from casebank.library.services.cases import index_cases, locked_case, record
from portal.models import User


@transaction.atomic
def case_seal(*, user: User, case: TypicalCase) -> TypicalCase:
    """Seal the criminal record of a juvenile case in the library (the province's reviewers)."""
    case = locked_case(user=user, case=case, step="seal")
    case.sealed = True
    case.save()
    record(case, user=user, action="seal", from_status=case.status)
    index_cases([case.pk])  # out of the search index in the same transaction
    return case
