"""Who may share a request or a task force with one more person, read only (`portal.grants`).

The handler of a request, and a current leader of a task force, answer for what it shows, so
they choose whom to let read it. Neither rule counts a grant: a grantee never grants on.
"""

from cases.models import AssistanceRequest, Status, TaskForce, TeamRole
from cases.permissions import is_handler
from portal.models import User
from portal.registry import register_grantable


def may_share_request(user: User, request: AssistanceRequest) -> bool:
    """The request's handler, while they handle it at a procuratorate of the request (a draft
    has no handler, and no grant opens one)."""
    return (
        request.handler_id == user.pk
        and request.status != Status.DRAFT
        and is_handler(user, request)
    )


def may_share_task_force(user: User, task_force: TaskForce) -> bool:
    """A current leader of the task force (read from its prefetched members when the page has
    them)."""
    return any(
        member.user_id == user.pk and member.is_current and member.role == TeamRole.LEADER
        for member in task_force.members.all()
    )


def register_grantables() -> None:
    """Lend the portal these rules (called from `CasesConfig.ready`)."""
    register_grantable(AssistanceRequest, may_grant=may_share_request)
    register_grantable(TaskForce, may_grant=may_share_task_force)
