"""The tasks of a joint task force: assigned, done, and reminded of before and after their due
date."""

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _, gettext_noop

from cases.requests.services.deadlines import notify_once
from cases.task_forces.models import TaskForce, TaskForceTask, TeamRole
from cases.task_forces.permissions import task_force_policy
from cases.task_forces.services.teams import WORKFLOW, current_members, event, locked
from portal.models import User
from portal.services import notify

Status = TaskForce.Status


def task_force_add_task(
    *, user: User, task_force: TaskForce, title: str, assignee: User | None, due_date: dt.date
) -> TaskForceTask:
    """A member gives a task to a member, with a due date; the assignee is told."""
    WORKFLOW.check_allowed(user, "task", task_force)
    errors = {}
    if not title.strip():
        errors["title"] = _("Say what is to be done.")
    if assignee is None or not current_members(task_force).filter(user=assignee).exists():
        errors["assignee"] = _("The assignee must be a member of the task force.")
    if due_date is None or due_date < timezone.localdate():
        errors["due_date"] = _("The due date cannot be in the past.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        task_force = locked(task_force)
        WORKFLOW.check_possible("task", task_force)
        task = TaskForceTask.objects.create(
            task_force=task_force,
            title=title.strip(),
            assignee=assignee,
            due_date=due_date,
            created_by=user,
        )
        event(task_force, user, "add_task", task.title)
        notify(
            recipients=[assignee],
            verb=gettext_noop("Task force “%(title)s”: %(task)s is yours, due %(date)s."),
            params={"title": task_force.name, "task": task.title, "date": due_date.isoformat()},
            target=task_force,
            actor=user,
        )
    return task


def task_force_complete_task(*, user: User, task: TaskForceTask) -> TaskForceTask:
    """The assignee (or the leader) marks a task done."""
    task_force = task.task_force
    WORKFLOW.check_allowed(user, "complete_task", task_force)
    if task.assignee_id != user.pk and not task_force_policy.can(user, "manage", task_force):
        raise PermissionDenied(_("The assignee or the leader marks a task done."))
    with transaction.atomic():
        task_force = locked(task_force)
        WORKFLOW.check_possible("complete_task", task_force)
        task = TaskForceTask.objects.select_for_update().get(pk=task.pk)
        if task.done_at is not None:
            raise ValidationError(_("This task is already done."))
        task.done_at = timezone.now()
        task.save(update_fields=["done_at"])
        event(task_force, user, "complete_task", task.title)
    return task


def send_task_reminders(*, today: dt.date | None = None) -> tuple[int, int]:
    """Remind the assignee of each open task of an active team two days before its due date,
    and tell the assignee and the team's leaders once when it is overdue.

    Returns (reminders, overdue notices) sent; a second run the same day sends nothing.
    """
    today = today or timezone.localdate()
    open_tasks = TaskForceTask.objects.filter(done_at=None, task_force__status=Status.ACTIVE)

    def params(task):
        return {
            "title": task.task_force.name,
            "task": task.title,
            "date": task.due_date.isoformat(),
        }

    reminded = notify_once(
        open_tasks.filter(due_date=today + dt.timedelta(days=2)),
        flag="due_reminder_sent_for",
        recipients=lambda task: task_people(task, leaders=False),
        verb=gettext_noop("Task force “%(title)s”: %(task)s is due on %(date)s."),
        params=params,
        target=lambda task: task.task_force,
    )
    overdue = notify_once(
        open_tasks.filter(due_date__lt=today),
        flag="overdue_notified_for",
        recipients=lambda task: task_people(task, leaders=True),
        verb=gettext_noop("Task force “%(title)s”: %(task)s is overdue since %(date)s."),
        params=params,
        target=lambda task: task.task_force,
    )
    return reminded, overdue


def task_people(task: TaskForceTask, *, leaders: bool) -> set[User]:
    """Whom to tell about a task: its assignee while still a member, and the leader and deputies
    when asked for, or when the assignee has left the team (someone must take the task on)."""
    members = [m for m in current_members(task.task_force) if m.user.is_active]
    people = {m.user for m in members if m.user_id == task.assignee_id}
    if leaders or not people:
        people |= {m.user for m in members if m.role in (TeamRole.LEADER, TeamRole.DEPUTY)}
    return people
