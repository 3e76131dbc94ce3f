"""Browser forms of the chair rotation: they parse input; the services decide."""

from django import forms
from django.utils.translation import gettext_lazy as _

from portal.forms import style_fields


class SwapForm(forms.Form):
    """An administrator records that two future years trade chairs."""

    year_a = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2200)
    year_b = forms.IntegerField(label=_("Swapped with year"), min_value=2000, max_value=2200)
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_fields(self)
