"""Browser forms of joint campaigns: they parse input; the services decide."""

import datetime as dt

from django import forms
from django.utils.translation import gettext_lazy as _, pgettext_lazy

from cooperation.campaigns.models import Frequency
from cooperation.meetings.forms import members
from portal.forms import date_input, style_fields
from portal.models import CaseCategory, Procuratorate


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
    arrests_approved = forms.IntegerField(label=_("Persons approved for arrest"), min_value=0)
    persons_prosecuted = forms.IntegerField(label=_("Persons prosecuted"), min_value=0)
    proceeds_recovered = forms.DecimalField(
        label=_("Proceeds recovered (10,000 yuan)"), min_value=0, max_digits=14, decimal_places=2
    )
    work_results = forms.CharField(
        label=_("Results of the work"), required=False, widget=forms.Textarea(attrs={"rows": 3})
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
