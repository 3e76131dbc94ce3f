"""Every read of joint task forces a page or endpoint needs, already filtered and joined."""

from django.db.models import Count, Prefetch, Q, QuerySet, prefetch_related_objects

from cases.requests.models import AssistanceRequest, Status
from cases.requests.permissions import request_policy
from cases.task_forces.models import (
    TaskForce,
    TaskForceDocument,
    TaskForceEvent,
    TaskForceMember,
    TaskForceMessage,
    TaskForceTask,
)
from cases.task_forces.permissions import SECONDED_ROLES, task_force_policy
from portal.models import DocumentDownload, User


def task_force_list(*, user: User, status: str | None = None) -> QuerySet:
    """The task forces the user may see (as a member, a chief above one, or at the lead)."""
    task_forces = (
        task_force_policy.visible(user)
        .select_related("lead_procuratorate")
        .annotate(
            member_count=Count("members", filter=Q(members__removed_at__isnull=True)),
        )
        .order_by("-created_at", "-id")
        .prefetch_related(
            Prefetch(
                "members",
                queryset=TaskForceMember.objects.filter(removed_at__isnull=True)
                .select_related("procuratorate")
                .order_by("procuratorate__province"),
                to_attr="current_members",
            )
        )
    )
    if status:
        task_forces = task_forces.filter(status=status)
    return task_forces


def task_force_detail(*, user: User, pk) -> TaskForce:
    """One task force with its team, cases, tasks, thread, documents (with their download log),
    linked requests and timeline; 404 if the user may not see it."""
    task_force = task_force_policy.get_or_404(user, pk=pk)
    task_force = TaskForce.objects.select_related(
        "lead_procuratorate", "proposed_by", "decided_by", "closed_by"
    ).get(pk=task_force.pk)
    prefetch_related_objects(
        [task_force],
        Prefetch(
            "members",
            queryset=TaskForceMember.objects.select_related("user", "procuratorate", "removed_by"),
        ),
        "cases",
        Prefetch("tasks", queryset=TaskForceTask.objects.select_related("assignee")),
        Prefetch("messages", queryset=TaskForceMessage.objects.select_related("author")),
        Prefetch(
            "documents",
            queryset=TaskForceDocument.objects.select_related("uploaded_by").prefetch_related(
                Prefetch(
                    "downloads",
                    queryset=DocumentDownload.objects.select_related("user"),
                )
            ),
        ),
        Prefetch(
            "requests",
            queryset=AssistanceRequest.objects.select_related(
                "requesting_procuratorate", "requested_procuratorate"
            ),
        ),
        Prefetch("events", queryset=TaskForceEvent.objects.select_related("actor")),
    )
    return task_force


def secondable_people(task_force: TaskForce | None = None) -> QuerySet[User]:
    """Active prosecutors who can be seconded (not already current members of `task_force`)."""
    people = (
        User.objects.filter(is_active=True, groups__name__in=SECONDED_ROLES)
        .exclude(procuratorate=None)
        .select_related("procuratorate")
        .distinct()
        .order_by("procuratorate__province", "procuratorate__code", "full_name")
    )
    if task_force is not None:
        people = people.exclude(
            task_force_memberships__in=task_force.members.filter(removed_at__isnull=True)
        )
    return people


def linkable_requests(*, user: User, task_force: TaskForce) -> QuerySet:
    """Requests sent by the team's procuratorates, visible to the user, not linked yet."""
    places = task_force.members.filter(removed_at__isnull=True).values("procuratorate_id")
    return (
        request_policy.visible(user)
        .filter(task_force__isnull=True)
        .filter(
            Q(requesting_procuratorate_id__in=places)
            | Q(requesting_procuratorate_id=task_force.lead_procuratorate_id)
        )
        .exclude(status=Status.DRAFT)
    )


def visible_task_force(user, obj):
    """The task force that raised the request, named only to those who may see the team."""
    if obj.task_force_id and task_force_policy.can(user, "view", obj.task_force):
        return obj.task_force
    return None
