"""Closing a joint task force, and the typical case it may start in the library."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _, gettext_noop

from casebank.library.permissions import may_submit_cases
from casebank.library.services import case_create
from cases.task_forces.models import TaskForce
from cases.task_forces.permissions import task_force_policy
from cases.task_forces.services.teams import WORKFLOW, event, locked, member_people
from portal.models import User
from portal.services import notify

Status = TaskForce.Status


def task_force_close(
    *, user: User, task_force: TaskForce, worked: str, not_worked: str
) -> TaskForce:
    """The leader closes the team and records its evaluation."""
    WORKFLOW.check_allowed(user, "close", task_force)
    errors = {}
    if not worked.strip():
        errors["worked"] = _("Say what worked.")
    if not not_worked.strip():
        errors["not_worked"] = _("Say what did not work (or that nothing failed).")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        task_force = locked(task_force)
        WORKFLOW.check_possible("close", task_force)
        task_force.status = WORKFLOW["close"].target
        task_force.evaluation_worked = worked.strip()
        task_force.evaluation_not_worked = not_worked.strip()
        task_force.closed_by = user
        task_force.closed_at = timezone.now()
        task_force.save(
            update_fields=[
                "status",
                "evaluation_worked",
                "evaluation_not_worked",
                "closed_by",
                "closed_at",
            ]
        )
        event(task_force, user, "close")
        notify(
            recipients=member_people(task_force),
            verb=gettext_noop("The joint task force “%(title)s” is closed."),
            params={"title": task_force.name},
            target=task_force,
            actor=user,
        )
    return task_force


def typical_case_draft(*, task_force: TaskForce) -> dict[str, str]:
    """The fields of a typical case for the shared case library, pre-filled from a closed team.

    The hook the case library calls (or its page offers) to start a draft: the library's own
    service decides what to keep and publishes nothing by itself.
    """
    cases = list(task_force.cases.all())
    # The lead is named as leading; the procuratorates working with it are the others.
    partners = sorted(
        set(
            task_force.members.exclude(
                procuratorate_id=task_force.lead_procuratorate_id
            ).values_list("procuratorate__name_zh", flat=True)
        )
    )
    together = f"，会同{'、'.join(partners)}" if partners else ""
    return {
        "title": cases[0].name if cases else task_force.name,
        "category": task_force.category,
        "keywords": "、".join(["联合办案组", task_force.get_category_display()]),
        "facts": task_force.purpose,
        "procuratorate_action": (
            f"{task_force.lead_procuratorate.name_zh}牵头{together}"
            f"组成联合办案组（{task_force.name}）统一调用检察人员办理。"
        ),
        "significance": task_force.evaluation_worked,
        "lessons": task_force.evaluation_not_worked,
        "source_task_force": str(task_force.pk),
    }


@transaction.atomic
def task_force_start_typical_case(*, user: User, task_force: TaskForce):
    """Start a draft typical case from a closed joint task force the user may see.

    What the team recorded (its case, purpose, members and evaluation) fills the draft, through
    the case library's public service; the submitter completes it (the judgment's date, the
    defendants' sentences) before submitting.
    """
    if not task_force_policy.can(user, "view", task_force):
        raise Http404
    if task_force.status != TaskForce.Status.CLOSED or not may_submit_cases(user):
        raise ValidationError(_("Only a closed task force can start a typical case."))
    draft = typical_case_draft(task_force=task_force)
    return case_create(
        user=user,
        data={
            "title": draft["title"],
            "category": draft["category"],
            "keywords": draft["keywords"].split("、"),
            "key_points": draft["procuratorate_action"],
            "facts": draft["facts"],
            "handling": draft["procuratorate_action"],
            "significance": draft["significance"] or draft["procuratorate_action"],
            "decided_on": timezone.localdate(task_force.closed_at),
        },
        outcomes=[],
    )
