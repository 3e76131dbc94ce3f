"""Browser forms of joint task forces: they parse input; the services decide."""

from django import forms
from django.utils.translation import gettext_lazy as _

from cases.task_forces.models import TaskForce, TeamRole
from portal.forms import StyledForm, date_input, style_fields
from portal.models import CaseCategory, User

MEMBER_ROWS = 6


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.procuratorate.get_province_display()} · {obj.procuratorate} · {obj}"


class TaskForceForm(StyledForm):
    """The proposal: the team, its case and its members seconded by name."""

    name = forms.CharField(label=_("Name of the task force"), max_length=200)
    category = forms.ChoiceField(label=_("Case category"), choices=CaseCategory.choices)
    case_name = forms.CharField(label=_("Case name"), max_length=200)
    case_number = forms.CharField(label=_("Case number"), max_length=100, required=False)
    purpose = forms.CharField(
        label=_("Purpose"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Why the case needs a joint task force and what it must do."),
    )

    def __init__(self, *args, people=None, **kwargs):
        super().__init__(*args, **kwargs)
        people = people if people is not None else User.objects.none()
        for i in range(MEMBER_ROWS):
            self.fields[f"member_{i}"] = PersonChoiceField(
                label=_("Member %(number)s") % {"number": i + 1},
                queryset=people,
                required=False,
            )
            self.fields[f"role_{i}"] = forms.ChoiceField(
                label=_("Role in the team"), choices=TeamRole.choices, initial=TeamRole.MEMBER
            )
        style_fields(self)

    def member_rows(self):
        """(person field, role field) pairs, for the template."""
        return [(self[f"member_{i}"], self[f"role_{i}"]) for i in range(MEMBER_ROWS)]

    def members(self) -> list[tuple[User, str]]:
        return [
            (self.cleaned_data[f"member_{i}"], self.cleaned_data[f"role_{i}"])
            for i in range(MEMBER_ROWS)
            if self.cleaned_data.get(f"member_{i}")
        ]

    def data_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in ("name", "category", "purpose")}


class DecisionForm(StyledForm):
    comment = forms.CharField(
        label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class MemberForm(StyledForm):
    person = PersonChoiceField(label=_("Prosecutor"), queryset=User.objects.none())
    role = forms.ChoiceField(label=_("Role in the team"), choices=TeamRole.choices)

    def __init__(self, *args, people=None, **kwargs):
        super().__init__(*args, **kwargs)
        if people is not None:
            self.fields["person"].queryset = people


class CaseForm(StyledForm):
    name = forms.CharField(label=_("Case name"), max_length=200)
    number = forms.CharField(label=_("Case number"), max_length=100, required=False)


class TaskForm(StyledForm):
    title = forms.CharField(label=_("Task"), max_length=300)
    assignee = PersonChoiceField(label=_("Assignee"), queryset=User.objects.none())
    due_date = date_input(_("Due date"))

    def __init__(self, *args, task_force: TaskForce | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if task_force is not None:
            self.fields["assignee"].queryset = User.objects.filter(
                task_force_memberships__task_force=task_force,
                task_force_memberships__removed_at__isnull=True,
            ).select_related("procuratorate")


class PostForm(StyledForm):
    body = forms.CharField(label=_("Message"), widget=forms.Textarea(attrs={"rows": 3}))


class DocumentForm(StyledForm):
    upload = forms.FileField(label=_("Document"))


class LinkRequestForm(StyledForm):
    request = forms.ModelChoiceField(label=_("Assistance request"), queryset=None)

    def __init__(self, *args, requests=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["request"].queryset = requests


class CloseForm(StyledForm):
    worked = forms.CharField(label=_("What worked"), widget=forms.Textarea(attrs={"rows": 3}))
    not_worked = forms.CharField(
        label=_("What did not work"), widget=forms.Textarea(attrs={"rows": 3})
    )
