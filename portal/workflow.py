"""One way to write a workflow: a table of transitions, and the one answer to "who may act".

A workflow is a table of named transitions. Each row says who may take it (the sides of the
object the user stands on, and the roles they must hold), from which states, to which state,
what else must hold now, and the work it applies. The app's service locks the object, asks the
workflow to `take` the step, records it and notifies; pages offer `available` steps.

The permission policy answers `policy.can(user, name, obj)` for a transition's name from the
row (see `PermissionPolicy.can`), so the table is the only place that says who may act.
"""

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Model
from django.utils.translation import gettext_lazy as _

# Every workflow, by the model whose life it writes: the policy of that model answers from it.
workflows: dict[type[Model], "Workflow"] = {}


@dataclass(frozen=True)
class Transition:
    """One step: who may take it, from which states, to which, and what it applies.

    - `sides`: the sides of the object a user must stand on (see `Workflow.sides_of`); None
      lets any user the roles admit take it.
    - `roles`: the roles the user must hold one of; None asks no role.
    - `target`: the state after the step; None leaves the state as it is.
    - `apply`: the work of the step, `apply(user, obj, **data)` on the locked object with the
      step's input; it validates the input and changes the object (or raises, changing nothing).
    - `precondition`: what else must hold now; returns why not, or None.
    - `verb`: what the other side is told ("%(actor)s …"); "" tells nobody.
    - `refusal`: the message for a user the row does not admit, if not the workflow's own.
    """

    label: str
    sources: frozenset[str]
    target: str | None = None
    sides: frozenset[str] | None = None
    roles: frozenset[str] | None = None
    apply: Callable | None = None
    precondition: Callable[[Model], str | None] | None = None
    verb: str = ""
    refusal: str | None = None


class Workflow:
    """The transition table of one model, and the checks every step goes through.

    - `sides_of(user, obj)`: the sides of `obj` the user stands on (the requesting side, the
      damage side, a reviewer…), as a set of names the rows' `sides` use.
    - `refusal`: "you may not" with `%(action)s`; `wrong_state`: "not now" with `%(status)s`
      and `%(action)s`.
    """

    def __init__(
        self,
        model: type[Model],
        transitions: Mapping[str, Transition],
        *,
        sides_of: Callable[[object, Model], Iterable[str]],
        refusal: str = _("You may not %(action)s this."),
        wrong_state: str = _("This is %(status)s: you cannot %(action)s it now."),
        state_field: str = "status",
    ):
        self.model = model
        self.transitions = dict(transitions)
        self.sides_of = sides_of
        self.refusal = refusal
        self.wrong_state = wrong_state
        self.state_field = state_field
        workflows[model] = self

    def __contains__(self, name: str) -> bool:
        return name in self.transitions

    def __getitem__(self, name: str) -> Transition:
        return self.transitions[name]

    def allows(self, user, name: str, obj: Model, sides: Iterable[str] | None = None) -> bool:
        """Whether the row admits the user: their side of `obj` and their roles (not the state).

        `sides` are the user's sides of `obj` when the caller has them already (a page asks
        every row at once).
        """
        step = self.transitions[name]
        if step.roles is not None and not user.has_role(*step.roles):
            return False
        if step.sides is None:
            return True
        return bool(step.sides & set(self.sides_of(user, obj) if sides is None else sides))

    def is_possible(self, name: str, obj: Model) -> str | None:
        """Why the step cannot be taken from the object's state now, or None if it can."""
        step = self.transitions[name]
        state = getattr(obj, self.state_field)
        if state not in step.sources:
            display = getattr(obj, f"get_{self.state_field}_display")()
            return self.wrong_state % {"status": display, "action": step.label}
        return step.precondition(obj) if step.precondition else None

    def check_allowed(self, user, name: str, obj: Model) -> Transition:
        """The step, if it is the user's to take; 403 (PermissionDenied) saying why not."""
        if name not in self.transitions:
            raise ValidationError(_("Unknown action."), code="unknown_action")
        step = self.transitions[name]
        if not self.allows(user, name, obj):
            raise PermissionDenied((step.refusal or self.refusal) % {"action": step.label})
        return step

    def check_possible(self, name: str, obj: Model) -> None:
        """Refuse (400, ValidationError) a step the object's state does not allow now."""
        if reason := self.is_possible(name, obj):
            raise ValidationError(reason, code="state")

    def check(self, user, name: str, obj: Model) -> Transition:
        """The step, if it is the user's to take (else 403) and possible now (else 400)."""
        step = self.check_allowed(user, name, obj)
        self.check_possible(name, obj)
        return step

    def available(self, user, obj: Model, sides: Iterable[str] | None = None) -> list[str]:
        """The steps the user may take on the object now (what a page offers)."""
        sides = set(self.sides_of(user, obj) if sides is None else sides)
        return [
            name
            for name in self.transitions
            if self.allows(user, name, obj, sides) and self.is_possible(name, obj) is None
        ]

    def take(self, user, name: str, obj: Model, **data):
        """Check the step, apply its work and move the object to its target state.

        The caller holds the object's row lock, saves it and records the step; returns what
        the step's work returned (extra words for the notification, say).
        """
        step = self.check(user, name, obj)
        result = step.apply(user, obj, **data) if step.apply else None
        if step.target is not None:
            setattr(obj, self.state_field, step.target)
        return result
