"""The liaison mechanism (§10): the rotating chair, the annual joint meeting and its
resolutions, and the coordination symposiums of neighbouring procuratorates."""

import datetime as dt
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase

from portal.models import Procuratorate, Province
from portal.storage import private_storage

# The default rotation: the signing order, from the first full year after the signing.
SIGNING_ORDER = ["GS", "SN", "QH", "NX", "XJ", "BT"]
FIRST_YEAR = 2020


class Rotation(models.Model):
    """The order in which the six convene the mechanism, one year each, and its first year."""

    order = models.JSONField(
        _("rotation order"),
        default=list,
        help_text=_("The six member codes in rotation order, e.g. GS, SN, QH, NX, XJ, BT."),
    )
    first_year = models.PositiveSmallIntegerField(_("first year"))
    handover_month = models.PositiveSmallIntegerField(_("handover month"), default=1)
    handover_day = models.PositiveSmallIntegerField(_("handover day"), default=1)

    class Meta:
        verbose_name = _("rotation")
        verbose_name_plural = _("rotation")

    def __str__(self) -> str:
        return " → ".join(self.order)

    def clean(self):
        if sorted(self.order) != sorted(Province.values):
            raise ValidationError({"order": _("List each of the six members exactly once.")})
        try:
            dt.date(2001, self.handover_month, self.handover_day)
        except ValueError:
            raise ValidationError({"handover_day": _("This is not a date.")}) from None

    def handover_date(self, year: int) -> dt.date:
        """The day the chair of `year` takes over."""
        return dt.date(year, self.handover_month, self.handover_day)


class ChairSwap(models.Model):
    """Two years whose chairs trade places, with the reason (recorded by an administrator)."""

    year_a = models.PositiveSmallIntegerField(_("year"), unique=True)
    year_b = models.PositiveSmallIntegerField(_("swapped with year"), unique=True)
    reason = models.TextField(_("reason"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    class Meta:
        verbose_name = _("chair swap")
        verbose_name_plural = _("chair swaps")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(year_a__lt=models.F("year_b")), name="swap_years_in_order"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year_a} ⇄ {self.year_b}"


class ChairTerm(models.Model):
    """The year a member holds the chair, opened by the handover job on the handover date."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    province = models.CharField(_("chair"), max_length=2, choices=Province.choices)
    started_at = models.DateTimeField(_("handed over at"), default=timezone.now)
    handover_note = models.TextField(_("handover note"), blank=True)

    class Meta:
        verbose_name = _("chair term")
        verbose_name_plural = _("chair terms")
        ordering = ["-year"]

    def __str__(self) -> str:
        return f"{self.year} {self.get_province_display()}"


class Meeting(models.Model):
    """An annual joint meeting (联席会议), numbered in series."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")
        CANCELLED = "cancelled", _("Cancelled")

    number = models.PositiveIntegerField(_("number in series"), unique=True)
    year = models.PositiveSmallIntegerField(_("chair year"), db_index=True)
    host = models.CharField(_("convening member"), max_length=2, choices=Province.choices)
    title = models.CharField(_("title"), max_length=200)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    venue = models.CharField(_("venue"), max_length=200, blank=True)
    online = models.BooleanField(_("online"), default=False)
    online_link = models.CharField(_("online meeting room"), max_length=300, blank=True)
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
        return str(_("The %(number)sth joint meeting") % {"number": self.number})

    def get_absolute_url(self) -> str:
        return reverse("cooperation:meeting-detail", args=[self.pk])


class AgendaItem(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda")
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    title = models.CharField(_("title"), max_length=200)
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


class MeetingNotice(models.Model):
    """The meeting notice (会议通知) PDF: written as a row at publication, rendered after commit."""

    class State(models.TextChoices):
        PENDING = "pending", _("Being prepared")
        ISSUED = "issued", _("Issued")

    meeting = models.OneToOneField(Meeting, on_delete=models.CASCADE, related_name="notice")
    number = models.CharField(_("document number"), max_length=40)
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.PENDING
    )
    file = models.FileField(_("PDF"), storage=private_storage, upload_to="notices/", blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    issued_at = models.DateTimeField(_("issued at"), null=True, blank=True)

    class Meta:
        verbose_name = _("meeting notice")
        verbose_name_plural = _("meeting notices")

    def __str__(self) -> str:
        return self.number


def new_token() -> str:
    return secrets.token_urlsafe(32)


class CalendarFeed(models.Model):
    """A user's personal calendar feed address; the secret token can be revoked (renewed)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed"
    )
    token = models.CharField(_("secret token"), max_length=64, unique=True, default=new_token)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")

    def __str__(self) -> str:
        return str(self.user)


class Symposium(models.Model):
    """A coordination symposium (协调座谈会) convened by a prefecture or county procuratorate
    with neighbouring procuratorates of other provinces."""

    convener = models.ForeignKey(
        Procuratorate,
        verbose_name=_("convening procuratorate"),
        on_delete=models.PROTECT,
        related_name="convened_symposiums",
    )
    title = models.CharField(_("title"), max_length=200)
    held_on = models.DateField(_("date"))
    venue = models.CharField(_("venue"), max_length=200)
    agreement = models.TextField(_("agreement reached"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("coordination symposium")
        verbose_name_plural = _("coordination symposiums")
        ordering = ["-held_on", "-id"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("cooperation:symposium-detail", args=[self.pk])


class SymposiumParticipant(models.Model):
    """A procuratorate taking part: the share table that makes a symposium visible to it."""

    symposium = models.ForeignKey(Symposium, on_delete=models.CASCADE, related_name="participants")
    procuratorate = models.ForeignKey(
        Procuratorate,
        verbose_name=_("procuratorate"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        constraints = [
            models.UniqueConstraint(fields=["symposium", "procuratorate"], name="one_participation")
        ]

    def __str__(self) -> str:
        return str(self.procuratorate)


class SymposiumFollowUp(models.Model):
    """A follow-up item of a symposium's agreement."""

    symposium = models.ForeignKey(Symposium, on_delete=models.CASCADE, related_name="follow_ups")
    text = models.TextField(_("follow-up item"))
    owner = models.ForeignKey(
        Procuratorate, verbose_name=_("owner"), on_delete=models.PROTECT, related_name="+"
    )
    due_date = models.DateField(_("due date"), null=True, blank=True)
    done = models.BooleanField(_("done"), default=False)

    class Meta:
        verbose_name = _("follow-up item")
        verbose_name_plural = _("follow-up items")
        ordering = ["due_date", "id"]

    def __str__(self) -> str:
        return self.text[:60]


class SymposiumDocument(models.Model):
    symposium = models.ForeignKey(Symposium, on_delete=models.CASCADE, related_name="documents")
    file = models.FileField(_("file"), storage=private_storage, upload_to="symposiums/")
    original_name = models.CharField(_("file name"), max_length=255)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("uploaded at"), default=timezone.now)

    class Meta:
        verbose_name = _("symposium document")
        verbose_name_plural = _("symposium documents")

    def __str__(self) -> str:
        return self.original_name


class SymposiumUserObjectPermission(UserObjectPermissionBase):
    content_object = models.ForeignKey(Symposium, on_delete=models.CASCADE)


class SymposiumGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey(Symposium, on_delete=models.CASCADE)
