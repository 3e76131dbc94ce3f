"""Every read of the library a page or endpoint needs, filtered for the user and joined."""

from django.db.models import Count, Prefetch, QuerySet

from casebank.library.models import CaseEvent, CaseStatus, TypicalCase
from casebank.library.permissions import case_policy, province_of
from portal.models import CaseCategory, Province, User


def library_cases(*, user: User) -> QuerySet[TypicalCase]:
    """The published cases, newest first, as a list shows them."""
    return (
        case_policy.visible(user)
        .published()
        .select_related("source_procuratorate")
        .order_by("-published_at", "-id")
    )


def library_counts(*, user: User) -> dict[str, list[tuple[str, int]]]:
    """How many published cases there are per category and per province (most first)."""
    published = case_policy.visible(user).published().order_by()
    return {
        column: [
            (choices(code).label, count)
            for code, count in published.values_list(column)
            .annotate(n=Count("id"))
            .order_by("-n", column)
        ]
        for column, choices in (("category", CaseCategory), ("province", Province))
    }


def province_cases(*, user: User, status: str = "") -> QuerySet[TypicalCase]:
    """The cases of the user's own province in every state, the latest change first."""
    cases = (
        case_policy.visible(user)
        .filter(province=province_of(user))
        .select_related("source_procuratorate", "created_by")
        .order_by("-updated_at", "-id")
    )
    return cases.filter(status=status) if status else cases


def case_detail(*, user: User, pk) -> TypicalCase:
    """One case the user may see, with everything its page shows (404 otherwise)."""
    case = case_policy.get_or_404(user, pk=pk)
    return (
        TypicalCase.objects.select_related("source_procuratorate", "created_by")
        .prefetch_related(
            "outcomes",
            "attachments",
            "versions__published_by",
            Prefetch("events", queryset=CaseEvent.objects.select_related("actor")),
        )
        .get(pk=case.pk)
    )


def reviews_waiting(*, user: User) -> int:
    """How many cases of the user's province wait for their review."""
    if not case_policy.allows(user, "review"):
        return 0
    return case_policy.visible(user, "review").filter(status=CaseStatus.SUBMITTED).count()
