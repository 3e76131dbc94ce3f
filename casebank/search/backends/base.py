"""What a search backend does: the one interface PostgreSQL (or a search engine) implements."""

from collections.abc import Iterable
from dataclasses import dataclass, field

from casebank.search.text import Term

# The facets, in the order the page shows them.
FACETS = ("category", "charge", "province", "level", "year", "keyword")
SORTS = ("relevance", "date")


@dataclass(frozen=True)
class Criteria:
    """What a search asks for: every term must be found, and every filter hold."""

    terms: tuple[Term, ...] = ()
    category: str = ""
    charge: str = ""
    province: str = ""
    level: str = ""
    year: int | None = None
    keyword: str = ""

    @property
    def filters(self) -> dict:
        """The filters set, by name."""
        names = ("category", "charge", "province", "level", "year", "keyword")
        return {name: getattr(self, name) for name in names if getattr(self, name)}


@dataclass
class Found:
    """A backend's answer: one page of case ids, best first, the total and the facet counts."""

    case_ids: list[int]
    total: int
    facets: dict[str, list[tuple[str, int]]] = field(default_factory=dict)


class SearchBackend:
    """Indexes published cases and finds them. Only published cases are ever found."""

    def index(self, case_ids: Iterable[int]) -> None:
        """Bring the index up to date for these cases (add, refresh, or remove)."""
        raise NotImplementedError

    def reindex(self, *, batch_size: int = 1000) -> int:
        """Rebuild the whole index; returns how many cases it holds."""
        raise NotImplementedError

    def find(
        self, criteria: Criteria, *, sort: str, offset: int, limit: int, facets: bool = True
    ) -> Found:
        """One page of the published cases meeting the criteria, with the total and facets."""
        raise NotImplementedError

    def matching(self, criteria: Criteria, case_ids: Iterable[int]) -> set[int]:
        """Which of these cases meet the criteria (published ones only)."""
        raise NotImplementedError
