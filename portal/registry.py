"""What the feature apps lend the portal, filled in their `AppConfig.ready`.

The portal imports no feature app: the API's routes and what a web process loads before its
first request are collected here instead, and `portal.urls` and `portal.wsgi` read them.
"""

from collections.abc import Callable

from django.urls import URLPattern

# (prefix, viewset, basename) for the one API router, in the order of registration.
api_viewsets: list[tuple[str, type, str]] = []
# Paths of the API that are not viewsets; they come before the router's (`cases/search/` before
# `cases/{id}/`).
api_paths: list[URLPattern] = []
# Called once in each web-server process before its first request (`portal.wsgi.warm_up`).
warm_ups: list[Callable[[], object]] = []


def register_api(prefix: str, viewset: type, basename: str) -> None:
    """Route `/api/v1/<prefix>/` to a viewset, its URL names `api:<basename>-…`."""
    api_viewsets.append((prefix, viewset, basename))
