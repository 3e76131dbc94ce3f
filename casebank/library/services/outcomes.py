"""A case's defendants' outcomes as a form or a client sends them, checked row by row."""

from django.core.exceptions import ValidationError

from casebank.library.models import DefendantOutcome
from casebank.library.sentencing import case_outcome_errors

OUTCOME_FIELDS = [
    "defendant", "charge", "sentence_type", "term_months", "suspended", "probation_months",
    "fine_yuan", "non_prosecution", "plea_leniency", "recommendation", "recommendation_adopted",
]  # fmt: skip
# Outcome fields a form or client may leave out, and what leaving them out means.
OUTCOME_DEFAULTS = {
    "suspended": False,
    "plea_leniency": False,
    "non_prosecution": "",
    "recommendation": "",
    "recommendation_adopted": "",
}


def clean_outcomes(outcomes: list[dict], *, category: str) -> list[DefendantOutcome]:
    """Outcome rows checked one by one against the law, then against the case's category; the
    error names the defendant's row and field."""
    rows, errors = [], {}
    for position, data in enumerate(outcomes):
        values = {f: data.get(f) for f in OUTCOME_FIELDS}
        for field, default in OUTCOME_DEFAULTS.items():
            values[field] = values[field] or default
        row = DefendantOutcome(position=position, **values)
        try:
            row.full_clean(exclude=["case"])
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                errors[f"outcomes-{position}-{field}"] = messages
        rows.append(row)
    for key, message in case_outcome_errors(category, rows).items():
        errors.setdefault(key, [message])
    if errors:
        raise ValidationError(errors)
    return rows
