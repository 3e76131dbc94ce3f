"""Forms of the typical-case library: the case with its defendants, and the review steps."""

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from casebank.library.models import CaseStatus, DefendantOutcome, TypicalCase
from portal.forms import style_fields

# Keywords and charges are typed in one box, separated by Chinese or Latin commas or spaces.
LIST_SEPARATORS = re.compile(r"[、，,；;\s]+")


class ListField(forms.CharField):
    """A list of short terms typed in one box: 非法集资、集资诈骗."""

    def prepare_value(self, value):
        return "、".join(value) if isinstance(value, list | tuple) else value

    def to_python(self, value):
        text = super().to_python(value)
        return list(dict.fromkeys(term for term in LIST_SEPARATORS.split(text) if term))


class CaseForm(forms.ModelForm):
    keywords = ListField(
        label=_("Keywords"), required=False, help_text=_("Separate them with 、 or commas.")
    )
    charges = ListField(
        label=_("Charges"),
        required=False,
        help_text=_("The charges of the case; those of the defendants below are added."),
    )

    class Meta:
        model = TypicalCase
        fields = [
            "title", "category", "decided_on", "keywords", "charges", "key_points", "facts",
            "handling", "significance", "legal_provisions", "other_names", "sealed",
        ]  # fmt: skip
        widgets = {
            "decided_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "key_points": forms.Textarea(attrs={"rows": 3}),
            "facts": forms.Textarea(attrs={"rows": 6}),
            "handling": forms.Textarea(attrs={"rows": 5}),
            "significance": forms.Textarea(attrs={"rows": 4}),
            "legal_provisions": forms.Textarea(attrs={"rows": 3}),
            "other_names": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, revising=False, **kwargs):
        super().__init__(*args, **kwargs)
        if revising:
            # A published case holds no real names any more.
            del self.fields["other_names"]
            del self.fields["sealed"]  # sealing a shared case is a step of its own
            self.fields["note"] = forms.CharField(
                label=_("What changed"), widget=forms.Textarea(attrs={"rows": 2})
            )
        style_fields(self)


class OutcomeForm(forms.ModelForm):
    class Meta:
        model = DefendantOutcome
        fields = [
            "defendant", "charge", "sentence_type", "term_months", "suspended",
            "probation_months", "fine_yuan", "non_prosecution", "plea_leniency",
            "recommendation", "recommendation_adopted",
        ]  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_fields(self)


OutcomeFormSet = forms.formset_factory(
    OutcomeForm, extra=1, can_delete=True, min_num=0, max_num=50, validate_max=True
)


def outcome_formset(data=None, case: TypicalCase | None = None):
    """The defendants' rows of a case form, filled from the case when there is one."""
    initial = (
        [
            {field: getattr(outcome, field) for field in OutcomeForm.Meta.fields}
            for outcome in case.outcomes.all()
        ]
        if case
        else None
    )
    return OutcomeFormSet(data, prefix="outcomes", initial=initial)


def cleaned_outcomes(formset) -> list[dict]:
    """The rows the user filled in and did not delete."""
    return [
        {key: value for key, value in form.cleaned_data.items() if key != "DELETE"}
        for form in formset.forms
        if form.has_changed() and not form.cleaned_data.get("DELETE")
    ]


class SubmitForm(forms.Form):
    confirmed = forms.BooleanField(
        label=_(
            "I have checked what will be shared: no name of a natural person and no identity "
            "number is left."
        ),
        required=True,
        error_messages={"required": _("Confirm what will be shared before submitting.")},
        widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
    )


class CommentForm(forms.Form):
    """The reviewer's comments (return) or the reason (withdraw)."""

    comment = forms.CharField(
        label=_("Comments"), widget=forms.Textarea(attrs={"rows": 3, "class": "form-control"})
    )


class MineFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Any status")), *CaseStatus.choices],
        widget=forms.Select(attrs={"class": "form-select"}),
    )
