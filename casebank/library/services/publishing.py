"""What publishing a typical case adds to the library: its code, and the members told."""

from django.utils import timezone
from django.utils.translation import gettext_noop

from casebank.library.models import TypicalCase
from portal.models import Procuratorate, Role, User
from portal.selectors import users_holding
from portal.services import notify, queue_after_commit

PUBLICATION_ROLES = (Role.RESEARCHER, Role.LIAISON, Role.CHIEF)
PUBLISHED = gettext_noop("New typical case in the library: %(title)s (%(province)s)")


def next_case_code(case: TypicalCase) -> str:
    """The province's next case code of the year (GS-2026-0007): gap-free under the lock."""
    # Lock the province's own row: publications of one province are numbered one at a time.
    Procuratorate.objects.select_for_update().get(code=case.province, parent=None)
    year = timezone.localdate().year
    prefix = f"{case.province}-{year}-"
    issued = TypicalCase.objects.filter(code__startswith=prefix).count()
    return f"{prefix}{issued + 1:04d}"


def announce(case: TypicalCase, *, user: User) -> None:
    """Tell the six members (典型案例相互通报): in-app now, by e-mail in each one's digest."""
    notify(
        recipients=users_holding(PUBLICATION_ROLES),
        actor=user,
        verb=PUBLISHED,
        params={"title": case.title, "province": case.get_province_display()},
        target=case,
        digest=True,
    )
    # Saved searches that match the new case are told by their own rate, after commit.
    queue_after_commit("casebank.saved_searches_case_published", case.pk)
