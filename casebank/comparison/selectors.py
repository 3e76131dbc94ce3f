"""Sentencing comparison across the six provinces ("one ruler", 一把尺子): reads only.

For one charge (optionally one category and a range of years of judgment) the defendants'
outcomes of the published cases are summed up per province. The definitions, also shown on
the page:

- **Defendants**: every outcome row with that charge in a published case (withdrawn cases and
  cases not yet published never count), whatever the sentence.
- **Prison term** (刑期): the term of fixed-term imprisonment (有期徒刑) or criminal detention
  (拘役), in months, as imposed, suspended or not. Public surveillance (管制), fine only and
  exemption from punishment are counted apart as "other sentences".
- **Quartiles and median**: continuous percentiles (linear interpolation between the two
  nearest terms, PostgreSQL's `percentile_cont`, the "inclusive" method of `statistics`).
  Whiskers reach the shortest and the longest term.
- **Share suspended**: suspended prison terms among the prison terms.
- **Median fine**: over the defendants fined (any sentence), in yuan.
- **Recommendations adopted**: among the defendants for whom the court's adoption of the
  procuratorate's sentencing recommendation is recorded (adopted or not), those adopted; a group
  without any has no rate ("—", not 0 %). Adoption by charge is `adoption.adoption_by_charge`.
- **Six-province median**: the median of all prison terms of the six pooled together; the
  cases furthest from it are the defendants whose term is furthest from it either way.

On PostgreSQL the figures are aggregated in the database (one statement for the lines, one for
the outliers, whatever the size); the embedded SQLite fetches only the five columns needed and
computes the same figures in Python.
`sentencing_comparison` is what the page, the API and the benchmark call.
"""

import datetime as dt
import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import connection
from django.db.models import F, FloatField, QuerySet, Value
from django.db.models.functions import Abs, Cast
from django.utils.translation import gettext_lazy as _

from casebank.comparison.adoption import charge_summary
from casebank.library.models import (
    CaseStatus,
    DefendantOutcome,
    RecommendationAdoption,
    SentenceType,
)
from casebank.library.permissions import case_policy
from portal.models import Province, User

# The sentences whose term counts as a prison term in the comparison.
PRISON_SENTENCES = (SentenceType.IMPRISONMENT, SentenceType.DETENTION)
# The other sentences, counted apart.
OTHER_SENTENCES = (SentenceType.SURVEILLANCE, SentenceType.FINE_ONLY, SentenceType.EXEMPTED)
# The outcome's columns a comparison reads.
COLUMNS = ("sentence_type", "term_months", "suspended", "fine_yuan", "recommendation_adopted")
# Adoption recorded either way (the rest have no recommendation, or were not prosecuted).
ADOPTION_RECORDED = (RecommendationAdoption.ADOPTED, RecommendationAdoption.NOT_ADOPTED)
OUTLIER_LIMIT = 10


@dataclass
class TermStats:
    """The spread of a group's prison terms, in months (None when the group has none)."""

    count: int = 0
    minimum: float | None = None
    q1: float | None = None
    median: float | None = None
    q3: float | None = None
    maximum: float | None = None


@dataclass
class ProvinceRow:
    """One province's line of the comparison (or the six pooled, with `province` empty)."""

    province: str
    label: str
    defendants: int = 0
    terms: TermStats = field(default_factory=TermStats)
    others: dict[str, int] = field(default_factory=dict)  # other sentence type → defendants
    suspended: int = 0
    fined: int = 0
    median_fine: Decimal | None = None
    recommended: int = 0  # defendants whose recommendation's adoption is recorded
    adopted: int = 0

    @property
    def adoption_rate(self) -> float | None:
        """Recommendations adopted among those recorded (0–1), None without any."""
        return self.adopted / self.recommended if self.recommended else None

    @property
    def suspended_share(self) -> float | None:
        """Suspended prison terms among the prison terms (0–1), None without any."""
        return self.suspended / self.terms.count if self.terms.count else None

    @property
    def other_breakdown(self) -> list[tuple[str, int]]:
        """(label, defendants) of each other sentence type present, in the model's order."""
        return [
            (SentenceType(kind).label, self.others[kind])
            for kind in OTHER_SENTENCES
            if self.others.get(kind)
        ]


@dataclass
class Outlier:
    """A defendant whose prison term is among the furthest from the six-province median."""

    case_id: int
    case_code: str
    case_title: str
    province: str
    province_label: str
    decided_on: dt.date
    sentence_type: str
    sentence_label: str
    term_months: int
    suspended: bool
    distance: float


@dataclass
class Comparison:
    """The comparison of one charge across the six provinces."""

    charge: str
    category: str | None
    year_from: int | None
    year_to: int | None
    provinces: list[ProvinceRow]
    overall: ProvinceRow
    outliers: list[Outlier]

    @property
    def is_empty(self) -> bool:
        return self.overall.defendants == 0


def comparison_outcomes(
    *,
    user: User,
    charge: str,
    category: str | None = None,
    year_from: int | None = None,
    year_to: int | None = None,
) -> QuerySet[DefendantOutcome]:
    """The outcome rows a comparison counts: this charge, in published cases only."""
    if not case_policy.allows(user, "view"):
        return DefendantOutcome.objects.none()
    # A sealed juvenile record is never counted (刑事诉讼法 art. 286).
    outcomes = DefendantOutcome.objects.filter(
        charge=charge, case__status=CaseStatus.PUBLISHED, case__sealed=False
    )
    if category:
        outcomes = outcomes.filter(case__category=category)
    # Date bounds rather than `__year`, so that an index on the date can serve them.
    if year_from:
        outcomes = outcomes.filter(case__decided_on__gte=dt.date(year_from, 1, 1))
    if year_to:
        outcomes = outcomes.filter(case__decided_on__lt=dt.date(year_to + 1, 1, 1))
    return outcomes


def sentencing_comparison(
    *,
    user: User,
    charge: str,
    category: str | None = None,
    year_from: int | None = None,
    year_to: int | None = None,
    outlier_limit: int = OUTLIER_LIMIT,
) -> Comparison:
    """Compare the sentences for `charge` across the six provinces (see the module's docstring)."""
    charge = (charge or "").strip()
    outcomes = comparison_outcomes(
        user=user, charge=charge, category=category, year_from=year_from, year_to=year_to
    )
    if connection.vendor == "postgresql":
        rows, overall = aggregate_in_database(outcomes)
    else:
        rows, overall = aggregate_in_python(outcomes)
    outliers = furthest_from(outcomes, overall.terms.median, outlier_limit)
    return Comparison(
        charge=charge,
        category=category or None,
        year_from=year_from,
        year_to=year_to,
        provinces=[rows.get(code) or empty_row(code, label) for code, label in Province.choices],
        overall=overall,
        outliers=outliers,
    )


# Aggregation in PostgreSQL: one statement for the six provinces and the six pooled.

# Grouping sets give each province's line and the pooled one in one pass over the rows; a
# single `percentile_cont` over an array of fractions sorts the terms once for all three.
AGGREGATE_SQL = """
SELECT o.province, GROUPING(o.province) = 1 AS pooled,
    count(*) AS defendants,
    count(*) FILTER (WHERE o.sentence_type IN %(prison)s) AS terms,
    min(o.term_months) FILTER (WHERE o.sentence_type IN %(prison)s) AS minimum,
    percentile_cont(ARRAY[0.25, 0.5, 0.75]) WITHIN GROUP (ORDER BY o.term_months)
        FILTER (WHERE o.sentence_type IN %(prison)s) AS quartiles,
    max(o.term_months) FILTER (WHERE o.sentence_type IN %(prison)s) AS maximum,
    count(*) FILTER (WHERE o.sentence_type IN %(prison)s AND o.suspended) AS suspended,
    count(*) FILTER (WHERE o.fine_yuan > 0) AS fined,
    percentile_cont(0.5) WITHIN GROUP (ORDER BY o.fine_yuan)
        FILTER (WHERE o.fine_yuan > 0) AS median_fine,
    count(*) FILTER (WHERE o.adoption IN %(recorded)s) AS recommended,
    count(*) FILTER (WHERE o.adoption = %%s) AS adopted,
    %(others)s
FROM (%(rows)s) AS o (province, sentence_type, term_months, suspended, fine_yuan, adoption)
GROUP BY GROUPING SETS ((o.province), ())
"""


def aggregate_in_database(outcomes) -> tuple[dict[str, ProvinceRow], ProvinceRow]:
    """Per-province lines and the six pooled, aggregated by PostgreSQL in one statement."""
    if outcomes.query.is_empty():
        return aggregate_in_python(outcomes)  # nothing to count, nothing to ask
    rows_sql, rows_params = (
        outcomes.order_by().values_list("case__province", *COLUMNS).query.sql_with_params()
    )
    prison = "(" + ", ".join(["%s"] * len(PRISON_SENTENCES)) + ")"
    others = ",\n    ".join(
        f"count(*) FILTER (WHERE o.sentence_type = %s) AS other_{index}"
        for index in range(len(OTHER_SENTENCES))
    )
    # Only placeholders and Django's own compiled query are put into the text: every value
    # (the charge the user typed included) travels as a parameter.
    recorded = "(" + ", ".join(["%s"] * len(ADOPTION_RECORDED)) + ")"
    sql = AGGREGATE_SQL % {
        "prison": prison,
        "recorded": recorded,
        "others": others,
        "rows": rows_sql,
    }
    params = [
        *[*PRISON_SENTENCES] * 5,  # the five `IN` filters before the fines
        *ADOPTION_RECORDED,
        RecommendationAdoption.ADOPTED,
        *OTHER_SENTENCES,
        *rows_params,
    ]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        columns = [column.name for column in cursor.description]
        results = [dict(zip(columns, values, strict=True)) for values in cursor.fetchall()]
    labels = dict(Province.choices)
    rows, overall = {}, None
    for values in results:
        q1, median, q3 = values.pop("quartiles") or (None, None, None)
        values.update(q1=q1, median=median, q3=q3)
        for index, kind in enumerate(OTHER_SENTENCES):
            values[f"other_{kind}"] = values.pop(f"other_{index}")
        if values["pooled"]:
            overall = row_from_aggregates("", str(_("Six provinces")), values)
        else:
            code = values["province"]
            rows[code] = row_from_aggregates(code, labels.get(code, code), values)
    if overall is None:  # no row at all: the pooled set of an empty set is still one line
        overall = empty_row("", str(_("Six provinces")))
    return rows, overall


def row_from_aggregates(province: str, label: str, values: dict) -> ProvinceRow:
    """A comparison line from one group's aggregate values."""
    terms = TermStats(
        count=values["terms"],
        **{key: as_float(values[key]) for key in ("minimum", "q1", "median", "q3", "maximum")},
    )
    return ProvinceRow(
        province=province,
        label=label,
        defendants=values["defendants"],
        terms=terms,
        others={kind: values[f"other_{kind}"] for kind in OTHER_SENTENCES},
        suspended=values["suspended"],
        fined=values["fined"],
        median_fine=as_yuan(values["median_fine"]),
        recommended=values["recommended"],
        adopted=values["adopted"],
    )


# The same figures in Python, for the embedded SQLite.


def quartiles(values: Sequence[float]) -> tuple[float, float, float] | None:
    """First quartile, median and third quartile, as `percentile_cont` computes them."""
    if not values:
        return None
    if len(values) == 1:
        return (float(values[0]),) * 3
    q1, median, q3 = statistics.quantiles(values, n=4, method="inclusive")
    return float(q1), float(median), float(q3)


def empty_row(province: str, label: str) -> ProvinceRow:
    """The line of a province without any defendant for the charge."""
    return ProvinceRow(province=province, label=label, others=dict.fromkeys(OTHER_SENTENCES, 0))


def row_from_values(province: str, label: str, values: Iterable[tuple]) -> ProvinceRow:
    """A comparison line from (sentence type, term, suspended, fine, adoption) tuples."""
    row = empty_row(province, label)
    terms, fines = [], []
    for sentence_type, term_months, suspended, fine_yuan, adoption in values:
        row.defendants += 1
        row.recommended += adoption in ADOPTION_RECORDED
        row.adopted += adoption == RecommendationAdoption.ADOPTED
        if sentence_type in PRISON_SENTENCES:
            terms.append(term_months)
            row.suspended += bool(suspended)
        elif sentence_type in row.others:
            row.others[sentence_type] += 1
        if fine_yuan is not None and fine_yuan > 0:
            fines.append(Decimal(fine_yuan))
    terms.sort()
    if terms:
        q1, median, q3 = quartiles(terms)
        row.terms = TermStats(len(terms), float(terms[0]), q1, median, q3, float(terms[-1]))
    row.fined = len(fines)
    if fines:
        row.median_fine = as_yuan(statistics.median(sorted(fines)))
    return row


def aggregate_in_python(outcomes) -> tuple[dict[str, ProvinceRow], ProvinceRow]:
    """Per-province lines and the six pooled, from the needed columns only."""
    by_province: dict[str, list[tuple]] = {}
    for province, *values in outcomes.values_list("case__province", *COLUMNS):
        by_province.setdefault(province, []).append(tuple(values))
    labels = dict(Province.choices)
    rows = {
        code: row_from_values(code, labels.get(code, code), values)
        for code, values in by_province.items()
    }
    pooled = [value for values in by_province.values() for value in values]
    return rows, row_from_values("", str(_("Six provinces")), pooled)


# The cases furthest from the six-province median.


def furthest_from(outcomes, median: float | None, limit: int) -> list[Outlier]:
    """The defendants whose prison term is furthest from `median`, furthest first."""
    if median is None or limit <= 0:
        return []
    labels = dict(Province.choices)
    rows = (
        outcomes.filter(sentence_type__in=PRISON_SENTENCES)
        .annotate(distance=Abs(Cast("term_months", FloatField()) - Value(float(median))))
        .order_by("-distance", "-case__decided_on", "pk")
        .values(
            "case_id", "sentence_type", "term_months", "suspended", "distance",
            case_code=F("case__code"), case_title=F("case__title"),
            province=F("case__province"), decided_on=F("case__decided_on"),
        )[:limit]
    )  # fmt: skip
    return [
        Outlier(
            **{**row, "case_code": row["case_code"] or "", "distance": float(row["distance"])},
            province_label=labels.get(row["province"], row["province"]),
            sentence_label=SentenceType(row["sentence_type"]).label,
        )
        for row in rows
    ]


def comparison_charges(*, user: User, limit: int = 500) -> list[str]:
    """The charges found in published cases, most frequent first (the form's suggestions),
    from the cached summary of `adoption.charge_summary`."""
    return [charge.charge for charge in charge_summary(user=user)[:limit]]


def as_float(value) -> float | None:
    return None if value is None else float(value)


def as_yuan(value) -> Decimal | None:
    """A fine in yuan, to the fen."""
    if value is None:
        return None
    return Decimal(str(value)).quantize(Decimal("0.01"))
