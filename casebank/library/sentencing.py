"""What the law allows an outcome to say: the one place the sentencing checks live.

`outcome_errors` reads one defendant's outcome against the Criminal Law (刑法 Art. 37, 38, 42,
45, 69, 72, 73) and the Criminal Procedure Law (刑诉法 Art. 176); `case_outcome_errors` reads
the outcomes against their case (刑诉法 Art. 282). The juvenile category also holds adults'
crimes against minors, so an offender's age (Art. 49) is not known and not checked. The
model's `clean()` calls the first, so the form, the API (through the services) and the demo
all meet the same rules;
the database's constraints hold the structure (which sentence carries a term, what goes with
a decision not to prosecute), not these ranges, so that rows written before the checks stay
loadable.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class TermLimits:
    """The lawful range of a term in months, combined punishment (数罪并罚, Art. 69) included."""

    shortest: int
    longest: int
    message: str


# 刑法 Art. 45 (有期徒刑 six months to fifteen years), Art. 42 (拘役 one to six months),
# Art. 38 (管制 three months to two years); Art. 69 lifts them to 25 years, 1 year and 3 years.
TERM_LIMITS = {
    "imprisonment": TermLimits(
        6,
        300,
        _(
            "Under Articles 45 and 69 of the Criminal Law, fixed-term imprisonment is from six "
            "months to fifteen years, and at most twenty-five years in combined punishment "
            "(6 to 300 months)."
        ),
    ),
    "detention": TermLimits(
        1,
        12,
        _(
            "Under Articles 42 and 69 of the Criminal Law, criminal detention is from one to six "
            "months, and at most one year in combined punishment (1 to 12 months)."
        ),
    ),
    "surveillance": TermLimits(
        3,
        36,
        _(
            "Under Articles 38 and 69 of the Criminal Law, public surveillance is from three "
            "months to two years, and at most three years in combined punishment (3 to 36 months)."
        ),
    ),
}
# 刑法 Art. 72: only detention or imprisonment of at most three years may be suspended.
LONGEST_SUSPENDED_TERM = 36
ARTICLE_72 = _(
    "Under Article 72 of the Criminal Law, a sentence may be suspended only for criminal "
    "detention or fixed-term imprisonment of three years or less."
)
# 刑法 Art. 73: (shortest probation, longest probation) in months, never shorter than the term.
PROBATION_LIMITS = {
    "detention": (
        2,
        12,
        _(
            "Under Article 73 of the Criminal Law, the probation period for criminal detention "
            "is from the original term up to one year, and at least two months."
        ),
    ),
    "imprisonment": (
        12,
        60,
        _(
            "Under Article 73 of the Criminal Law, the probation period for fixed-term "
            "imprisonment is from the original term up to five years, and at least one year."
        ),
    ),
}
ARTICLE_176 = _(
    "Under Article 176 of the Criminal Procedure Law, the procuratorate makes a sentencing "
    "recommendation when the defendant admits guilt and accepts punishment: give it."
)
ARTICLE_282 = _(
    "Under Article 282 of the Criminal Procedure Law, conditional non-prosecution is only for "
    "juveniles: record it in a juvenile case."
)
# The outcomes that carry no term (and, apart from those fined, no punishment in months).
TERMLESS = frozenset(
    {"fine_only", "exempted", "life", "death", "death_suspended", "not_prosecuted"}
)


def outcome_errors(outcome) -> dict[str, str]:
    """What in one defendant's outcome the law does not allow, by field (empty when lawful)."""
    errors: dict[str, str] = {}
    kind, term = outcome.sentence_type, outcome.term_months
    if kind in TERM_LIMITS:
        limits = TERM_LIMITS[kind]
        if not term:
            errors["term_months"] = _("Give the term in months for this sentence.")
        elif not limits.shortest <= term <= limits.longest:
            errors["term_months"] = limits.message
    elif term:
        errors["term_months"] = _("This sentence has no term: leave it empty.")
    errors.update(suspension_errors(outcome))
    errors.update(decision_errors(outcome))
    return errors


def suspension_errors(outcome) -> dict[str, str]:
    """Art. 72 (what may be suspended) and Art. 73 (for how long)."""
    kind, term, probation = outcome.sentence_type, outcome.term_months, outcome.probation_months
    if not outcome.suspended:
        if probation:
            return {"probation_months": _("Only a suspended sentence has a probation period.")}
        return {}
    if kind not in PROBATION_LIMITS or (term or 0) > LONGEST_SUSPENDED_TERM:
        return {"suspended": ARTICLE_72}
    if not probation:
        return {"probation_months": _("Give the probation period of a suspended sentence.")}
    shortest, longest, message = PROBATION_LIMITS[kind]
    if term and not max(term, shortest) <= probation <= longest:
        return {"probation_months": message}
    return {}


def decision_errors(outcome) -> dict[str, str]:
    """Not prosecuted (with its kind, without punishment), fines, the recommendation."""
    errors: dict[str, str] = {}
    kind = outcome.sentence_type
    if kind == "not_prosecuted":
        if not outcome.non_prosecution:
            errors["non_prosecution"] = _("Say which kind of non-prosecution was decided.")
        if outcome.fine_yuan:
            errors["fine_yuan"] = _("A decision not to prosecute imposes no fine.")
        if outcome.recommendation or outcome.recommendation_adopted:
            errors["recommendation"] = _(
                "A defendant not prosecuted goes before no court: leave the sentencing "
                "recommendation and its adoption empty."
            )
        return errors
    if outcome.non_prosecution:
        errors["non_prosecution"] = _("Only a decision not to prosecute has a kind.")
    if kind == "fine_only" and not outcome.fine_yuan:
        errors["fine_yuan"] = _("Give the amount of the fine.")
    if kind == "exempted" and outcome.fine_yuan:
        errors["fine_yuan"] = _(
            "Under Article 37 of the Criminal Law, a defendant exempted from punishment is not "
            "fined: leave the fine empty."
        )
    if outcome.plea_leniency and not outcome.recommendation:
        errors["recommendation"] = ARTICLE_176
    if outcome.recommendation and not outcome.recommendation_adopted:
        errors["recommendation_adopted"] = _(
            "Say whether the court adopted the sentencing recommendation."
        )
    if outcome.recommendation_adopted and not outcome.recommendation:
        errors["recommendation_adopted"] = _(
            "Without a sentencing recommendation there is nothing to adopt: choose “not "
            "applicable”."
        )
    return errors


def case_outcome_errors(category: str, outcomes) -> dict[str, str]:
    """What the case's category forbids in its outcomes, as {"outcomes-<row>-<field>": message}."""
    errors: dict[str, str] = {}
    for position, outcome in enumerate(outcomes):
        if outcome.non_prosecution == "conditional" and category != "juvenile":
            errors[f"outcomes-{position}-non_prosecution"] = ARTICLE_282
    return errors
