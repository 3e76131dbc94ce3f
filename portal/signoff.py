"""Sign-off (拟稿 → 核稿 → 签发), the one way every outgoing document is approved.

The drafter submits; a reviewer (the department head, or the liaison officer where the
procuratorate has none) passes the draft or returns it with a comment; the chief procurator, or
a deputy the chief has delegated signing to for a period, signs it off or returns it. The
number is taken at 签发. A procuratorate may switch 核稿 off (`Procuratorate.signoff_review`):
its drafts then go straight to the signer.

An app writes the steps into its own transition table with `signoff_transitions`, naming the
states of its model that mean "in review" and "awaiting signature", and what signing off and
returning do; its `sides_of` adds `signoff_sides` of the issuing procuratorate, so the rows
say who may act.
"""

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _, gettext_noop

from portal import registry
from portal.models import Procuratorate, Role, SigningDelegation, User
from portal.selectors import users_holding
from portal.workflow import Transition

REVIEWER, SIGNER = "reviewer", "signer"


@dataclass(frozen=True)
class AwaitingSignoff:
    """A document that waits for the user's review (REVIEWER) or signature (SIGNER), as the
    待我审核/签发 page lists it; `since` is when it entered sign-off, if the app knows."""

    kind: str
    title: str
    step: str
    url: str
    since: dt.datetime | None = None


def has_department_head(procuratorate: Procuratorate) -> bool:
    """Whether the procuratorate has an active department head (else its liaison reviews)."""
    return User.objects.filter(
        procuratorate=procuratorate, is_active=True, groups__name=Role.DEPARTMENT_HEAD
    ).exists()


def delegations_in_force(today: dt.date | None = None) -> QuerySet[SigningDelegation]:
    """The delegations whose period holds today: an expired one gives nothing."""
    today = today or timezone.localdate()
    return SigningDelegation.objects.filter(valid_from__lte=today, valid_until__gte=today)


def signoff_sides(user: User, procuratorate: Procuratorate) -> set[str]:
    """The sign-off sides the user stands on for the procuratorate's documents."""
    if not user.is_active or user.procuratorate_id != procuratorate.pk:
        return set()
    sides = set()
    if user.has_role(Role.DEPARTMENT_HEAD) or (
        user.has_role(Role.LIAISON) and not has_department_head(procuratorate)
    ):
        sides.add(REVIEWER)
    if (
        user.has_role(Role.CHIEF)
        or delegations_in_force().filter(delegate=user, procuratorate=procuratorate).exists()
    ):
        sides.add(SIGNER)
    return sides


def reviewers_of(procuratorate: Procuratorate) -> QuerySet[User]:
    """Who reviews the procuratorate's drafts: its department heads, else its liaison officers."""
    role = Role.DEPARTMENT_HEAD if has_department_head(procuratorate) else Role.LIAISON
    return users_holding([role], procuratorates=[procuratorate])


def signers_of(procuratorate: Procuratorate) -> QuerySet[User]:
    """Who signs the procuratorate's documents off today: its chiefs and delegated deputies."""
    delegated = delegations_in_force().filter(procuratorate=procuratorate).values("delegate")
    deputies = User.objects.filter(pk__in=delegated, procuratorate=procuratorate, is_active=True)
    return users_holding([Role.CHIEF], procuratorates=[procuratorate]) | deputies.distinct()


def first_signoff_state(procuratorate: Procuratorate, review: str, signature: str) -> str:
    """Where a submitted draft goes: to review, or straight to the signer without 核稿."""
    return review if procuratorate.signoff_review else signature


def signoff_transitions(
    *,
    review_to_signature: Mapping[str, str],
    sign_off: Callable,
    send_back: Callable,
    state_field: str = "status",
) -> dict[str, Transition]:
    """The rows of sign-off for an app's transition table.

    `review_to_signature` maps each "in review" state of the model to its "awaiting signature"
    state (a model may have several documents to sign off, each with its pair); `sign_off` and
    `send_back` are the app's work, `(user, obj, *, comment)`, on the locked object.
    """
    in_review = frozenset(review_to_signature)
    awaiting = frozenset(review_to_signature.values())

    def apply_review(user, obj, *, comment):
        setattr(obj, state_field, review_to_signature[getattr(obj, state_field)])

    def apply_send_back(user, obj, *, comment):
        if not comment.strip():
            raise ValidationError({"comment": _("Say what the drafter should change.")})
        return send_back(user, obj, comment=comment)

    return {
        "review": Transition(
            _("pass the review"),
            in_review,
            sides=frozenset({REVIEWER}),
            apply=apply_review,
            verb=gettext_noop("%(actor)s reviewed %(number)s: it awaits your signature."),
        ),
        "review_return": Transition(
            _("return to the drafter"),
            in_review,
            sides=frozenset({REVIEWER}),
            apply=apply_send_back,
            verb=gettext_noop("%(actor)s returned the draft of %(number)s to you."),
        ),
        "sign_off": Transition(
            _("sign off"),
            awaiting,
            sides=frozenset({SIGNER}),
            apply=sign_off,
            verb=gettext_noop("%(actor)s signed off %(number)s."),
        ),
        "signature_return": Transition(
            _("return unsigned"),
            awaiting,
            sides=frozenset({SIGNER}),
            apply=apply_send_back,
            verb=gettext_noop("%(actor)s returned the draft of %(number)s to you unsigned."),
        ),
    }


# The four steps, in their order (what an API names in `action`).
SIGNOFF_ACTIONS = ["review", "review_return", "sign_off", "signature_return"]
SIGNOFF_STEPS = frozenset(SIGNOFF_ACTIONS)


def may_delegate_signing(user: User) -> bool:
    """Only a chief procurator of a procuratorate lends signing to a deputy."""
    return bool(user.is_active and user.has_role(Role.CHIEF) and user.procuratorate_id)


def signing_delegation_create(
    *, user: User, delegate: User, valid_from: dt.date, valid_until: dt.date
) -> SigningDelegation:
    """The chief lends signing to a colleague of their own procuratorate for a period."""
    if not may_delegate_signing(user):
        raise PermissionDenied(_("Only the chief procurator may delegate signing."))
    errors = {}
    if delegate.pk == user.pk:
        errors["delegate"] = _("Nobody can delegate signing to themselves.")
    elif not delegate.is_active or delegate.procuratorate_id != user.procuratorate_id:
        errors["delegate"] = _("Choose a colleague of your own procuratorate.")
    if valid_until < valid_from:
        errors["valid_until"] = _("The period must end on or after its first day.")
    elif valid_until < timezone.localdate():
        errors["valid_until"] = _("The period has already ended.")
    if errors:
        raise ValidationError(errors)
    return SigningDelegation.objects.create(
        procuratorate=user.procuratorate,
        delegate=delegate,
        valid_from=valid_from,
        valid_until=valid_until,
        created_by=user,
    )


def signing_delegation_list(*, user: User) -> QuerySet[SigningDelegation]:
    """The delegations of the user's procuratorate, to its chief only."""
    if not (user.is_active and user.has_role(Role.CHIEF) and user.procuratorate_id):
        return SigningDelegation.objects.none()
    return SigningDelegation.objects.filter(procuratorate=user.procuratorate_id).select_related(
        "delegate", "created_by"
    )


def documents_awaiting(*, user: User) -> list[AwaitingSignoff]:
    """Every document waiting for the user's review or signature, of every kind an app lends
    (`registry.register_signoff_inbox`), the longest-waiting first."""
    if not user.is_active or not user.procuratorate_id:
        return []
    items = [item for waiting in registry.signoff_inboxes for item in waiting(user)]
    oldest = dt.datetime.max.replace(tzinfo=dt.UTC)
    return sorted(items, key=lambda item: (item.since or oldest, item.title))
