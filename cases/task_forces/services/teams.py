"""Every write on joint task forces: proposal, approval, members, cases, discussion, documents
and linked requests (tasks in `task_force_tasks`, closing in `task_force_closing`). Each takes
the acting user, checks the policy, locks the task force row, records a timeline event and
notifies after commit."""

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _, gettext_noop

from cases.requests.models import AssistanceRequest
from cases.task_forces.models import (
    TaskForce,
    TaskForceCase,
    TaskForceDocument,
    TaskForceEvent,
    TaskForceMember,
    TaskForceMessage,
    TeamRole,
)
from cases.task_forces.permissions import SECONDED_ROLES, may_propose_task_force, task_force_policy
from cases.task_forces.selectors import linkable_requests
from portal.documents import download_record, stored_upload
from portal.models import User
from portal.services import notify
from portal.workflow import Transition, Workflow

Status = TaskForce.Status


def locked(task_force: TaskForce) -> TaskForce:
    """The task force's row, locked for the rest of the transaction and re-read."""
    return TaskForce.objects.select_for_update().get(pk=task_force.pk)


def event(task_force: TaskForce, user: User | None, action: str, comment: str = "") -> None:
    TaskForceEvent.objects.create(task_force=task_force, actor=user, action=action, comment=comment)


SIDE_ACTIONS = {"approver": "approve", "leader": "manage", "member": "contribute"}


def sides_of(user: User, task_force: TaskForce) -> set[str]:
    """The lead's chief approves; the leaders manage the team; the members contribute."""
    return {
        side
        for side, action in SIDE_ACTIONS.items()
        if task_force_policy.holds(user, action, task_force)
    }


APPROVER, LEADER, MEMBER = (frozenset({side}) for side in ("approver", "leader", "member"))
DECIDES = _("The chief of the lead procuratorate decides.")
MANAGES = _("The leader manages the members.")
MEMBERS_ONLY = _("Only members of the task force do this.")
FORMING = frozenset({Status.PROPOSED, Status.ACTIVE})
ACTIVE = frozenset({Status.ACTIVE})

WORKFLOW = Workflow(
    TaskForce,
    {
        "approve": Transition(
            _("approve"),
            frozenset({Status.PROPOSED}),
            Status.ACTIVE,
            sides=APPROVER,
            refusal=DECIDES,
        ),
        "reject": Transition(
            _("reject"),
            frozenset({Status.PROPOSED}),
            Status.REJECTED,
            sides=APPROVER,
            refusal=DECIDES,
        ),
        "member": Transition(_("add a member"), FORMING, sides=LEADER, refusal=MANAGES),
        "remove_member": Transition(_("remove a member"), FORMING, sides=LEADER, refusal=MANAGES),
        "case": Transition(_("add a case"), ACTIVE, sides=LEADER, refusal=MANAGES),
        "task": Transition(_("give a task"), ACTIVE, sides=MEMBER, refusal=MEMBERS_ONLY),
        "complete_task": Transition(
            _("mark a task done"), ACTIVE, sides=MEMBER, refusal=MEMBERS_ONLY
        ),
        "post": Transition(_("post a message"), ACTIVE, sides=MEMBER, refusal=MEMBERS_ONLY),
        "document": Transition(_("upload a document"), ACTIVE, sides=MEMBER, refusal=MEMBERS_ONLY),
        "link": Transition(
            _("link an assistance request"), ACTIVE, sides=MEMBER, refusal=MEMBERS_ONLY
        ),
        "close": Transition(_("close"), ACTIVE, Status.CLOSED, sides=LEADER, refusal=MANAGES),
    },
    sides_of=sides_of,
    wrong_state=_("This cannot be done while the task force is “%(status)s”."),
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
    step = "approve" if approve else "reject"
    WORKFLOW.check_allowed(user, step, task_force)
    if not approve and not comment.strip():
        raise ValidationError({"comment": _("Say why the task force is rejected.")})
    with transaction.atomic():
        task_force = locked(task_force)
        WORKFLOW.check_possible(step, task_force)
        task_force.status = WORKFLOW[step].target
        task_force.decided_by = user
        task_force.decided_at = timezone.now()
        task_force.decision_comment = comment.strip()
        task_force.save(update_fields=["status", "decided_by", "decided_at", "decision_comment"])
        event(task_force, user, step, comment.strip())
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
    WORKFLOW.check_allowed(user, "member", task_force)
    check_secondable(person)
    if role not in TeamRole.values:
        raise ValidationError({"role": _("Choose a role in the team.")})
    with transaction.atomic():
        task_force = locked(task_force)
        WORKFLOW.check_possible("member", task_force)
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
    WORKFLOW.check_allowed(user, "remove_member", task_force)
    with transaction.atomic():
        task_force = locked(task_force)
        WORKFLOW.check_possible("remove_member", task_force)
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
    WORKFLOW.check_allowed(user, "case", task_force)
    if not name.strip():
        raise ValidationError({"name": _("Name the case.")})
    with transaction.atomic():
        task_force = locked(task_force)
        WORKFLOW.check_possible("case", task_force)
        case = TaskForceCase.objects.create(
            task_force=task_force, name=name.strip(), number=number.strip()
        )
        event(task_force, user, "add_case", case.name)
    return case


def task_force_post(*, user: User, task_force: TaskForce, body: str) -> TaskForceMessage:
    """A member writes to the team's discussion thread."""
    WORKFLOW.check_allowed(user, "post", task_force)
    if not body.strip():
        raise ValidationError({"body": _("Write a message.")})
    with transaction.atomic():
        task_force = locked(task_force)
        WORKFLOW.check_possible("post", task_force)
        return TaskForceMessage.objects.create(
            task_force=task_force, author=user, body=body.strip()
        )


def task_force_upload(*, user: User, task_force: TaskForce, upload) -> TaskForceDocument:
    """A member files a document; the row records who uploaded it and when."""
    WORKFLOW.check_allowed(user, "document", task_force)
    with transaction.atomic():
        task_force = locked(task_force)
        WORKFLOW.check_possible("document", task_force)
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
    WORKFLOW.check_allowed(user, "link", task_force)
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
        WORKFLOW.check_possible("link", task_force)
        request = AssistanceRequest.objects.select_for_update().get(pk=request.pk)
        if request.task_force_id is not None:
            raise ValidationError({"request": _("This request is already linked to a task force.")})
        request.task_force = task_force
        request.save(update_fields=["task_force"])
        event(task_force, user, "link_request", str(request))
    return request
