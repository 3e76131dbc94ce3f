"""Browser forms of ecological restoration: they parse input; the services decide."""

from django import forms
from django.db.models import F
from django.utils.translation import gettext_lazy as _

from cases.requests.models import AssistanceRequest
from cases.restorations.models import RESTORATION_CATEGORIES, MeasureKind
from portal.forms import style_fields
from portal.models import Procuratorate


class RequestChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.number} {obj.case_name}"


class RestorationForm(forms.Form):
    """A new restoration: on one of the user's requests, or for a case of their own."""

    request = RequestChoiceField(
        label=_("On an assistance request"),
        queryset=AssistanceRequest.objects.none(),
        required=False,
        help_text=_(
            "Leave empty for a case without a request; with a request, the case and the "
            "damage-place procuratorate come from it."
        ),
    )
    case_name = forms.CharField(label=_("Case name"), max_length=200, required=False)
    case_number = forms.CharField(label=_("Case number"), max_length=100, required=False)
    category = forms.ChoiceField(
        label=_("Case category"),
        choices=[(c.value, c.label) for c in RESTORATION_CATEGORIES],
        required=False,
    )
    damage_procuratorate = forms.ModelChoiceField(
        label=_("Damage-place procuratorate"),
        queryset=Procuratorate.objects.order_by(
            "province", F("parent_id").asc(nulls_first=True), "code"
        ),
        required=False,
    )
    damage_place = forms.CharField(label=_("Place of damage"), max_length=200)
    damage_description = forms.CharField(
        label=_("Damage"), widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, requests=None, **kwargs):
        super().__init__(*args, **kwargs)
        if requests is not None:
            self.fields["request"].queryset = requests
        style_fields(self)


class MeasureForm(forms.Form):
    kind = forms.ChoiceField(label=_("Measure"), choices=MeasureKind.choices)
    description = forms.CharField(
        label=_("What is to be done"), widget=forms.Textarea(attrs={"rows": 2})
    )
    location = forms.CharField(label=_("Location"), max_length=200)
    responsible_party = forms.CharField(label=_("Responsible party"), max_length=200)
    deadline = forms.DateField(
        label=_("Deadline"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_fields(self)


class StepForm(forms.Form):
    comment = forms.CharField(label=_("Comment"), required=False, max_length=2000)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_fields(self)


class EvidenceForm(forms.Form):
    upload = forms.FileField(label=_("Evidence (photo, report)"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_fields(self)
