"""Pages of joint task forces: the list, the proposal, the team space with its actions, and
the checked, logged document download."""

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _, gettext_lazy
from django.views.decorators.http import require_POST

from casebank.library.permissions import may_submit_cases
from cases.task_forces import services
from cases.task_forces.forms import (
    CaseForm,
    CloseForm,
    DecisionForm,
    DocumentForm,
    LinkRequestForm,
    MemberForm,
    PostForm,
    TaskForceForm,
    TaskForm,
)
from cases.task_forces.models import TaskForce
from cases.task_forces.permissions import may_propose_task_force, task_force_policy
from cases.task_forces.selectors import (
    linkable_requests,
    secondable_people,
    task_force_detail,
    task_force_list,
)
from portal.documents import file_response
from portal.forms import PER_PAGE, StatusFilterForm, add_errors

Status = TaskForce.Status


def task_force_list_view(request):
    """The task forces the user is a member of, supervises as chief, or leads."""
    filter_form = StatusFilterForm(request.GET or None, choices=Status.choices)
    status = filter_form.cleaned_data["status"] if filter_form.is_valid() else ""
    page = Paginator(task_force_list(user=request.user, status=status), PER_PAGE).get_page(
        request.GET.get("page")
    )
    query = request.GET.copy()  # the page links keep the filter
    query.pop("page", None)
    return render(
        request,
        "cases/task_force_list.html",
        {
            "page": page,
            "filter_form": filter_form,
            "query": query.urlencode(),
            "may_create": may_propose_task_force(request.user),
        },
    )


def task_force_form_view(request):
    """Propose a task force led by the user's procuratorate."""
    if not may_propose_task_force(request.user):
        raise PermissionDenied
    people = secondable_people().exclude(pk=request.user.pk)
    form = TaskForceForm(request.POST or None, people=people)
    if request.method == "POST" and form.is_valid():
        try:
            task_force = services.task_force_propose(
                user=request.user,
                data=form.data_fields(),
                members=form.members(),
                case_name=form.cleaned_data["case_name"],
                case_number=form.cleaned_data["case_number"],
            )
            messages.success(request, _("Task force proposed; the chief procurator is asked."))
            return redirect(task_force)
        except ValidationError as error:
            add_errors(error, form)
    return render(
        request,
        "cases/task_force_form.html",
        {"form": form},
        status=400 if request.method == "POST" else 200,
    )


@dataclass(frozen=True)
class Step:
    """The page's side of a workflow step: its form, the service it calls, what to say.

    Who may take it and when is the workflow's (`cases.task_forces.services.WORKFLOW`).
    """

    form: Callable
    run: Callable
    done: str


STEPS = {
    "approve": Step(
        lambda tf, user, *a: DecisionForm(*a),
        lambda user, tf, d: services.task_force_decide(
            user=user, task_force=tf, approve=True, comment=d["comment"]
        ),
        gettext_lazy("Task force approved; the members are told."),
    ),
    "reject": Step(
        lambda tf, user, *a: DecisionForm(*a, prefix="reject"),
        lambda user, tf, d: services.task_force_decide(
            user=user, task_force=tf, approve=False, comment=d["comment"]
        ),
        gettext_lazy("Task force rejected."),
    ),
    "member": Step(
        lambda tf, user, *a: MemberForm(*a, people=secondable_people(tf)),
        lambda user, tf, d: services.task_force_add_member(
            user=user, task_force=tf, person=d["person"], role=d["role"]
        ),
        gettext_lazy("Member added."),
    ),
    "case": Step(
        lambda tf, user, *a: CaseForm(*a),
        lambda user, tf, d: services.task_force_add_case(user=user, task_force=tf, **d),
        gettext_lazy("Case added."),
    ),
    "task": Step(
        lambda tf, user, *a: TaskForm(*a, task_force=tf),
        lambda user, tf, d: services.task_force_add_task(user=user, task_force=tf, **d),
        gettext_lazy("Task added; the assignee is told."),
    ),
    "post": Step(
        lambda tf, user, *a: PostForm(*a),
        lambda user, tf, d: services.task_force_post(user=user, task_force=tf, **d),
        gettext_lazy("Message posted."),
    ),
    "document": Step(
        lambda tf, user, *a: DocumentForm(*a),
        lambda user, tf, d: services.task_force_upload(user=user, task_force=tf, **d),
        gettext_lazy("Document uploaded."),
    ),
    "link": Step(
        lambda tf, user, *a: LinkRequestForm(
            *a, requests=linkable_requests(user=user, task_force=tf)
        ),
        lambda user, tf, d: services.task_force_link_request(user=user, task_force=tf, **d),
        gettext_lazy("Assistance request linked."),
    ),
    "close": Step(
        lambda tf, user, *a: CloseForm(*a),
        lambda user, tf, d: services.task_force_close(user=user, task_force=tf, **d),
        gettext_lazy("Task force closed; its evaluation is recorded."),
    ),
}


def task_force_detail_view(request, pk: int, failed: dict | None = None, status: int = 200):
    """The team space: members, cases, tasks, thread, documents with their log, requests."""
    failed = failed or {}
    task_force = task_force_detail(user=request.user, pk=pk)
    user = request.user
    sides = services.WORKFLOW.sides_of(user, task_force)
    steps = [name for name in services.WORKFLOW.available(user, task_force, sides) if name in STEPS]
    forms = {name: failed.get(name) or STEPS[name].form(task_force, user) for name in steps}
    members = list(task_force.members.all())
    may_manage = "leader" in sides
    tasks = list(task_force.tasks.all())
    for task in tasks:
        task.may_complete = (
            task.done_at is None
            and task_force.status == Status.ACTIVE
            and (task.assignee_id == user.pk or may_manage)
            and "member" in sides
        )
    return render(
        request,
        "cases/task_force_detail.html",
        {
            "task_force": task_force,
            "current_members": [m for m in members if m.is_current],
            "former_members": [m for m in members if not m.is_current],
            "tasks": tasks,
            "forms": forms,
            "may_manage": may_manage and task_force.status in (Status.PROPOSED, Status.ACTIVE),
            "draft": (
                services.typical_case_draft(task_force=task_force)
                if task_force.status == Status.CLOSED
                else None
            ),
            "may_draft_case": may_submit_cases(request.user),
        },
        status=status,
    )


@require_POST
def task_force_step_view(request, pk: int, step: str):
    """Take one step in the team space; a refusal is shown by its form, nothing changes."""
    if step not in STEPS:
        raise Http404
    task_force = task_force_policy.get_or_404(request.user, pk=pk)
    spec = STEPS[step]
    form = spec.form(task_force, request.user, request.POST, request.FILES)
    if form.is_valid():
        try:
            spec.run(request.user, task_force, form.cleaned_data)
            messages.success(request, str(spec.done))
            return redirect(task_force)
        except PermissionDenied as error:
            form.add_error(None, str(error) or _("You may not do this."))
        except ValidationError as error:
            add_errors(error, form)
    return task_force_detail_view(request, pk, failed={step: form}, status=400)


@require_POST
def task_force_remove_member_view(request, pk: int, member_pk: int):
    """The leader takes a member off the team."""
    task_force = task_force_policy.get_or_404(request.user, pk=pk)
    membership = get_object_or_404(task_force.members.select_related("user"), pk=member_pk)
    try:
        services.task_force_remove_member(
            user=request.user, task_force=task_force, membership=membership
        )
        messages.success(request, _("%(name)s removed from the team.") % {"name": membership.user})
    except (PermissionDenied, ValidationError) as error:
        messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
    return redirect(task_force)


@require_POST
def task_force_complete_task_view(request, pk: int, task_pk: int):
    """The assignee (or the leader) marks a task done."""
    task_force = task_force_policy.get_or_404(request.user, pk=pk)
    task = get_object_or_404(task_force.tasks.all(), pk=task_pk)
    task.task_force = task_force
    try:
        services.task_force_complete_task(user=request.user, task=task)
        messages.success(request, _("Task done."))
    except (PermissionDenied, ValidationError) as error:
        messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
    return redirect(task_force)


def task_force_document_download(request, pk: int, document_pk: int):
    """A document of the team, to those who may see the team only; every download is logged."""
    document = services.task_force_document_for_download(
        user=request.user, task_force_pk=pk, document_pk=document_pk
    )
    return file_response(document)


@require_POST
def task_force_typical_case_view(request, pk: int):
    """Start a typical case from a closed task force, and open it for completing."""
    task_force = task_force_policy.get_or_404(request.user, pk=pk)
    try:
        case = services.task_force_start_typical_case(user=request.user, task_force=task_force)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(task_force)
    messages.success(request, _("Draft started from the task force: complete it, then submit."))
    return redirect("casebank:case-edit", pk=case.pk)
