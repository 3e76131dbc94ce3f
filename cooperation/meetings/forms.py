"""Browser forms of the liaison mechanism: they parse input; the services decide."""

import datetime as dt

from django import forms
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _, pgettext_lazy

from cooperation.models import Frequency, Invitation
from portal.forms import date_input, style_fields
from portal.models import CaseCategory, Procuratorate, Province

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


class SwapForm(forms.Form):
    """An administrator records that two future years trade chairs."""

    year_a = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2200)
    year_b = forms.IntegerField(label=_("Swapped with year"), min_value=2000, max_value=2200)
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_fields(self)


class SymposiumForm(forms.Form):
    """A convener's new symposium: neighbours of other provinces first, then its own."""

    title = forms.CharField(label=pgettext_lazy("subject", "Title"), max_length=200)
    held_on = date_input(_("Date"))
    venue = forms.CharField(label=_("Venue"), max_length=200)
    participants = forms.ModelMultipleChoiceField(
        label=_("Participating procuratorates"),
        queryset=Procuratorate.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("At least one procuratorate of another province."),
        error_messages={"required": _("Invite at least one procuratorate of another province.")},
    )

    def __init__(self, *args, convener, **kwargs):
        super().__init__(*args, **kwargs)
        self.convener = convener
        self.fields["participants"].queryset = (
            Procuratorate.objects.exclude(level=Procuratorate.Level.PROVINCIAL)
            .exclude(pk=convener.pk)
            .order_by("province", F("parent_id").asc(nulls_first=True), "code")
        )
        if not self.is_bound:
            self.initial.setdefault("held_on", timezone.localdate() + dt.timedelta(days=14))
        for name in ("title", "held_on", "venue"):
            self.fields[name].widget.attrs.setdefault("class", "form-control")

    def participant_groups(self):
        """(province label, [(pk, name, checked)]): other provinces first, the convener's last."""
        chosen = {str(value) for value in (self["participants"].value() or [])}
        groups: dict[str, list] = {}
        for procuratorate in self.fields["participants"].queryset:
            groups.setdefault(procuratorate.province, []).append(
                (procuratorate.pk, procuratorate.name, str(procuratorate.pk) in chosen)
            )
        own = self.convener.province
        order = sorted(groups, key=lambda code: (code == own, Province.values.index(code)))
        return [(Province(code).label, code == own, groups[code]) for code in order]


class AgreementForm(forms.Form):
    agreement = forms.CharField(
        label=_("Agreement reached"), required=False, widget=forms.Textarea(attrs={"rows": 5})
    )

    def __init__(self, *args, symposium=None, **kwargs):
        super().__init__(*args, **kwargs)
        if symposium is not None and not self.is_bound:
            self.initial["agreement"] = symposium.agreement
        style_fields(self)


class FollowUpForm(forms.Form):
    text = forms.CharField(label=_("Follow-up item"), widget=forms.Textarea(attrs={"rows": 2}))
    owner = forms.ModelChoiceField(label=_("Owner"), queryset=Procuratorate.objects.none())
    due_date = date_input(_("Due date"), required=False)

    def __init__(self, *args, symposium, **kwargs):
        super().__init__(*args, **kwargs)
        # The participants are prefetched with the symposium: no query for the choices.
        offer(self.fields["owner"], [p.procuratorate for p in symposium.participants.all()])
        style_fields(self)


class DocumentForm(forms.Form):
    upload = forms.FileField(label=_("Document"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_fields(self)


# Joint campaigns.


class CampaignForm(forms.Form):
    """A new joint campaign; the organiser is the user's member procuratorate."""

    title = forms.CharField(label=pgettext_lazy("subject", "Title"), max_length=200)
    category = forms.ChoiceField(label=_("Case category"), choices=CaseCategory.choices)
    starts_on = date_input(_("Starts on"))
    ends_on = date_input(_("Ends on"))
    frequency = forms.ChoiceField(
        label=_("Reporting frequency"), choices=Frequency.choices, initial=Frequency.MONTHLY
    )
    goals = forms.CharField(label=_("Goals"), widget=forms.Textarea(attrs={"rows": 4}))
    participants = forms.ModelMultipleChoiceField(
        label=_("Participating members"),
        queryset=Procuratorate.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Your procuratorate takes part; choose the other members."),
        error_messages={"required": _("Choose at least one procuratorate of another province.")},
    )

    def __init__(self, *args, organiser, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["participants"].queryset = members().exclude(pk=organiser.pk)
        style_fields(self)
        self.fields["participants"].widget.attrs["class"] = "form-check-input"


class CampaignReportForm(forms.Form):
    """A participant's results for one period (and, for a correction, why)."""

    procuratorate = forms.TypedChoiceField(label=_("Reporting procuratorate"), coerce=int)
    period_start = forms.TypedChoiceField(
        label=_("Period"), coerce=dt.date.fromisoformat, empty_value=None
    )
    cases_filed = forms.IntegerField(label=_("Cases filed"), min_value=0)
    persons_prosecuted = forms.IntegerField(label=_("Persons prosecuted"), min_value=0)
    assets_recovered = forms.DecimalField(
        label=_("Assets recovered (10,000 yuan)"), min_value=0, max_digits=14, decimal_places=2
    )
    note = forms.CharField(
        label=_("Remarks"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    reason = forms.CharField(
        label=_("Reason for the correction"),
        required=False,
        help_text=_("Only when you correct figures already reported."),
    )

    def __init__(self, *args, reporters, periods, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["procuratorate"].choices = [(p.pk, p.name) for p in reporters]
        if len(reporters) == 1:
            self.fields["procuratorate"].widget = forms.HiddenInput()
            self.initial.setdefault("procuratorate", reporters[0].pk)
        self.fields["period_start"].choices = [(p.start.isoformat(), p.label) for p in periods]
        if periods:
            self.initial.setdefault("period_start", periods[-1].start.isoformat())
        style_fields(self)
