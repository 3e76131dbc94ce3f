"""The headers every response carries: a strict Content-Security-Policy and the
Permissions-Policy everywhere; `Cache-Control: no-store, private` on whatever a signed-in user is
shown (pages, API answers, downloads), so that nothing of it stays in a shared cache."""

import pytest
from django.urls import reverse

from portal.tokens import api_token_create
from tests.factories import make_request

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clock")]


def assert_private(response):
    assert {"no-store", "private"} <= {
        part.strip() for part in response.headers["Cache-Control"].split(",")
    }, response.headers.get("Cache-Control")


def test_the_policy_allows_nothing_inline_and_nothing_from_outside(client):
    response = client.get(reverse("login"))
    policy = dict(
        directive.strip().split(" ", 1)
        for directive in response.headers["Content-Security-Policy"].split(";")
    )
    assert policy["script-src"] == "'self'" and policy["style-src"] == "'self'"
    assert policy["default-src"] == "'self'" and policy["object-src"] == "'none'"
    assert policy["frame-ancestors"] == "'none'"
    assert "unsafe" not in response.headers["Content-Security-Policy"]
    assert "camera=()" in response.headers["Permissions-Policy"]
    # The public lead form carries the policies too, and is not a private page.
    leads = client.get("/leads/")
    assert "Content-Security-Policy" in leads.headers and "Permissions-Policy" in leads.headers
    assert "private" not in leads.headers.get("Cache-Control", "")


def test_what_a_signed_in_user_is_shown_is_not_kept(
    client, gs_prosecutor, qh_liaison, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        request = make_request(gs_prosecutor, submit=True)
    client.force_login(gs_prosecutor)
    for url in (
        reverse("home"),
        request.get_absolute_url(),
        reverse("cases:letter-download", args=[request.pk, "request"]),
        "/api/v1/requests/",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert_private(response)
        assert "Content-Security-Policy" in response.headers
    client.logout()
    _token, key = api_token_create(user=qh_liaison, name="sync")
    api = client.get("/api/v1/requests/", HTTP_AUTHORIZATION=f"Token {key}")
    assert api.status_code == 200 and api.json()["count"] == 1
    assert_private(api)
