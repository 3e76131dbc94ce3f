"""Every write on joint task forces: proposal, approval, members, cases, tasks, discussion,
documents, linked requests and closing. Each takes the acting user, checks the policy, locks
the task force row, records a timeline event and notifies after commit."""

import datetime as dt
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _, gettext_noop

from casebank.permissions import may_submit_cases
from casebank.services import case_create
from cases.models import (
    AssistanceRequest,
    TaskForce,
    TaskForceCase,
    TaskForceDocument,
    TaskForceEvent,
    TaskForceMember,
    TaskForceMessage,
    TaskForceTask,
    TeamRole,
)
from cases.permissions import (
    SECONDED_ROLES,
    may_propose_task_force,
    task_force_policy,
)
from cases.selectors import linkable_requests
from cases.services.deadlines import notify_once
from portal.documents import download_record, stored_upload
from portal.models import User
from portal.services import notify

Status = TaskForce.Status


def locked(task_force: TaskForce) -> TaskForce:
    """The task force's row, locked for the rest of the transaction and re-read."""
    return TaskForce.objects.select_for_update().get(pk=task_force.pk)


def event(task_force: TaskForce, user: User | None, action: str, comment: str = "") -> None:
    TaskForceEvent.objects.create(task_force=task_force, actor=user, action=action, comment=comment)


def check_can(user: User, action: str, task_force: TaskForce, message) -> None:
    if not task_force_policy.can(user, action, task_force):
        raise PermissionDenied(message)


def check_status(task_force: TaskForce, *allowed: str) -> None:
    if task_force.status not in allowed:
        raise ValidationError(
            _("This cannot be done while the task force is “%(status)s”.")
            % {"status": task_force.get_status_display()}
        )


def current_members(task_force: TaskForce):
    """The current memberships, with their people."""
    return task_force.members.filter(removed_at__isnull=True).select_related("user")


def member_people(task_force: TaskForce) -> list[User]:
    return [m.user for m in current_members(task_force) if m.user.is_active]


def check_secondable(user: User) -> None:
    """Only active prosecutors of a procuratorate are seconded by name."""
    if not (user.is_active and user.procuratorate_id and user.has_role(*SECONDED_ROLES)):
        raise ValidationError(
            {
                "members": _("%(name)s is not an active prosecutor and cannot be seconded.")
                % {"name": user.get_full_name()}
            }
        )


def task_force_propose(
    *,
    user: User,
    data: dict,
    members: Iterable[tuple[User | None, str]],
    case_name: str,
    case_number: str = "",
) -> TaskForce:
    """A prosecutor proposes a task force led by their procuratorate, naming its members.

    The proposer joins as leader unless they name themselves with another role. The members
    must come from at least two provinces; the lead's chief approves. A member given as None
    (an id that names no active person) is refused, never left out of the team.
    """
    if not may_propose_task_force(user):
        raise PermissionDenied(_("Prosecutors and liaison officers propose task forces."))
    lead = user.procuratorate
    errors = {}
    team = {}
    for number, (person, role) in enumerate(members, start=1):
        if person is None:
            errors.setdefault("members", []).append(
                _("Member %(number)s is not an active prosecutor; name an active prosecutor.")
                % {"number": number}
            )
        else:
            team[person.pk] = (person, role)
    team.setdefault(user.pk, (user, TeamRole.LEADER))
    for person, role in team.values():
        if person.pk != user.pk:
            try:
                check_secondable(person)
            except ValidationError as error:
                errors.setdefault("members", []).extend(error.message_dict["members"])
        if role not in TeamRole.values:
            errors.setdefault("members", []).append(_("Choose a role for every member."))
    # A person without a procuratorate is refused above; they count for no province.
    provinces = {
        person.procuratorate.province
        for person, _role in team.values()
        if person.procuratorate_id is not None
    }
    if len(provinces) < 2:
        errors.setdefault("members", []).append(
            _("A joint task force needs members from at least two provinces.")
        )
    if not any(role == TeamRole.LEADER for _person, role in team.values()):
        errors.setdefault("members", []).append(_("Name a leader of the task force."))
    if not case_name.strip():
        errors["case_name"] = [_("Name the case the task force handles.")]
    task_force = TaskForce(lead_procuratorate=lead, proposed_by=user)
    for name in ("name", "category", "purpose"):
        setattr(task_force, name, data.get(name, ""))
    try:
        task_force.full_clean(exclude=["proposed_by", "lead_procuratorate"])
    except ValidationError as error:
        for key, messages in error.message_dict.items():
            errors.setdefault(key, []).extend(messages)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        task_force.save()
        TaskForceCase.objects.create(
            task_force=task_force, name=case_name.strip(), number=case_number.strip()
        )
        TaskForceMember.objects.bulk_create(
            TaskForceMember(
                task_force=task_force,
                user=person,
                procuratorate=person.procuratorate,
                role=role,
                added_by=user,
            )
            for person, role in team.values()
        )
        event(task_force, user, "propose")
        notify(
            recipients=task_force_policy.users_with_permission("approve", task_force),
            verb=gettext_noop("%(name)s proposes the joint task force “%(title)s” for approval."),
            params={"name": user.get_full_name(), "title": task_force.name},
            target=task_force,
            actor=user,
        )
    return task_force


def task_force_decide(
    *, user: User, task_force: TaskForce, approve: bool, comment: str = ""
) -> TaskForce:
    """The lead procuratorate's chief approves the proposal (the team starts) or rejects it."""
    check_can(user, "approve", task_force, _("The chief of the lead procuratorate decides."))
    if not approve and not comment.strip():
        raise ValidationError({"comment": _("Say why the task force is rejected.")})
    with transaction.atomic():
        task_force = locked(task_force)
        check_status(task_force, Status.PROPOSED)
        task_force.status = Status.ACTIVE if approve else Status.REJECTED
        task_force.decided_by = user
        task_force.decided_at = timezone.now()
        task_force.decision_comment = comment.strip()
        task_force.save(update_fields=["status", "decided_by", "decided_at", "decision_comment"])
        event(task_force, user, "approve" if approve else "reject", comment.strip())
        notify(
            recipients=member_people(task_force),
            verb=(
                gettext_noop("The joint task force “%(title)s” is approved; you are a member.")
                if approve
                else gettext_noop("The joint task force “%(title)s” was not approved.")
            ),
            params={"title": task_force.name},
            target=task_force,
            actor=user,
        )
    return task_force


def task_force_add_member(
    *, user: User, task_force: TaskForce, person: User, role: str = TeamRole.MEMBER
) -> TaskForceMember:
    """The leader (or an administrator of the lead procuratorate) seconds a prosecutor."""
    check_can(user, "manage", task_force, _("The leader manages the members."))
    check_secondable(person)
    if role not in TeamRole.values:
        raise ValidationError({"role": _("Choose a role in the team.")})
    with transaction.atomic():
        task_force = locked(task_force)
        check_status(task_force, Status.PROPOSED, Status.ACTIVE)
        if current_members(task_force).filter(user=person).exists():
            raise ValidationError(
                {"person": _("%(name)s is already a member.") % {"name": person.get_full_name()}}
            )
        membership = TaskForceMember.objects.create(
            task_force=task_force,
            user=person,
            procuratorate=person.procuratorate,
            role=role,
            added_by=user,
        )
        event(task_force, user, "add_member", person.get_full_name())
        notify(
            recipients=[person],
            verb=gettext_noop("You are now a member of the joint task force “%(title)s”."),
            params={"title": task_force.name},
            target=task_force,
            actor=user,
        )
    return membership


def task_force_remove_member(
    *, user: User, task_force: TaskForce, membership: TaskForceMember
) -> TaskForceMember:
    """Take a member off the team: from this moment they reach nothing of it."""
    check_can(user, "manage", task_force, _("The leader manages the members."))
    with transaction.atomic():
        task_force = locked(task_force)
        check_status(task_force, Status.PROPOSED, Status.ACTIVE)
        membership = TaskForceMember.objects.select_for_update().get(
            pk=membership.pk, task_force=task_force
        )
        if not membership.is_current:
            raise ValidationError(_("This member has already left the task force."))
        leaders = current_members(task_force).filter(role=TeamRole.LEADER)
        if membership.role == TeamRole.LEADER and leaders.count() == 1:
            raise ValidationError(
                _("The task force's only leader cannot be removed; name another leader first.")
            )
        membership.removed_at = timezone.now()
        membership.removed_by = user
        membership.save(update_fields=["removed_at", "removed_by"])
        event(task_force, user, "remove_member", membership.user.get_full_name())
        notify(
            recipients=[membership.user],
            verb=gettext_noop("You are no longer a member of the joint task force “%(title)s”."),
            params={"title": task_force.name},
            target=None,
            actor=user,
        )
    return membership


def task_force_add_case(
    *, user: User, task_force: TaskForce, name: str, number: str = ""
) -> TaskForceCase:
    """The leader records another case the team handles."""
    check_can(user, "manage", task_force, _("The leader manages the members."))
    if not name.strip():
        raise ValidationError({"name": _("Name the case.")})
    with transaction.atomic():
        task_force = locked(task_force)
        check_status(task_force, Status.ACTIVE)
        case = TaskForceCase.objects.create(
            task_force=task_force, name=name.strip(), number=number.strip()
        )
        event(task_force, user, "add_case", case.name)
    return case


def task_force_add_task(
    *, user: User, task_force: TaskForce, title: str, assignee: User | None, due_date: dt.date
) -> TaskForceTask:
    """A member gives a task to a member, with a due date; the assignee is told."""
    check_can(user, "contribute", task_force, _("Only members of the task force do this."))
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
        check_status(task_force, Status.ACTIVE)
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
    check_can(user, "contribute", task_force, _("Only members of the task force do this."))
    if task.assignee_id != user.pk and not task_force_policy.can(user, "manage", task_force):
        raise PermissionDenied(_("The assignee or the leader marks a task done."))
    with transaction.atomic():
        task_force = locked(task_force)
        check_status(task_force, Status.ACTIVE)
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


def task_force_post(*, user: User, task_force: TaskForce, body: str) -> TaskForceMessage:
    """A member writes to the team's discussion thread."""
    check_can(user, "contribute", task_force, _("Only members of the task force do this."))
    if not body.strip():
        raise ValidationError({"body": _("Write a message.")})
    with transaction.atomic():
        task_force = locked(task_force)
        check_status(task_force, Status.ACTIVE)
        return TaskForceMessage.objects.create(
            task_force=task_force, author=user, body=body.strip()
        )


def task_force_upload(*, user: User, task_force: TaskForce, upload) -> TaskForceDocument:
    """A member files a document; the row records who uploaded it and when."""
    check_can(user, "contribute", task_force, _("Only members of the task force do this."))
    with transaction.atomic():
        task_force = locked(task_force)
        check_status(task_force, Status.ACTIVE)
        document = TaskForceDocument.objects.create(
            task_force=task_force, uploaded_by=user, **stored_upload(upload)
        )
        event(task_force, user, "upload", document.original_name)
    return document


def task_force_document_for_download(
    *, user: User, task_force_pk, document_pk
) -> TaskForceDocument:
    """A document of the team, to those who may see it only (404 otherwise); logged."""
    task_force = task_force_policy.get_or_404(user, pk=task_force_pk)
    document = get_object_or_404(task_force.documents, pk=document_pk)
    download_record(user=user, document=document)
    return document


def task_force_link_request(
    *, user: User, task_force: TaskForce, request: AssistanceRequest | None
) -> AssistanceRequest:
    """Link an assistance request that a member procuratorate raised for the team's case.

    The request must be one the page offers (`linkable_requests`), so the page and the API
    follow one rule: sent (not a draft), visible to the user, raised by a procuratorate of
    the team, and not linked yet.
    """
    check_can(user, "contribute", task_force, _("Only members of the task force do this."))
    linkable = linkable_requests(user=user, task_force=task_force)
    if request is None or not linkable.filter(pk=request.pk).exists():
        raise ValidationError(
            {
                "request": _(
                    "Choose an assistance request sent by one of the task force's "
                    "procuratorates and not linked yet."
                )
            }
        )
    with transaction.atomic():
        task_force = locked(task_force)
        check_status(task_force, Status.ACTIVE)
        request = AssistanceRequest.objects.select_for_update().get(pk=request.pk)
        if request.task_force_id is not None:
            raise ValidationError({"request": _("This request is already linked to a task force.")})
        request.task_force = task_force
        request.save(update_fields=["task_force"])
        event(task_force, user, "link_request", str(request))
    return request


def task_force_close(
    *, user: User, task_force: TaskForce, worked: str, not_worked: str
) -> TaskForce:
    """The leader closes the team and records its evaluation."""
    check_can(user, "manage", task_force, _("The leader manages the members."))
    errors = {}
    if not worked.strip():
        errors["worked"] = _("Say what worked.")
    if not not_worked.strip():
        errors["not_worked"] = _("Say what did not work (or that nothing failed).")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        task_force = locked(task_force)
        check_status(task_force, Status.ACTIVE)
        task_force.status = Status.CLOSED
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
