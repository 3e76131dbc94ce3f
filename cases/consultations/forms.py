"""Browser forms of jurisdiction consultations: they parse input; the services decide."""

import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases.consultations.models import Consultation, ConsultationMessage, Position
from cases.requests.forms import ProcuratorateChoiceField
from portal.forms import StyledForm, date_input
from portal.models import CaseCategory, Procuratorate


class ConsultationForm(StyledForm):
    subject = forms.CharField(label=_("Case"), max_length=200)
    case_number = forms.CharField(label=_("Case number"), max_length=100, required=False)
    category = forms.ChoiceField(label=_("Case category"), choices=CaseCategory.choices)
    dispute = forms.ChoiceField(label=_("Dispute"), choices=Consultation.Dispute.choices)
    facts = forms.CharField(label=_("Facts"), widget=forms.Textarea(attrs={"rows": 4}))
    parties = forms.ModelMultipleChoiceField(
        label=_("Procuratorates concerned"),
        queryset=Procuratorate.objects.none(),
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=_("The other procuratorates that claim or decline the case."),
    )
    due_date = date_input(_("Deadline for the decision"))
    position = forms.ChoiceField(
        label=_("Your procuratorate's position"),
        choices=[
            (Position.CLAIMS, Position.CLAIMS.label),
            (Position.DECLINES, Position.DECLINES.label),
        ],
    )
    reasons = forms.CharField(
        label=_("Grounds of your position"), widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        others = Procuratorate.objects.all()
        if user is not None and user.procuratorate_id:
            others = others.exclude(province=user.procuratorate.province)
        self.fields["parties"].queryset = others.order_by("province", "level", "code")
        self.fields["parties"].label_from_instance = lambda p: (
            f"{p.get_province_display()} · {p.name}"
        )
        self.initial.setdefault("due_date", timezone.localdate() + dt.timedelta(days=15))

    def data_fields(self) -> dict:
        names = ("subject", "case_number", "category", "dispute", "facts", "due_date")
        return {name: self.cleaned_data[name] for name in names}


class PositionForm(StyledForm):
    position = forms.ChoiceField(
        label=_("Position"),
        choices=[
            (Position.CLAIMS, Position.CLAIMS.label),
            (Position.DECLINES, Position.DECLINES.label),
        ],
    )
    reasons = forms.CharField(label=_("Grounds"), widget=forms.Textarea(attrs={"rows": 3}))


class ConsultationPostForm(StyledForm):
    kind = forms.ChoiceField(label=_("Kind"), choices=ConsultationMessage.Kind.choices)
    held_on = date_input(_("Meeting date"), required=False)
    body = forms.CharField(label=_("Text"), widget=forms.Textarea(attrs={"rows": 3}))


class ConsultationDecisionForm(StyledForm):
    handling_procuratorate = ProcuratorateChoiceField(
        label=_("Handling procuratorate"), queryset=Procuratorate.objects.none()
    )
    reasons = forms.CharField(
        label=_("Reasons for the decision"), widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, consultation: Consultation | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if consultation is not None:
            self.fields["handling_procuratorate"].queryset = Procuratorate.objects.filter(
                pk__in=[p.procuratorate_id for p in consultation.parties.all()]
            )


class SignoffCommentForm(StyledForm):
    """A step of the decision's sign-off; a return says what to change."""

    comment = forms.CharField(
        label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class ReferralForm(StyledForm):
    """The 请示 to the common superior procuratorate, when the parties could not agree."""

    superior = forms.CharField(
        label=_("Common superior procuratorate"),
        max_length=100,
        initial="最高人民检察院",
        help_text=_(
            "The parties name their common superior procuratorate; by default the Supreme "
            "People's Procuratorate."
        ),
    )
    facts = forms.CharField(label=_("Facts"), widget=forms.Textarea(attrs={"rows": 4}))
    question = forms.CharField(
        label=_("Question asked"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Each party's position is taken from the consultation."),
    )


class DesignationForm(StyledForm):
    """The superior procuratorate's designation (指定管辖), as its reply says."""

    designated_procuratorate = ProcuratorateChoiceField(
        label=_("Designated procuratorate"), queryset=Procuratorate.objects.none()
    )
    reply_number = forms.CharField(label=_("Number of the superior's reply"), max_length=60)
    reply_date = date_input(_("Date of the superior's reply"))

    def __init__(self, *args, consultation: Consultation | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if consultation is not None:
            self.fields["designated_procuratorate"].queryset = Procuratorate.objects.filter(
                pk__in=[p.procuratorate_id for p in consultation.parties.all()]
            )
