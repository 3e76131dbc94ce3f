"""The audit log: each event is recorded with who, when, from where, with which browser, to what
and how it ended."""

from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from cases.requests import services as request_services
from portal import grants
from portal.audit import audit_record
from portal.models import AuditEntry, Role, User
from tests.factories import make_request, member, person

Action, Outcome = AuditEntry.Action, AuditEntry.Outcome
SHANGHAI = ZoneInfo("Asia/Shanghai")
PASSWORD = "secret-pass-123"  # the factories'
NEW_PASSWORD = "丝路检察-2026-协作"
ADDRESS, AGENT, SPOOFED = "203.0.113.7", "Chromium 131 (audit test)", "198.51.100.9"
PDF = b"%PDF-1.4 test"
pytestmark = pytest.mark.django_db


@pytest.fixture
def gs_administrator(db):
    return person("t-gs-administrator", "GS", Role.ADMINISTRATOR)


@pytest.fixture
def sn_liaison_officer(db):
    return person("t-sn-liaison-officer", "SN", Role.LIAISON)


def browser(user=None) -> Client:
    """A client from one address and browser, sending a forged X-Forwarded-For (no proxy is
    trusted, so it must be ignored); signed in as `user` if given."""
    client = Client(REMOTE_ADDR=ADDRESS, HTTP_USER_AGENT=AGENT, HTTP_X_FORWARDED_FOR=SPOOFED)
    if user is not None:
        client.force_login(user)
    return client


def only(action: str) -> AuditEntry:
    (entry,) = AuditEntry.objects.filter(action=action)
    return entry


def assert_from_the_browser(entry: AuditEntry, actor: User) -> None:
    assert entry.actor == actor and entry.username == actor.username
    assert entry.procuratorate_id == actor.procuratorate_id
    assert entry.address == ADDRESS  # REMOTE_ADDR, not the forged header
    assert entry.user_agent == AGENT


# What is recorded.


def test_sign_in_and_sign_out_are_recorded(gs_prosecutor):
    client = browser()
    response = client.post(
        reverse("login"), {"username": gs_prosecutor.username, "password": PASSWORD}
    )
    assert response.status_code == 302
    entry = only(Action.SIGN_IN)
    assert_from_the_browser(entry, gs_prosecutor)
    assert entry.outcome == Outcome.SUCCESS
    assert client.post(reverse("logout")).status_code == 302
    assert_from_the_browser(only(Action.SIGN_OUT), gs_prosecutor)


def test_a_trusted_proxy_s_forwarded_address_is_recorded(settings, gs_prosecutor):
    settings.TRUSTED_PROXIES = [ADDRESS]
    browser().post(reverse("login"), {"username": gs_prosecutor.username, "password": PASSWORD})
    assert only(Action.SIGN_IN).address == SPOOFED


def test_own_password_change_and_ending_the_other_sessions_are_recorded(gs_prosecutor):
    client = browser()
    client.post(reverse("login"), {"username": gs_prosecutor.username, "password": PASSWORD})
    browser().post(reverse("login"), {"username": gs_prosecutor.username, "password": PASSWORD})
    assert client.post(reverse("my-sessions")).status_code == 302
    entry = only(Action.SESSIONS_ENDED)
    assert_from_the_browser(entry, gs_prosecutor)
    assert (entry.target, entry.detail) == (gs_prosecutor, "1")
    response = client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 302
    entry = only(Action.PASSWORD_CHANGED)
    assert_from_the_browser(entry, gs_prosecutor)
    assert entry.target == gs_prosecutor


def test_password_set_roles_changed_and_deactivation_in_the_admin_are_recorded(
    gs_liaison, gs_prosecutor
):
    client = browser(gs_liaison)
    password_page = f"/admin/portal/user/{gs_prosecutor.pk}/password/"
    response = client.post(
        password_page,
        {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD, "usable_password": "true"},
    )
    assert response.status_code == 302
    entry = only(Action.PASSWORD_SET)
    assert_from_the_browser(entry, gs_liaison)
    assert (entry.target, entry.target_label) == (gs_prosecutor, str(gs_prosecutor))

    data = {
        "username": gs_prosecutor.username,
        "full_name": gs_prosecutor.full_name,
        "email": gs_prosecutor.email,
        "language": gs_prosecutor.language,
        "procuratorate": gs_prosecutor.procuratorate_id,
        "groups": [Group.objects.get(name=Role.RESEARCHER).pk],
        "is_active": "on",
    }
    change_page = f"/admin/portal/user/{gs_prosecutor.pk}/change/"
    assert client.post(change_page, data).status_code == 302
    entry = only(Action.ROLE_CHANGED)
    assert_from_the_browser(entry, gs_liaison)
    assert entry.target == gs_prosecutor
    with translation.override("zh-hans"):
        before, after = str(Role.PROSECUTOR.label), str(Role.RESEARCHER.label)
    assert entry.detail == f"{before} → {after}"
    assert not AuditEntry.objects.filter(action=Action.ACCOUNT_DEACTIVATED).exists()

    data.pop("is_active")
    assert client.post(change_page, data).status_code == 302
    entry = only(Action.ACCOUNT_DEACTIVATED)
    assert_from_the_browser(entry, gs_liaison)
    assert entry.target == gs_prosecutor


@pytest.fixture
def shared(gs_prosecutor, qh_liaison, qh_prosecutor):
    """A request from Gansu to Qinghai, accepted and handled by a Qinghai prosecutor."""
    request = make_request(gs_prosecutor, submit=True)
    act = request_services.request_transition
    act(user=qh_liaison, request=request, action="accept")
    return act(user=qh_liaison, request=request, action="assign", handler=qh_prosecutor)


def test_grants_given_and_revoked_are_recorded(shared, qh_prosecutor, sn_prosecutor):
    client = browser(qh_prosecutor)
    url = reverse("grant-add", args=[shared._meta.label_lower, shared.pk])
    assert client.post(url, {"grantee": sn_prosecutor.pk}).status_code == 302
    entry = only(Action.GRANT_ADDED)
    assert_from_the_browser(entry, qh_prosecutor)
    assert entry.target == shared and entry.procuratorate == member("QH")
    assert sn_prosecutor.get_full_name() in entry.detail and sn_prosecutor.username in entry.detail
    grant = grants.active_grants(shared).get()
    assert client.post(reverse("grant-revoke", args=[grant.pk])).status_code == 302
    entry = only(Action.GRANT_REVOKED)
    assert_from_the_browser(entry, qh_prosecutor)
    assert entry.target == shared and sn_prosecutor.username in entry.detail


def test_downloads_by_page_and_api_are_recorded_with_their_document(gs_prosecutor, qh_liaison):
    request = make_request(gs_prosecutor, submit=True)
    request_services.request_transition(
        user=gs_prosecutor,
        request=request,
        action="attach",
        upload=SimpleUploadedFile("协查材料.pdf", PDF, "application/pdf"),
    )
    attachment = request.attachments.get()
    client = browser(qh_liaison)
    page_url = reverse("cases:attachment-download", args=[request.pk, attachment.pk])
    assert b"".join(client.get(page_url).streaming_content) == PDF
    api_url = reverse("api:request-attachment", args=[request.pk, attachment.pk])
    assert b"".join(client.get(api_url).streaming_content) == PDF
    entries = AuditEntry.objects.filter(action=Action.DOWNLOAD)
    assert entries.count() == 2
    for entry in entries:
        assert_from_the_browser(entry, qh_liaison)
        assert (entry.target, entry.target_label) == (attachment, "协查材料.pdf")


def test_refusals_are_recorded_for_signed_in_users_only(gs_prosecutor, nx_prosecutor):
    request = make_request(gs_prosecutor, submit=True)
    client = browser(nx_prosecutor)
    assert client.get(request.get_absolute_url()).status_code == 404
    api_url = reverse("api:request-detail", args=[request.pk])
    assert client.get(api_url).status_code == 404
    entries = AuditEntry.objects.filter(action=Action.REFUSED).order_by("id")
    assert [entry.detail for entry in entries] == [request.get_absolute_url(), api_url]
    for entry in entries:
        assert_from_the_browser(entry, nx_prosecutor)
        assert entry.outcome == Outcome.REFUSED
    # An unknown address is no refusal; a visitor not signed in is not recorded.
    assert client.get("/no-such-page/").status_code == 404
    assert client.get("/api/v1/no-such-thing/").status_code == 404
    anonymous = browser()
    assert anonymous.get(api_url).status_code in (401, 403)
    assert AuditEntry.objects.filter(action=Action.REFUSED).count() == 2
    # A long path is cut: a flood of odd URLs costs rows, not megabytes.
    client.get(request.get_absolute_url() + "x" * 5000)
    assert max(len(entry.detail) for entry in AuditEntry.objects.all()) <= 500


def test_a_page_that_is_found_writes_no_entry(gs_prosecutor):
    client = browser(gs_prosecutor)
    AuditEntry.objects.all().delete()
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("home")).status_code == 200
    assert not any("portal_auditentry" in query["sql"] for query in queries.captured_queries)


def test_an_entry_written_without_a_request_has_no_address(gs_prosecutor):
    entry = audit_record(Action.EXPORT, actor=gs_prosecutor, detail="x.csv")
    assert (entry.address, entry.user_agent, entry.procuratorate) == (None, "", member("GS"))
