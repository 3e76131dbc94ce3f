"""Whom each step of a request tells: the other side, a new handler, the people of sign-off."""

from collections.abc import Iterable

from django.utils.translation import gettext_noop

from cases.requests.models import AssistanceRequest, Side, Status
from cases.requests.permissions import side_of
from cases.requests.services.signoff import signoff_recipients
from portal.models import Role, User
from portal.selectors import users_holding
from portal.services import notify

# Steps whose people are those of the letter's sign-off, not the other side.
SIGNOFF_NOTICES = frozenset(
    {"submit", "complete", "review", "review_return", "sign_off", "signature_return"}
)
# What the other side is told once a letter is signed off: only then does it learn of it.
SENT = {
    Status.SUBMITTED: gettext_noop("%(actor)s sent you assistance request %(number)s."),
    Status.COMPLETED: gettext_noop(
        "%(actor)s completed assistance request %(number)s and replied."
    ),
}


def notify_about(user, request, action, verb, extra, *, drafter=None):
    """Notify the other side; a new handler, the procuratorate forwarded to, or the people of
    the letter's sign-off (the next reviewer or signer, the drafter), too."""
    params = {"actor": user.get_full_name(), "number": request.number or request.case_name}
    if action in SIGNOFF_NOTICES:
        tell(signoff_recipients(action, request, drafter), verb, {**params, **extra}, request, user)
        if action == "sign_off":
            side = Side.REQUESTED if request.status == Status.SUBMITTED else Side.REQUESTING
            tell(set(side_people(request, side)), SENT[request.status], params, request, user)
        return
    if action == "assign":
        recipients = {request.handler}
    else:
        mine = side_of(user, request)
        other = Side.REQUESTED if mine == Side.REQUESTING else Side.REQUESTING
        recipients = set(side_people(request, other))
        if action == "forward":
            recipients |= set(side_people(request, Side.REQUESTED))
    tell(recipients, verb, {**params, **extra}, request, user)


def tell(recipients, verb, params, request, user):
    recipients = set(recipients)
    recipients.discard(user)
    notify(recipients=recipients, verb=verb, params=params, target=request, actor=user)


def side_people(request: AssistanceRequest, side: str) -> Iterable[User]:
    """Whom to tell on one side: the requester, or the handler (else the liaison officers)."""
    if side == Side.REQUESTING:
        return [request.created_by]
    if request.handler_id:
        return [request.handler]
    return users_holding([Role.LIAISON], procuratorates=[request.handling_procuratorate])
