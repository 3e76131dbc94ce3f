"""What each of the eight request types asks for, like the annex forms of a European
Investigation Order: one details form per type, which fields identify a person, which are
sensitive (always, or in the categories of case where the law protects witnesses), and whether
the two sides agree a time slot."""

import datetime as dt
import re
from dataclasses import dataclass, field

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from cases.requests.models import RequestType
from portal.masking import REMOVED, masked_address, masked_name, masked_number
from portal.models import CaseCategory

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
ID_NUMBER = re.compile(r"^\d{17}[\dXx]$")


def validate_id_number(value: str) -> None:
    """A resident identity number: 18 characters, the last a digit or X, with its checksum."""
    if not ID_NUMBER.match(value):
        raise ValidationError(
            _("Enter an 18-character identity number (digits, the last may be X)."),
            code="id_number",
        )
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    check = "10X98765432"[sum(int(d) * w for d, w in zip(value[:17], weights, strict=True)) % 11]
    if value[17].upper() != check:
        raise ValidationError(
            _("This identity number's check digit is wrong; please check it."), code="id_number"
        )


def id_number_field(label):
    return forms.CharField(
        label=label, required=False, max_length=18, validators=[validate_id_number]
    )


def text(label, required=True, **kwargs):
    return forms.CharField(label=label, required=required, max_length=200, **kwargs)


def long_text(label, required=True):
    return forms.CharField(label=label, required=required, widget=forms.Textarea(attrs={"rows": 3}))


class RemoteInterrogationForm(forms.Form):
    suspect_name = text(_("Suspect's name"))
    suspect_id_number = id_number_field(_("Suspect's identity number"))
    detention_place = text(_("Place of detention"))
    questions = long_text(_("Questions or topics"))
    video_link = forms.BooleanField(
        label=_("Needs a video-linked interrogation room"), required=False
    )


class WitnessQuestioningForm(forms.Form):
    witness_name = text(_("Witness's name"))
    witness_id_number = id_number_field(_("Witness's identity number"))
    witness_address = text(_("Where the witness can be found"))
    questions = long_text(_("Questions or topics"))
    video_link = forms.BooleanField(label=_("Needs a video link"), required=False)


class EvidenceGatheringForm(forms.Form):
    evidence_sought = long_text(_("Evidence sought"))
    evidence_location = text(_("Where the evidence is"))
    method = text(_("Suggested method"), required=False)


class ProcuratorialSuggestionForm(forms.Form):
    addressee_unit = text(_("Unit the suggestion is addressed to"))
    problems_found = long_text(_("Problems found"))
    suggested_measures = long_text(_("Suggested measures"))


class JuvenileEducationForm(forms.Form):
    juvenile_name = text(_("Juvenile's name"))
    juvenile_id_number = id_number_field(_("Juvenile's identity number"))
    guardian_name = text(_("Guardian's name"))
    guardian_phone = text(_("Guardian's phone"))
    residence = text(_("Place of residence"))
    education_plan = long_text(_("Assistance-education plan"))


class ProbationSupervisionForm(forms.Form):
    person_name = text(_("Name of the person on probation"))
    person_id_number = id_number_field(_("Identity number"))
    judgment = text(_("Judgment (court and number)"))
    probation_start = forms.DateField(label=_("Probation starts"), widget=DATE)
    probation_end = forms.DateField(label=_("Probation ends"), widget=DATE)
    residence = text(_("Place of residence"))

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("probation_start"), cleaned.get("probation_end")
        if start and end and end <= start:
            self.add_error("probation_end", _("The probation must end after it starts."))
        return cleaned


class InformationQueryForm(forms.Form):
    query_subject = text(_("Person or entity queried"))
    query_content = long_text(_("Information sought"))
    purpose = text(_("Purpose of the query"))


class EcologicalRestorationForm(forms.Form):
    damage_place = text(_("Place of the damage"))
    damage_description = long_text(_("Damage"))
    proposed_measures = long_text(_("Restoration measures proposed"))


# The categories of case in which the law protects witnesses, their names and addresses among
# what is kept from those who need not know them (刑事诉讼法 art. 64: crimes of terrorism, of
# organised crime of a mafia nature and drug crimes; crimes against state security are not
# among the portal's categories).
WITNESS_PROTECTION_CATEGORIES = frozenset(
    {CaseCategory.VIOLENT_TERRORISM, CaseCategory.ORGANIZED_CRIME, CaseCategory.DRUGS}
)


@dataclass(frozen=True)
class TypeSpec:
    """How one request type is filled in and shown.

    `sensitive_fields` are masked for everyone but the handlers in every request of the type;
    `protected_fields` only in requests of a category where witnesses are protected.
    """

    form: type[forms.Form]
    person_field: str = ""
    sensitive_fields: frozenset[str] = field(default_factory=frozenset)
    has_slots: bool = False
    protected_fields: frozenset[str] = field(default_factory=frozenset)


SPECS: dict[str, TypeSpec] = {
    RequestType.REMOTE_INTERROGATION: TypeSpec(
        RemoteInterrogationForm, "suspect_name", frozenset({"suspect_id_number"}), has_slots=True
    ),
    RequestType.WITNESS_QUESTIONING: TypeSpec(
        WitnessQuestioningForm,
        "witness_name",
        frozenset({"witness_id_number"}),
        has_slots=True,
        protected_fields=frozenset({"witness_name", "witness_address"}),
    ),
    RequestType.EVIDENCE_GATHERING: TypeSpec(EvidenceGatheringForm),
    RequestType.PROCURATORIAL_SUGGESTION: TypeSpec(ProcuratorialSuggestionForm, "addressee_unit"),
    RequestType.JUVENILE_EDUCATION: TypeSpec(
        JuvenileEducationForm,
        "juvenile_name",
        # A juvenile is known by the guardian and the home as well as by name.
        frozenset(
            {"juvenile_id_number", "juvenile_name", "guardian_name", "guardian_phone", "residence"}
        ),
    ),
    RequestType.PROBATION_SUPERVISION: TypeSpec(
        ProbationSupervisionForm, "person_name", frozenset({"person_id_number"})
    ),
    RequestType.INFORMATION_QUERY: TypeSpec(InformationQueryForm, "query_subject"),
    RequestType.ECOLOGICAL_RESTORATION: TypeSpec(EcologicalRestorationForm, "damage_place"),
}


def sensitive_fields(request_type: str, category: str) -> frozenset[str]:
    """The details of a request of this type and category that only its handlers see."""
    spec = SPECS[request_type]
    if category in WITNESS_PROTECTION_CATEGORIES:
        return spec.sensitive_fields | spec.protected_fields
    return spec.sensitive_fields


# Details that hold an address: masked below the city (甘肃省兰州市××区××路××号).
ADDRESS_FIELDS = frozenset({"witness_address", "residence"})


def mask(key: str, value) -> str:
    """Mask a sensitive value: names keep the surname (张某某), addresses the province and
    city, numbers both ends (138****5678)."""
    value = str(value or "")
    if not value:
        return ""
    if key.endswith("_name"):
        return masked_name(value)
    if key in ADDRESS_FIELDS:
        masked = masked_address(value)
        # Nothing below a city to hide (or no address at all): hide it whole.
        return masked if masked != value else REMOVED
    return masked_number(value)


def clean_details(request_type: str, data) -> dict:
    """Validate the type-specific details; a wrong or missing field is named in the error."""
    form = SPECS[request_type].form(data=data)
    if not form.is_valid():
        raise ValidationError(form.errors.as_data())
    return {
        key: value.isoformat() if isinstance(value, dt.date) else value
        for key, value in form.cleaned_data.items()
    }


def details_display(
    request_type: str, details: dict, *, category: str, reveal: bool
) -> list[tuple[str, str]]:
    """(label, value) pairs of the details; sensitive ones masked unless `reveal`."""
    spec = SPECS[request_type]
    sensitive = sensitive_fields(request_type, category)
    rows = []
    for name, form_field in spec.form.base_fields.items():
        value = details.get(name, "")
        if isinstance(form_field, forms.BooleanField):
            value = _("Yes") if value else _("No")
        elif name in sensitive and not reveal:
            value = mask(name, value)
        rows.append((form_field.label, value))
    return rows


def person_label(request_type: str, details: dict, *, category: str, reveal: bool) -> str:
    """The person or thing the request is about, masked where sensitive."""
    spec = SPECS[request_type]
    if not spec.person_field:
        return ""
    value = details.get(spec.person_field, "")
    return (
        value
        if reveal or spec.person_field not in sensitive_fields(request_type, category)
        else mask(spec.person_field, value)
    )


def mask_details(details, *, request_type: str, category: str, reveal: bool):
    """A details dict (as stored, or as kept in a timeline change) masked unless `reveal`."""
    if reveal or not isinstance(details, dict):
        return details
    sensitive = sensitive_fields(request_type, category)
    return {key: mask(key, value) if key in sensitive else value for key, value in details.items()}
