"""Joint task forces (联合办案组 / 专案组, §11): a lead procuratorate and prosecutors seconded by
name from several provinces, with their cases, tasks, discussion and documents."""

import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _, pgettext_lazy
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase

from portal.models import CaseCategory, PrivateDocument, Procuratorate, TimelineEvent, download_log
from portal.storage import private_storage


class TaskForce(models.Model):
    """A joint task force for a major cross-province case, approved by the lead's chief."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Proposed")
        ACTIVE = "active", _("Active")
        REJECTED = "rejected", _("Rejected")
        CLOSED = "closed", _("Closed")

    name = models.CharField(_("name"), max_length=200)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PROPOSED
    )
    lead_procuratorate = models.ForeignKey(
        Procuratorate,
        verbose_name=_("lead procuratorate"),
        on_delete=models.PROTECT,
        related_name="led_task_forces",
    )
    category = models.CharField(_("case category"), max_length=32, choices=CaseCategory.choices)
    purpose = models.TextField(
        _("purpose"), help_text=_("Why the case needs a joint task force and what it must do.")
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("proposed by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved or rejected by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_comment = models.TextField(_("comment on the decision"), blank=True)
    evaluation_worked = models.TextField(_("what worked"), blank=True)
    evaluation_not_worked = models.TextField(_("what did not work"), blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("closed by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("joint task force")
        verbose_name_plural = _("joint task forces")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["lead_procuratorate", "status"], name="task_force_lead_idx")
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("cases:task-force-detail", args=[self.pk])


class TeamRole(models.TextChoices):
    LEADER = "leader", _("Leader")
    DEPUTY = "deputy", _("Deputy leader")
    MEMBER = "member", pgettext_lazy("team role", "Member")


class TaskForceMember(models.Model):
    """A prosecutor seconded by name: the share table that opens the team space to them.

    A removed member keeps their row (who was in the team, until when) but loses access.
    """

    task_force = models.ForeignKey(
        TaskForce,
        verbose_name=_("joint task force"),
        on_delete=models.CASCADE,
        related_name="members",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("prosecutor"),
        on_delete=models.PROTECT,
        related_name="task_force_memberships",
    )
    procuratorate = models.ForeignKey(
        Procuratorate,
        verbose_name=_("seconded from"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The procuratorate the member is seconded from (统一调用检察人员)."),
    )
    role = models.CharField(
        _("role in the team"), max_length=10, choices=TeamRole.choices, default=TeamRole.MEMBER
    )
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("added by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    added_at = models.DateTimeField(_("added at"), default=timezone.now)
    removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("removed by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    removed_at = models.DateTimeField(_("removed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("task force member")
        verbose_name_plural = _("task force members")
        ordering = ["added_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["task_force", "user"],
                condition=models.Q(removed_at__isnull=True),
                name="one_current_membership",
            )
        ]
        indexes = [
            models.Index(fields=["user", "task_force"], name="task_force_member_user_idx"),
            models.Index(
                fields=["procuratorate", "task_force"], name="task_force_member_place_idx"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()})"

    @property
    def is_current(self) -> bool:
        return self.removed_at is None


class TaskForceCase(models.Model):
    """A case the task force handles."""

    task_force = models.ForeignKey(
        TaskForce,
        verbose_name=_("joint task force"),
        on_delete=models.CASCADE,
        related_name="cases",
    )
    name = models.CharField(_("case name"), max_length=200)
    number = models.CharField(_("case number"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("case of a task force")
        verbose_name_plural = _("cases of a task force")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name


class TaskForceTask(models.Model):
    """A task of the team: what, who, by when."""

    task_force = models.ForeignKey(
        TaskForce,
        verbose_name=_("joint task force"),
        on_delete=models.CASCADE,
        related_name="tasks",
    )
    title = models.CharField(_("task"), max_length=300)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assignee"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    due_date = models.DateField(_("due date"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)
    due_reminder_sent_for = models.DateField(
        _("due reminder sent for"),
        null=True,
        blank=True,
        help_text=_("The deadline a reminder was sent for, so the daily job sends it once."),
    )
    overdue_notified_for = models.DateField(_("overdue notice sent for"), null=True, blank=True)

    class Meta:
        verbose_name = _("task")
        verbose_name_plural = _("tasks")
        ordering = ["due_date", "id"]

    def __str__(self) -> str:
        return self.title

    @property
    def is_overdue(self) -> bool:
        return self.done_at is None and self.due_date < timezone.localdate()


class TaskForceMessage(models.Model):
    """A message of the team's discussion thread."""

    task_force = models.ForeignKey(
        TaskForce,
        verbose_name=_("joint task force"),
        on_delete=models.CASCADE,
        related_name="messages",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    body = models.TextField(_("message"))
    created_at = models.DateTimeField(_("time"), default=timezone.now)

    class Meta:
        verbose_name = _("task force message")
        verbose_name_plural = _("task force messages")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.body[:40]


def document_path(instance, filename: str) -> str:
    # A random name: the original one is kept in a column and never touches the file system.
    return f"task-forces/{instance.task_force_id}/{uuid.uuid4().hex}"


class TaskForceDocument(PrivateDocument):
    """Evidence and papers exchanged in the team; downloaded only through a checked, logged view.

    The row is the upload's record (who, when); each download is in the portal's one log
    (`DocumentDownload`).
    """

    task_force = models.ForeignKey(
        TaskForce,
        verbose_name=_("joint task force"),
        on_delete=models.CASCADE,
        related_name="documents",
    )
    file = models.FileField(_("file"), storage=private_storage, upload_to=document_path)

    downloads = download_log("task_force_document")

    class Meta:
        verbose_name = _("task force document")
        verbose_name_plural = _("task force documents")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.original_name


# How each step reads in a task force's timeline.
TASK_FORCE_EVENT_LABELS = {
    "propose": _("proposed the task force"),
    "approve": _("approved the task force"),
    "reject": _("rejected the task force"),
    "add_member": _("added a member"),
    "remove_member": _("removed a member"),
    "add_case": _("added a case"),
    "add_task": _("added a task"),
    "complete_task": _("completed a task"),
    "upload": _("uploaded a document"),
    "link_request": _("linked an assistance request"),
    "close": _("closed the task force"),
}


class TaskForceEvent(TimelineEvent):
    """One step of a task force's timeline: who did what, when."""

    task_force = models.ForeignKey(
        TaskForce,
        verbose_name=_("joint task force"),
        on_delete=models.CASCADE,
        related_name="events",
    )

    class Meta:
        verbose_name = _("task force event")
        verbose_name_plural = _("task force events")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.task_force_id} {self.action}"

    @property
    def label(self) -> str:
        return TASK_FORCE_EVENT_LABELS.get(self.action, self.action)


class TaskForceUserObjectPermission(UserObjectPermissionBase):
    content_object = models.ForeignKey(TaskForce, on_delete=models.CASCADE)


class TaskForceGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey(TaskForce, on_delete=models.CASCADE)
