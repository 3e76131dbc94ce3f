"""Rotation of the chair: who chairs which year, the swaps of years, and whom to tell."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Max
from django.utils.translation import gettext_lazy as _

from cooperation.rotation.models import FIRST_YEAR, SIGNING_ORDER, ChairSwap, ChairTerm, Rotation
from cooperation.rotation.permissions import may_record_swap
from portal.models import Role, User
from portal.selectors import users_holding

# Rotation.


def rotation() -> Rotation:
    """The one rotation of the mechanism (made by a data migration, or again if emptied)."""
    setup = Rotation.objects.first()
    if setup is None:
        setup = Rotation.objects.create(order=SIGNING_ORDER, first_year=FIRST_YEAR)
    return setup


def chair_for(
    year: int, *, swaps: dict[int, int] | None = None, setup: Rotation | None = None
) -> str:
    """The member code holding the chair in `year`: the rotation order, after any swap."""
    order = setup or rotation()
    if swaps is None:
        swaps = {}
        for swap in ChairSwap.objects.all():
            swaps[swap.year_a], swaps[swap.year_b] = swap.year_b, swap.year_a
    base_year = swaps.get(year, year)
    return order.order[(base_year - order.first_year) % len(order.order)]


def chair_calendar(first: int, last: int) -> list[tuple[int, str]]:
    """(year, member code) for each year from `first` to `last`, swaps included."""
    swaps = {}
    for swap in ChairSwap.objects.all():
        swaps[swap.year_a], swaps[swap.year_b] = swap.year_b, swap.year_a
    setup = rotation()
    return [(year, chair_for(year, swaps=swaps, setup=setup)) for year in range(first, last + 1)]


def chair_swap_record(*, user: User, year_a: int, year_b: int, reason: str) -> ChairSwap:
    """An administrator records that two future years trade chairs, and why."""
    if not may_record_swap(user):
        raise PermissionDenied(_("Only an administrator records a change of the rotation."))
    year_a, year_b = sorted((year_a, year_b))
    errors = {}
    if year_a == year_b:
        errors["year_b"] = _("Choose two different years.")
    started = ChairTerm.objects.aggregate(last=Max("year"))["last"] or 0
    if year_a <= started:
        errors["year_a"] = _("The chair of %(year)s has already taken over.") % {"year": year_a}
    if (
        ChairSwap.objects.filter(year_a__in=[year_a, year_b]).exists()
        or ChairSwap.objects.filter(year_b__in=[year_a, year_b]).exists()
    ):
        errors["year_a"] = _("One of these years is already swapped.")
    if not reason.strip():
        errors["reason"] = _("Give the reason for the swap.")
    if errors:
        raise ValidationError(errors)
    return ChairSwap.objects.create(year_a=year_a, year_b=year_b, reason=reason, recorded_by=user)


def chair_users(province: str):
    """The chair-office staff of a member."""
    return users_holding([Role.CHAIR], province=province)


def liaisons_of(procuratorates) -> list[User]:
    """The liaison officers of these procuratorates."""
    return list(users_holding([Role.LIAISON], procuratorates=procuratorates))
