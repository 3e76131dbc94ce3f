"""Who belongs to a year's chair office, and who records a change of the rotation.

The chair office of a year is the `chair` users of the member holding that year's chair
term; it manages that year's meetings.
"""

from django.utils import timezone

from cooperation.rotation.models import ChairTerm
from portal.models import Role, User
from portal.permissions import is_active_user


def chair_years(user: User) -> list[int]:
    """The years whose chair office this user belongs to (cached on the user object)."""
    cached = getattr(user, "_chair_years", None)
    if cached is not None:
        return cached
    years = []
    if is_active_user(user) and user.procuratorate_id and user.has_role(Role.CHAIR):
        years = list(
            ChairTerm.objects.filter(province=user.procuratorate.province).values_list(
                "year", flat=True
            )
        )
    user._chair_years = years
    return years


def may_schedule(user: User) -> bool:
    """Whether the user belongs to the chair office of this year or a later one."""
    return any(year >= timezone.localdate().year for year in chair_years(user))


def is_chair_office(user: User, year: int) -> bool:
    """Whether the user manages the meetings of `year` (their member holds its chair term)."""
    return year in chair_years(user)


def may_record_swap(user: User) -> bool:
    """Administrators record a change of the rotation."""
    return is_active_user(user) and (user.is_superuser or user.has_role(Role.ADMINISTRATOR))
