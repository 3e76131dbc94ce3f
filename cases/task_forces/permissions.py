"""Who may see and act on joint task forces, built on the portal's one policy."""

from django.db.models import Q

from cases.requests.permissions import HANDLING_ROLES
from cases.task_forces.models import TaskForce, TaskForceMember, TeamRole
from portal.models import Role, User
from portal.permissions import PeopleShare, ProcuratoratePolicy, is_active_user

CURRENT = Q(removed_at__isnull=True)

# A task force is seen by its current members by name and by the chiefs above them; at the lead
# procuratorate, its chief approves and its administrators manage the members (so both see it
# from the proposal on). Members contribute; leaders manage, like the lead's administrators.
task_force_policy = ProcuratoratePolicy(
    TaskForce,
    columns=["lead_procuratorate_id"],
    action_roles={
        "view": frozenset({Role.CHIEF, Role.ADMINISTRATOR}),
        "approve": frozenset({Role.CHIEF}),
        "manage": frozenset({Role.ADMINISTRATOR}),
    },
    people=PeopleShare(
        TaskForceMember,
        object_column="task_force_id",
        user_column="user_id",
        procuratorate_column="procuratorate_id",
        actions={
            "view": CURRENT,
            "contribute": CURRENT,
            "manage": CURRENT & Q(role=TeamRole.LEADER),
        },
        supervising_roles=frozenset({Role.CHIEF}),
    ),
)

PROPOSING_ROLES = HANDLING_ROLES
# Who may be seconded to a task force by name.
SECONDED_ROLES = frozenset({Role.PROSECUTOR})


def may_propose_task_force(user: User) -> bool:
    """Prosecutors and liaison officers propose a task force, led by their procuratorate."""
    return (
        is_active_user(user)
        and user.procuratorate_id is not None
        and user.has_role(*PROPOSING_ROLES)
    )


def may_share_task_force(user: User, task_force: TaskForce) -> bool:
    """Whether the user may let one more person read the task force (`portal.grants`): a
    current leader (read from its prefetched members when the page has them)."""
    return any(
        member.user_id == user.pk and member.is_current and member.role == TeamRole.LEADER
        for member in task_force.members.all()
    )
