"""What the feature apps lend the portal, filled in their `AppConfig.ready`.

The portal imports no feature app: the API's routes, what a web process loads before its
first request and the models people may share by a read grant are collected here instead, and
`portal.urls`, `portal.wsgi` and `portal.grants` read them.
"""

from collections.abc import Callable, Iterable

from django.db.models import Model, QuerySet
from django.urls import URLPattern

# (prefix, viewset, basename) for the one API router, in the order of registration.
api_viewsets: list[tuple[str, type, str]] = []
# Paths of the API that are not viewsets; they come before the router's (`cases/search/` before
# `cases/{id}/`).
api_paths: list[URLPattern] = []
# Called once in each web-server process before its first request (`portal.wsgi.warm_up`).
warm_ups: list[Callable[[], object]] = []
# The models whose objects one may share with one more person, read only (`portal.grants`),
# each with its rule `may_grant(user, obj)`: who may give and revoke such grants.
grantables: dict[type[Model], Callable[[Model, Model], bool]] = {}
# For each kind of issued document (`portal.models.IssuedDocument`), the issued ones a user may
# see: the verification page looks a number or a file's digest up in these only.
issued_documents: list[Callable[[Model], QuerySet]] = []
# For each kind of document in sign-off, what waits for one user's review or signature now
# (`portal.signoff.AwaitingSignoff` items): the 待我审核/签发 page lists them all.
signoff_inboxes: list[Callable[[Model], Iterable]] = []


# Who hands out document numbers: one function, `take(procuratorate=…, series=…)`, the
# procuratorates' yearly registers (`cases`' DocumentRegister), so that a meeting notice takes
# its number from the chair office's register as a letter does.
document_numbers: list[Callable[..., str]] = []


def register_document_numbers(take: Callable[..., str]) -> None:
    """Lend the portal the function that takes the next number of a register."""
    document_numbers[:] = [take]


def take_document_number(*, procuratorate: Model, series: str) -> str:
    """The next number of the procuratorate's register `series` for this year: gap-free, never
    reused; called inside the transaction that uses it, so a failure gives it back."""
    if not document_numbers:
        raise LookupError("No document register is installed (the cases app lends it).")
    return document_numbers[0](procuratorate=procuratorate, series=series)


def register_api(prefix: str, viewset: type, basename: str) -> None:
    """Route `/api/v1/<prefix>/` to a viewset, its URL names `api:<basename>-…`."""
    api_viewsets.append((prefix, viewset, basename))


def register_issued_documents(visible: Callable[[Model], QuerySet]) -> None:
    """Let the verification page find a kind of issued document: `visible(user)` gives the
    issued ones the user may see (their procuratorate sent or received them)."""
    issued_documents.append(visible)


def register_grantable(model: type[Model], *, may_grant: Callable[[Model, Model], bool]) -> None:
    """Let the people `may_grant(user, obj)` names share an object of `model` with one more
    person, read only, and revoke it (a superuser may too).

    The model needs a permission policy built on `ProcuratoratePolicy`, guardian's direct
    grant tables and `get_absolute_url`; the rule must not depend on a grant, so that a
    grantee never grants on.
    """
    grantables[model] = may_grant


def register_signoff_inbox(waiting: Callable[[Model], Iterable]) -> None:
    """Let the 待我审核/签发 page list a kind of document: `waiting(user)` gives the
    `AwaitingSignoff` items that wait for the user's review or signature, in a fixed number of
    queries."""
    signoff_inboxes.append(waiting)
