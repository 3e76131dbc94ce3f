"""Browser forms of symposiums: they parse input; the services decide."""

import datetime as dt

from django import forms
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _, pgettext_lazy

from cooperation.meetings.forms import offer
from portal.forms import date_input, style_fields
from portal.models import Procuratorate, Province


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
