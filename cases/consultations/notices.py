"""What every step of a consultation writes besides itself: its timeline entry, and whom of
the parties to tell."""

from django.db.models import QuerySet

from cases.consultations.models import Consultation, ConsultationEvent
from portal.models import User
from portal.selectors import users_holding


def event(consultation: Consultation, user: User | None, action: str, comment: str = "") -> None:
    ConsultationEvent.objects.create(
        consultation=consultation, actor=user, action=action, comment=comment
    )


def party_people(consultation: Consultation, roles, *, exclude: User | None = None) -> QuerySet:
    """The active users holding `roles` at the parties' procuratorates (whom to tell)."""
    parties = consultation.parties.values("procuratorate_id")
    people = users_holding(roles, procuratorates=parties)
    return people.exclude(pk=exclude.pk) if exclude else people
