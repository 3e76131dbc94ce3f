"""How often the courts adopt the procuratorates' sentencing recommendations, per charge and per
province, over the published cases: reads only.

One grouped statement counts, for every charge and province, the defendants, the
recommendations whose adoption is recorded (adopted or not) and those adopted. It also gives
the comparison form its suggested charges, so it is kept in the cache for a few minutes: a new
case counts a little later, and the comparison page asks nothing more of the database for it.
A charge or province without any recorded recommendation has no rate ("—"), never 0 %.
"""

from dataclasses import dataclass, field

from django.core.cache import cache
from django.db.models import Count, Q

from casebank.library.models import CaseStatus, DefendantOutcome, RecommendationAdoption
from casebank.library.permissions import case_policy
from portal.models import Province, User

SUMMARY_CACHE_KEY = "casebank:comparison-charge-summary"
SUMMARY_CACHE_SECONDS = 10 * 60
SUMMARY_LIMIT = 500


@dataclass(frozen=True)
class Adoption:
    """Recommendations recorded and adopted in one group."""

    recommended: int = 0
    adopted: int = 0

    @property
    def rate(self) -> float | None:
        """Adopted among recorded (0–1); None without any."""
        return self.adopted / self.recommended if self.recommended else None

    def __add__(self, other: "Adoption") -> "Adoption":
        return Adoption(self.recommended + other.recommended, self.adopted + other.adopted)


@dataclass
class ChargeSummary:
    """One charge of the published cases: its defendants and its adoptions by province."""

    charge: str
    defendants: int = 0
    by_province: dict[str, Adoption] = field(default_factory=dict)

    @property
    def overall(self) -> Adoption:
        return sum(self.by_province.values(), Adoption())

    @property
    def cells(self) -> list[Adoption]:
        """The six provinces' adoptions in the members' order."""
        return [self.by_province.get(code, Adoption()) for code in Province.values]


@dataclass
class AdoptionTable:
    """Adoption of recommendations per charge (rows) and per province (columns), with totals."""

    charges: list[ChargeSummary]
    provinces: list[tuple[str, str, Adoption]]  # (code, label, all charges of the province)
    overall: Adoption

    @property
    def is_empty(self) -> bool:
        return not self.charges


def charge_summary(*, user: User) -> list[ChargeSummary]:
    """Every charge of the published cases, most defendants first, with its adoptions."""
    if not case_policy.allows(user, "view"):
        return []
    rows = cache.get_or_set(SUMMARY_CACHE_KEY, summary_rows, SUMMARY_CACHE_SECONDS)
    charges: dict[str, ChargeSummary] = {}
    for charge, province, defendants, recommended, adopted in rows:
        summary = charges.setdefault(charge, ChargeSummary(charge))
        summary.defendants += defendants
        if recommended:
            summary.by_province[province] = Adoption(recommended, adopted)
    ordered = sorted(charges.values(), key=lambda summary: (-summary.defendants, summary.charge))
    return ordered[:SUMMARY_LIMIT]


def summary_rows() -> list[tuple]:
    """(charge, province, defendants, recommended, adopted) of the published outcomes."""
    recorded = [RecommendationAdoption.ADOPTED, RecommendationAdoption.NOT_ADOPTED]
    return list(
        DefendantOutcome.objects.filter(case__status=CaseStatus.PUBLISHED, case__sealed=False)
        .values_list("charge", "case__province")
        .annotate(
            defendants=Count("pk"),
            recommended=Count("pk", filter=Q(recommendation_adopted__in=recorded)),
            adopted=Count("pk", filter=Q(recommendation_adopted=RecommendationAdoption.ADOPTED)),
        )
        .order_by()
    )


def adoption_by_charge(*, user: User) -> AdoptionTable:
    """The charges with any recorded recommendation, each province's adoption of them, and
    each province's adoption over all charges."""
    charges = [summary for summary in charge_summary(user=user) if summary.overall.recommended]
    totals = {code: Adoption() for code in Province.values}
    for summary in charges:
        for code, adoption in summary.by_province.items():
            totals[code] = totals.get(code, Adoption()) + adoption
    return AdoptionTable(
        charges=charges,
        provinces=[(code, label, totals[code]) for code, label in Province.choices],
        overall=sum(totals.values(), Adoption()),
    )
