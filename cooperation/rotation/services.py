"""Rotation of the chair and its yearly handover."""

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _, gettext_noop

from cooperation.models import (
    FIRST_YEAR,
    SIGNING_ORDER,
    ChairSwap,
    ChairTerm,
    Resolution,
    Rotation,
)
from cooperation.permissions import may_record_swap
from portal.models import Province, Role, User
from portal.selectors import users_holding
from portal.services import notify

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


def chair_handover(*, today: dt.date | None = None) -> ChairTerm | None:
    """On the handover date, open the new chair term: its chair office gets the year's meetings.

    Safe to run any number of times: a term is opened once (its year is unique). The incoming
    and outgoing chair offices are told, with the list of resolutions still open.
    """
    today = today or timezone.localdate()
    setup = rotation()
    year = today.year if today >= setup.handover_date(today.year) else today.year - 1
    with transaction.atomic():
        Rotation.objects.select_for_update().get(pk=setup.pk)
        if ChairTerm.objects.filter(year=year).exists():
            return None
        incoming = chair_for(year)
        outgoing = ChairTerm.objects.filter(year__lt=year).first()
        open_items = list(
            Resolution.objects.filter(state=Resolution.State.OPEN).select_related("owner")
        )
        lines = [
            f"{item.owner.name_zh}：{item.text}（{item.due_date:%Y-%m-%d}）" for item in open_items
        ]
        note = "\n".join(
            [
                f"{year}年轮值召集方：{Province(incoming).label}。",
                f"未办结议定事项 {len(open_items)} 项：" if open_items else "无未办结议定事项。",
                *lines,
            ]
        )
        term = ChairTerm.objects.create(year=year, province=incoming, handover_note=note)
        recipients = list(chair_users(incoming))
        if outgoing:
            recipients += list(chair_users(outgoing.province))
        notify(
            recipients=recipients,
            verb=gettext_noop(
                "The chair of the liaison mechanism for %(year)s passes to %(member)s; "
                "%(count)s resolutions are still open."
            ),
            params={"year": year, "member": Province(incoming).label, "count": len(open_items)},
            target=term,
            url=reverse("cooperation:rotation"),
        )
    return term
