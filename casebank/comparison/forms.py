"""The sentencing comparison's form: a charge, optionally a category and a range of years."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.models import CaseCategory

FIRST_YEAR = 1997  # the Criminal Law in force, as revised in 1997


class ComparisonForm(forms.Form):
    """What to compare; read from the query string, so a comparison can be linked to."""

    charge = forms.CharField(
        label=_("Charge"),
        max_length=100,
        help_text=_("Type or pick a charge found in the library, e.g. 非法吸收公众存款罪."),
        widget=forms.TextInput(attrs={"list": "charge-options", "autocomplete": "off"}),
    )
    category = forms.ChoiceField(
        label=_("Case category"),
        required=False,
        choices=[("", _("All categories")), *CaseCategory.choices],
    )
    year_from = forms.IntegerField(label=_("Judged from (year)"), required=False)
    year_to = forms.IntegerField(label=_("Judged to (year)"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The bounds move with the calendar, so the fields are made afresh for each form.
        for name in ("year_from", "year_to"):
            self.fields[name] = forms.IntegerField(
                label=self.fields[name].label,
                required=False,
                min_value=FIRST_YEAR,
                max_value=timezone.localdate().year,
                widget=forms.NumberInput(attrs={"placeholder": _("any")}),
            )

    def clean_charge(self):
        return self.cleaned_data["charge"].strip()

    def clean(self):
        cleaned = super().clean()
        year_from, year_to = cleaned.get("year_from"), cleaned.get("year_to")
        if year_from and year_to and year_from > year_to:
            self.add_error(
                "year_to",
                _("The last year (%(to)s) comes before the first (%(from)s): swap them.")
                % {"to": year_to, "from": year_from},
            )
        return cleaned
