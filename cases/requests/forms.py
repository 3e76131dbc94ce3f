"""Browser forms of assistance requests: they parse input; the services decide."""

import datetime as dt

from django import forms
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases.requests.models import (
    AssistanceRequest,
    Completion,
    Letter,
    RequestType,
    ReturnReason,
    Status,
    Supplement,
)
from cases.requests.selectors import handler_choices
from cases.requests.services import sent_letters, slot_errors
from portal.forms import style_fields
from portal.models import CaseCategory, Procuratorate, Province
from portal.scope import subtree_ids

SLOT_COUNT = 3


class ProcuratorateChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.get_province_display()} · {obj.name}"


class RequestForm(forms.ModelForm):
    """The fields every request has, whatever its type."""

    requested_procuratorate = ProcuratorateChoiceField(
        label=_("Requested procuratorate"),
        queryset=Procuratorate.objects.none(),
        help_text=_("A provincial procuratorate receives by default; its liaison forwards."),
    )

    class Meta:
        model = AssistanceRequest
        fields = [
            "requested_procuratorate", "urgency", "due_date", "case_name", "case_number",
            "category", "legal_basis", "description", "contact_person", "contact_phone",
            "needs_venue", "needs_equipment", "needs_coordination",
        ]  # fmt: skip
        help_texts = {
            "urgency": _(
                "The letter is marked 加急 (urgent) or 特急 (very urgent). The portal handles "
                "no classified matters: never enter state secrets or classified facts."
            ),
        }
        widgets = {
            "due_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "legal_basis": forms.Textarea(attrs={"rows": 2}),
            "description": forms.Textarea(attrs={"rows": 4}),
        }

    # How the page groups the fields.
    CASE_FIELDS = ["case_name", "case_number", "category", "legal_basis", "description"]
    RECIPIENT_FIELDS = [
        "requested_procuratorate", "urgency", "due_date", "contact_person", "contact_phone",
    ]  # fmt: skip
    NEEDS_FIELDS = ["needs_venue", "needs_equipment", "needs_coordination"]

    def section(self, names):
        return [self[name] for name in names]

    def case_fields(self):
        return self.section(self.CASE_FIELDS)

    def recipient_fields(self):
        return self.section(self.RECIPIENT_FIELDS)

    def needs_fields(self):
        return self.section(self.NEEDS_FIELDS)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        own_province = user.procuratorate.province if user.procuratorate_id else None
        # Each province's own procuratorate first: it receives by default.
        self.fields["requested_procuratorate"].queryset = Procuratorate.objects.exclude(
            province=own_province
        ).order_by("province", F("parent_id").asc(nulls_first=True), "code")
        if not self.is_bound and not self.instance.pk:
            self.initial.setdefault("due_date", timezone.localdate() + dt.timedelta(days=30))
            self.initial.setdefault("contact_person", user.get_full_name())
            self.initial.setdefault("contact_phone", user.phone)
        for field in self.fields.values():
            css = (
                "form-check-input"
                if isinstance(field.widget, forms.CheckboxInput)
                else "form-control"
            )
            if isinstance(field.widget, forms.Select):
                css = "form-select"
            field.widget.attrs.setdefault("class", css)


class SlotsForm(forms.Form):
    """Up to three proposed time slots (Beijing time)."""

    def __init__(self, *args, initial_slots=(), **kwargs):
        super().__init__(*args, **kwargs)
        widget = {"type": "datetime-local", "class": "form-control"}
        for i in range(1, SLOT_COUNT + 1):
            self.fields[f"slot{i}_start"] = forms.DateTimeField(
                label=_("Slot %(n)s starts") % {"n": i},
                required=False,
                widget=forms.DateTimeInput(attrs=widget, format="%Y-%m-%dT%H:%M"),
            )
            self.fields[f"slot{i}_end"] = forms.DateTimeField(
                label=_("Slot %(n)s ends") % {"n": i},
                required=False,
                widget=forms.DateTimeInput(attrs=widget, format="%Y-%m-%dT%H:%M"),
            )
        for i, slot in enumerate(initial_slots, start=1):
            self.initial[f"slot{i}_start"] = timezone.localtime(slot.starts_at)
            self.initial[f"slot{i}_end"] = timezone.localtime(slot.ends_at)

    def clean(self):
        cleaned = super().clean()
        for problem in slot_errors(self.slots(), required=True):
            self.add_error(None, problem)
        return cleaned

    def slots(self):
        return [
            (self.cleaned_data.get(f"slot{i}_start"), self.cleaned_data.get(f"slot{i}_end"))
            for i in range(1, SLOT_COUNT + 1)
        ]


class RequestFilterForm(forms.Form):
    """The filters above the sent and received lists."""

    q = forms.CharField(label=_("Document number or case name"), required=False)
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("Any status")), *Status.choices]
    )
    request_type = forms.ChoiceField(
        label=_("Type"), required=False, choices=[("", _("Any type")), *RequestType.choices]
    )
    province = forms.ChoiceField(
        label=_("Counterpart province"),
        required=False,
        choices=[("", _("Any province")), *Province.choices],
    )
    category = forms.ChoiceField(
        label=_("Category"),
        required=False,
        choices=[("", _("Any category")), *CaseCategory.choices],
    )
    overdue = forms.BooleanField(label=_("Overdue only"), required=False)


# One small form per action; `service_kwargs` turns it into the service's arguments.


class CommentForm(forms.Form):
    comment = forms.CharField(
        label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, request_obj=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.request_obj = request_obj

    def service_kwargs(self) -> dict:
        return dict(self.cleaned_data)


class ReturnForm(CommentForm):
    reason = forms.ChoiceField(label=_("Reason"), choices=ReturnReason.choices)


class ForwardForm(CommentForm):
    target = ProcuratorateChoiceField(label=_("Forward to"), queryset=Procuratorate.objects.none())

    def __init__(self, *args, request_obj=None, **kwargs):
        super().__init__(*args, request_obj=request_obj, **kwargs)
        if request_obj is not None:
            below = subtree_ids(request_obj.requested_procuratorate)
            self.fields["target"].queryset = Procuratorate.objects.filter(pk__in=below).exclude(
                pk=request_obj.requested_procuratorate_id
            )


class AssignForm(CommentForm):
    handler = forms.ModelChoiceField(label=_("Handler"), queryset=Procuratorate.objects.none())

    def __init__(self, *args, request_obj=None, **kwargs):
        super().__init__(*args, request_obj=request_obj, **kwargs)
        if request_obj is not None:
            self.fields["handler"].queryset = handler_choices(request_obj)


class AgreeSlotForm(CommentForm):
    slot = forms.ModelChoiceField(label=_("Time slot"), queryset=Procuratorate.objects.none())
    venue = forms.CharField(label=_("Venue"), max_length=200)
    equipment = forms.CharField(label=_("Equipment"), max_length=200, required=False)

    def __init__(self, *args, request_obj=None, **kwargs):
        super().__init__(*args, request_obj=request_obj, **kwargs)
        if request_obj is not None:
            self.fields["slot"].queryset = request_obj.proposed_slots.all()


class AskExtensionForm(CommentForm):
    proposed_due_date = forms.DateField(
        label=_("New due date"), widget=forms.DateInput(attrs={"type": "date"})
    )


class DecideExtensionForm(CommentForm):
    approve = forms.TypedChoiceField(
        label=_("Decision"),
        coerce=lambda value: value == "yes",
        choices=[("yes", _("Approve")), ("no", _("Decline"))],
    )


class CompleteForm(CommentForm):
    result = forms.CharField(label=_("Result"), widget=forms.Textarea(attrs={"rows": 3}))
    completion = forms.ChoiceField(label=_("Completion"), choices=Completion.choices)
    upload = forms.FileField(label=_("Reply document"), required=False)


class MessageForm(CommentForm):
    comment = forms.CharField(label=_("Message"), widget=forms.Textarea(attrs={"rows": 2}))


class AttachForm(CommentForm):
    upload = forms.FileField(label=_("Document"))


class LetterChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.get_kind_display()} {obj.number}"


class SupplementForm(CommentForm):
    """A 补充函 or 更正函: its kind, the letter it refers to, its text."""

    comment = None
    kind = forms.ChoiceField(label=_("Kind"), choices=Supplement.Kind.choices)
    refers_to = LetterChoiceField(
        label=_("Letter referred to"),
        queryset=Letter.objects.none(),
        required=False,
        help_text=_(
            "A correction names the letter it corrects; a supplementary letter refers to the "
            "request letter unless you choose another."
        ),
    )
    body = forms.CharField(
        label=_("Text"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("What is added or corrected; the letter's opening and closing are printed."),
    )

    def __init__(self, *args, request_obj=None, **kwargs):
        super().__init__(*args, request_obj=request_obj, **kwargs)
        if request_obj is not None:
            self.fields["refers_to"].queryset = sent_letters(request_obj).order_by("created_at")

    def service_kwargs(self) -> dict:
        return {**self.cleaned_data, "comment": ""}


ACTION_FORMS = {
    "return": ReturnForm,
    "forward": ForwardForm,
    "assign": AssignForm,
    "agree_slot": AgreeSlotForm,
    "ask_extension": AskExtensionForm,
    "decide_extension": DecideExtensionForm,
    "complete": CompleteForm,
    "message": MessageForm,
    "note": MessageForm,
    "attach": AttachForm,
    "draft_supplement": SupplementForm,
}


def action_form_class(action: str) -> type[CommentForm]:
    """The form class of one action (a comment alone for the one-click steps)."""
    return ACTION_FORMS.get(action, CommentForm)


def action_form(action: str, *args, request_obj, **kwargs) -> CommentForm:
    """The form of one action, bound or not."""
    return style_fields(action_form_class(action)(*args, request_obj=request_obj, **kwargs))


def supplement_form(action: str, *args, supplement, **kwargs) -> CommentForm:
    """The form of a step of a supplementary or correction letter (the draft's own fields to
    change it, a comment otherwise)."""
    if action != "edit":
        return style_fields(CommentForm(*args, **kwargs))
    initial = {
        "kind": supplement.kind,
        "refers_to": supplement.refers_to_id,
        "body": supplement.body,
    }
    form = SupplementForm(*args, request_obj=supplement.request, initial=initial, **kwargs)
    return style_fields(form)
