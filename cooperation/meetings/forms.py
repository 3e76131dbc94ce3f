"""Browser forms of joint meetings: they parse input; the services decide.

The member choices (`members`, `offer`) and `DocumentForm` serve the symposium and campaign
forms too.
"""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _, pgettext_lazy

from cooperation.meetings.models import Invitation
from portal.forms import date_input, style_fields
from portal.models import Procuratorate

AGENDA_EXTRA_ROWS = 6
DATETIME_LOCAL = "%Y-%m-%dT%H:%M"


def members():
    """The six member (provincial) procuratorates, in signing order of their codes."""
    return Procuratorate.objects.filter(level=Procuratorate.Level.PROVINCIAL).order_by("id")


def datetime_local(label):
    return forms.DateTimeField(
        label=label,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_LOCAL),
    )


class MeetingForm(forms.Form):
    """The meeting itself; its agenda is the formset below."""

    title = forms.CharField(label=pgettext_lazy("subject", "Title"), max_length=200)
    starts_at = datetime_local(_("Starts (Beijing time)"))
    ends_at = datetime_local(_("Ends (Beijing time)"))
    venue = forms.CharField(label=_("Venue"), max_length=200, required=False)
    online = forms.BooleanField(label=_("Held online (video conference)"), required=False)
    online_link = forms.CharField(
        label=_("Online meeting room"),
        max_length=300,
        required=False,
        help_text=_("The address or name of the video conference room."),
    )
    attendees = forms.CharField(
        label=_("Who attends"),
        max_length=300,
        required=False,
        help_text=_("Whom each member sends, as the notice says it (in Chinese)."),
    )
    reply_by = forms.DateField(
        label=_("Reply by"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("The date by which the members return the attendance form."),
    )
    contact_person = forms.CharField(label=_("Contact person"), max_length=100, required=False)
    contact_phone = forms.CharField(label=_("Contact phone"), max_length=40, required=False)

    def __init__(self, *args, meeting=None, **kwargs):
        super().__init__(*args, **kwargs)
        if meeting is not None and not self.is_bound:
            self.initial.update(
                title=meeting.title,
                starts_at=timezone.localtime(meeting.starts_at),
                ends_at=timezone.localtime(meeting.ends_at),
                venue=meeting.venue,
                online=meeting.online,
                online_link=meeting.online_link,
                attendees=meeting.attendees,
                reply_by=meeting.reply_by,
                contact_person=meeting.contact_person,
                contact_phone=meeting.contact_phone,
            )
        style_fields(self)

    def clean(self):
        cleaned = super().clean()
        starts_at, ends_at = cleaned.get("starts_at"), cleaned.get("ends_at")
        # Said here too (the service decides) so that every mistake shows at once.
        if starts_at and ends_at and ends_at <= starts_at:
            self.add_error("ends_at", _("The meeting must end after it starts."))
        return cleaned


class MemberChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.name


def offer(field: forms.ModelChoiceField, procuratorates: list[Procuratorate]) -> None:
    """Offer these procuratorates (already loaded) without another query to render them."""
    field.queryset = Procuratorate.objects.filter(pk__in=[p.pk for p in procuratorates])
    field.choices = [("", "---------"), *((p.pk, p.name) for p in procuratorates)]


class AgendaItemForm(forms.Form):
    """One agenda row; a row left empty is ignored."""

    title = forms.CharField(label=_("Agenda item"), max_length=200, required=False)
    presenter = MemberChoiceField(
        label=_("Presenting procuratorate"), queryset=Procuratorate.objects.none(), required=False
    )
    duration_minutes = forms.IntegerField(
        label=_("Duration (minutes)"), min_value=5, max_value=480, required=False, initial=20
    )

    def __init__(self, *args, presenters=None, **kwargs):
        super().__init__(*args, **kwargs)
        offer(self.fields["presenter"], presenters if presenters is not None else list(members()))
        style_fields(self)

    def clean(self):
        cleaned = super().clean()
        title, presenter = (cleaned.get("title") or "").strip(), cleaned.get("presenter")
        if title and presenter is None and not self.has_error("presenter"):
            self.add_error("presenter", _("Choose the presenting procuratorate."))
        if presenter is not None and not title:
            self.add_error("title", _("Give the agenda item a title."))
        return cleaned

    def item(self) -> dict | None:
        """The row as the service wants it, or None for an empty row."""
        title = (self.cleaned_data.get("title") or "").strip()
        if not title:
            return None
        return {
            "title": title,
            "presenter": self.cleaned_data["presenter"],
            "duration_minutes": self.cleaned_data.get("duration_minutes") or 20,
        }


class BaseAgendaFormSet(forms.BaseFormSet):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # One query for the presenters' choices, shared by every row.
        self.presenters = list(members())

    def get_form_kwargs(self, index):
        return {**super().get_form_kwargs(index), "presenters": self.presenters}

    def items(self) -> list[dict]:
        return [item for form in self.forms if (item := form.item()) is not None]


AgendaFormSet = forms.formset_factory(
    AgendaItemForm, formset=BaseAgendaFormSet, extra=AGENDA_EXTRA_ROWS, max_num=40
)


def agenda_formset(data=None, *, meeting=None):
    """The meeting's own agenda rows (not the carried-over resolutions) and empty rows."""
    initial = []
    if meeting is not None:
        initial = [
            {
                "title": item.title,
                "presenter": item.presenter_id,
                "duration_minutes": item.duration_minutes,
            }
            for item in meeting.agenda.all()
            if item.carried_resolution_id is None
        ]
    return AgendaFormSet(data, initial=initial, prefix="agenda")


class AnswerForm(forms.Form):
    """A member's answer to the invitation."""

    answer = forms.ChoiceField(
        label=_("Your answer"),
        choices=[
            (Invitation.Answer.ATTENDING, Invitation.Answer.ATTENDING.label),
            (Invitation.Answer.DECLINED, Invitation.Answer.DECLINED.label),
        ],
        widget=forms.RadioSelect,
    )
    delegates = forms.CharField(
        label=_("Delegates"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One name a line."),
    )

    def __init__(self, *args, invitation=None, **kwargs):
        super().__init__(*args, **kwargs)
        if invitation is not None and not self.is_bound:
            if invitation.answer != Invitation.Answer.PENDING:
                self.initial["answer"] = invitation.answer
            self.initial["delegates"] = invitation.delegates
        self.fields["delegates"].widget.attrs["class"] = "form-control"


class MinutesForm(forms.Form):
    minutes = forms.CharField(
        label=_("Minutes"), required=False, widget=forms.Textarea(attrs={"rows": 8})
    )

    def __init__(self, *args, meeting=None, **kwargs):
        super().__init__(*args, **kwargs)
        if meeting is not None and not self.is_bound:
            self.initial["minutes"] = meeting.minutes
        style_fields(self)


class ResolutionForm(forms.Form):
    text = forms.CharField(label=_("Resolution"), widget=forms.Textarea(attrs={"rows": 2}))
    owner = MemberChoiceField(label=_("Owner"), queryset=Procuratorate.objects.none())
    due_date = date_input(_("Due date"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = members()
        style_fields(self)


class ReportForm(forms.Form):
    note = forms.CharField(label=_("Progress"), widget=forms.Textarea(attrs={"rows": 2}))
    done = forms.BooleanField(label=_("Done: the resolution is carried out"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_fields(self)


class DocumentForm(forms.Form):
    upload = forms.FileField(label=_("Document"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_fields(self)
