"""The annual joint meeting, its invitations, minutes and resolutions (§10)."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _, pgettext_lazy

from portal.models import (
    PrivateDocument,
    Procuratorate,
    Province,
    SignedOffDocument,
    TimelineEvent,
    download_log,
)
from portal.storage import private_storage


class Meeting(models.Model):
    """An annual joint meeting (联席会议), numbered in series."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        # The chair office has published it: its notice is in sign-off (核稿, then 签发), and
        # the members see the meeting only once the notice is signed off.
        NOTICE_IN_REVIEW = "in_review", _("Notice in review")
        NOTICE_AWAITING_SIGNATURE = "signature", _("Notice awaiting signature")
        PUBLISHED = "published", _("Published")
        CANCELLED = "cancelled", _("Cancelled")

    number = models.PositiveIntegerField(_("number in series"), unique=True)
    year = models.PositiveSmallIntegerField(_("chair year"), db_index=True)
    host = models.CharField(_("convening member"), max_length=2, choices=Province.choices)
    title = models.CharField(pgettext_lazy("subject", "title"), max_length=200)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    venue = models.CharField(_("venue"), max_length=200, blank=True)
    online = models.BooleanField(_("online"), default=False)
    online_link = models.CharField(_("online meeting room"), max_length=300, blank=True)
    # What the meeting notice tells the members, besides when and where.
    attendees = models.CharField(
        _("who attends"),
        max_length=300,
        blank=True,
        help_text=_("Whom each member sends, as the notice says it (in Chinese)."),
    )
    reply_by = models.DateField(
        _("reply by"),
        null=True,
        blank=True,
        help_text=_("The date by which the members return the attendance form."),
    )
    contact_person = models.CharField(_("contact person"), max_length=100, blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=40, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    minutes = models.TextField(_("minutes"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)

    class Meta:
        verbose_name = _("joint meeting")
        verbose_name_plural = _("joint meetings")
        ordering = ["-starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="meeting_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return str(_("Joint meeting no. %(number)s") % {"number": self.number})

    def get_absolute_url(self) -> str:
        return reverse("cooperation:meeting-detail", args=[self.pk])


class AgendaItem(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda")
    position = models.PositiveSmallIntegerField(pgettext_lazy("order", "position"), default=0)
    title = models.CharField(pgettext_lazy("subject", "title"), max_length=200)
    presenter = models.ForeignKey(
        Procuratorate,
        verbose_name=_("presenting procuratorate"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    duration_minutes = models.PositiveSmallIntegerField(_("duration (minutes)"), default=20)
    carried_resolution = models.ForeignKey(
        "Resolution",
        verbose_name=_("open resolution carried over"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.title


class AgendaDocument(PrivateDocument):
    """A document of an agenda item, downloaded through a checked view."""

    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="documents")
    file = models.FileField(_("file"), storage=private_storage, upload_to="agenda/")

    downloads = download_log("agenda_document")

    class Meta:
        verbose_name = _("agenda document")
        verbose_name_plural = _("agenda documents")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.original_name


class Invitation(models.Model):
    """A member invited to a meeting, and its answer."""

    class Answer(models.TextChoices):
        PENDING = "pending", _("Not answered")
        ATTENDING = "attending", _("Attending")
        DECLINED = "declined", _("Not attending")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="invitations")
    procuratorate = models.ForeignKey(
        Procuratorate, verbose_name=_("member"), on_delete=models.PROTECT, related_name="+"
    )
    answer = models.CharField(
        _("answer"), max_length=10, choices=Answer.choices, default=Answer.PENDING
    )
    delegates = models.TextField(_("delegates"), blank=True, help_text=_("One name a line."))
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("last reminded at"), null=True, blank=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["procuratorate__id"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "procuratorate"], name="one_invitation")
        ]

    def __str__(self) -> str:
        return f"{self.meeting} · {self.procuratorate}"

    @property
    def delegate_names(self) -> list[str]:
        return [name.strip() for name in self.delegates.splitlines() if name.strip()]


class MeetingReminder(models.Model):
    """A reminder sent for a meeting at one offset before its start: sent once, ever."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="reminders")
    days_before = models.PositiveSmallIntegerField(_("days before"))
    sent_at = models.DateTimeField(_("sent at"), default=timezone.now)

    class Meta:
        verbose_name = _("meeting reminder")
        verbose_name_plural = _("meeting reminders")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "days_before"], name="one_reminder_each")
        ]

    def __str__(self) -> str:
        return f"{self.meeting} −{self.days_before}d"


class MinutesRevision(models.Model):
    """One saved version of a meeting's minutes: who changed them, and when."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="revisions")
    text = models.TextField(_("minutes"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("saved at"), default=timezone.now)

    class Meta:
        verbose_name = _("minutes revision")
        verbose_name_plural = _("minutes revisions")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.meeting} {self.created_at:%Y-%m-%d %H:%M}"


class Resolution(models.Model):
    """A decision of a meeting (议定事项) with an owner and a due date, followed until done."""

    class State(models.TextChoices):
        OPEN = "open", _("Open")
        DONE = "done", _("Done")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="resolutions")
    text = models.TextField(_("resolution"))
    owner = models.ForeignKey(
        Procuratorate,
        verbose_name=_("owner"),
        on_delete=models.PROTECT,
        related_name="resolutions",
    )
    due_date = models.DateField(_("due date"))
    state = models.CharField(_("state"), max_length=8, choices=State.choices, default=State.OPEN)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)

    class Meta:
        verbose_name = _("resolution")
        verbose_name_plural = _("resolutions")
        ordering = ["due_date", "id"]
        indexes = [models.Index(fields=["state", "due_date"], name="resolution_state_idx")]

    def __str__(self) -> str:
        return self.text[:60]

    def get_absolute_url(self) -> str:
        return f"{self.meeting.get_absolute_url()}#resolution-{self.pk}"


class ResolutionProgress(models.Model):
    """What the owner reports on a resolution."""

    resolution = models.ForeignKey(Resolution, on_delete=models.CASCADE, related_name="progress")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    note = models.TextField(_("progress"))
    done = models.BooleanField(_("done"), default=False)
    created_at = models.DateTimeField(_("reported at"), default=timezone.now)

    class Meta:
        verbose_name = _("progress report")
        verbose_name_plural = _("progress reports")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.note[:60]


class MeetingNotice(SignedOffDocument):
    """The meeting notice (会议通知) PDF: written as a row at 签发, rendered after commit."""

    meeting = models.OneToOneField(Meeting, on_delete=models.CASCADE, related_name="notice")
    file = models.FileField(_("PDF"), storage=private_storage, upload_to="notices/", blank=True)

    downloads = download_log("meeting_notice")

    class Meta:
        verbose_name = _("meeting notice")
        verbose_name_plural = _("meeting notices")

    def __str__(self) -> str:
        return self.number

    def issuing_procuratorate(self) -> Procuratorate:
        """The chair office that hosts the meeting issues and signs its notice."""
        return Procuratorate.objects.get(code=self.meeting.host)

    def get_absolute_url(self) -> str:
        return self.meeting.get_absolute_url()


class MeetingEvent(TimelineEvent):
    """A step of the meeting notice's sign-off (submitted, reviewed, returned, signed off)."""

    LABELS = {
        "submit": _("published: the notice went to sign-off"),
        "review": _("passed the review"),
        "review_return": _("returned the notice at review"),
        "sign_off": _("signed the notice off"),
        "signature_return": _("returned the notice unsigned"),
    }

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="events")

    class Meta(TimelineEvent.Meta):
        verbose_name = _("meeting event")
        verbose_name_plural = _("meeting events")

    def __str__(self) -> str:
        return f"{self.meeting} {self.action}"

    @property
    def label(self) -> str:
        """What the step was, in words."""
        return self.LABELS.get(self.action, self.action)
