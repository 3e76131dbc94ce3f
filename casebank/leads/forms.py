"""The public form of case leads, with its guards against robots (no outside service).

- a honeypot field, hidden from people (and from screen readers), that robots fill in;
- a signed timestamp of when the form was shown: a form sent within `MIN_FILL_SECONDS` was
  not filled in by a person, and one older than `MAX_FORM_AGE` is shown again to be resent;
- a one-time nonce in the same token: each form shown sends one lead (the service refuses a
  token already used), so a copied form cannot be posted again and again.
The limit per network address is the service's (`casebank.leads.services`).
"""

import secrets
import time

from django import forms
from django.core import signing
from django.utils.translation import gettext_lazy as _

from portal.models import Procuratorate, Province

MIN_FILL_SECONDS = 5
MAX_FORM_AGE = 6 * 60 * 60
SIGNING_SALT = "casebank.lead-form"
HONEYPOT = "homepage"


def form_token() -> str:
    """A signed token holding the time the form is shown and a one-time nonce."""
    value = f"{int(time.time())}:{secrets.token_urlsafe(16)}"
    return signing.TimestampSigner(salt=SIGNING_SALT).sign(value)


class CaseLeadForm(forms.Form):
    """A lead from the public: where it goes, what happened, and optionally who sends it."""

    province = forms.ChoiceField(
        label=_("Send to"),
        choices=Province.choices,
        help_text=_("The provincial procuratorate where what you report happened."),
    )
    subject = forms.CharField(
        label=_("Subject"),
        max_length=200,
        help_text=_("In a few words, e.g. 某村河道旁有人非法采砂."),
    )
    content = forms.CharField(
        label=_("What happened"),
        min_length=20,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Who did what, when, and how you know it. At least 20 characters."),
    )
    place = forms.CharField(
        label=_("Where"), max_length=200, required=False, help_text=_("Place, county, city.")
    )
    reporter_name = forms.CharField(
        label=_("Your name (optional)"),
        max_length=50,
        required=False,
        help_text=_("You may send a lead without giving your name."),
    )
    reporter_contact = forms.CharField(
        label=_("How to reach you (optional)"),
        max_length=100,
        required=False,
        help_text=_("A telephone number or an e-mail address, if the procuratorate may call you."),
    )
    # Robots fill every field; people never see this one.
    homepage = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )
    issued = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The procuratorates by their full names, in the members' order; the value is the
        # province, which the service routes to its provincial procuratorate.
        order = {code: index for index, code in enumerate(Province.values)}
        members = sorted(
            Procuratorate.objects.filter(level=Procuratorate.Level.PROVINCIAL),
            key=lambda member: order.get(member.province, len(order)),
        )
        self.fields["province"].choices = [
            ("", _("Choose a procuratorate")),
            *((member.province, member.name) for member in members),
        ]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get(HONEYPOT):
            raise forms.ValidationError(
                _("Your lead could not be accepted. Please send it again."), code="bot"
            )
        try:
            shown, _colon, nonce = (
                signing.TimestampSigner(salt=SIGNING_SALT)
                .unsign(cleaned.get("issued") or "", max_age=MAX_FORM_AGE)
                .partition(":")
            )
            shown_at = int(shown)
            if not nonce:
                raise ValueError("a token without its nonce")
        except signing.SignatureExpired:
            raise forms.ValidationError(
                _("The form was open too long. Please check your lead and send it again."),
                code="expired",
            ) from None
        except (signing.BadSignature, ValueError):
            raise forms.ValidationError(
                _("Your lead could not be accepted. Please send it again."), code="bot"
            ) from None
        if time.time() - shown_at < MIN_FILL_SECONDS:
            raise forms.ValidationError(
                _("The form was sent too quickly. Please check your lead and send it again."),
                code="too_fast",
            )
        cleaned["form_nonce"] = nonce
        return cleaned
