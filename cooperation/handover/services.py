"""The yearly handover of the chair: the new chair term opens and is told what is still open."""

import datetime as dt

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_noop

from cooperation.meetings.models import Resolution
from cooperation.rotation.models import ChairTerm, Rotation
from cooperation.rotation.services import chair_for, chair_users, rotation
from portal.models import Province
from portal.services import notify


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
