"""Search of the typical-case library: the one place that knows how cases are found."""


def index_cases(case_ids) -> None:
    """Bring the search index up to date for these cases (called in the saving transaction)."""
