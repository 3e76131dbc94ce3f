"""The audit log: each event is recorded with who, when, from where, with which browser, to what
and how it ended; the liaison officers of a province read their procuratorates' entries and no
other province's, administrators read everything, with filters and a CSV; old entries are purged
and no entry is ever changed, by the database itself on PostgreSQL."""

import csv
import datetime as dt
import io
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import DatabaseError, connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from cases.requests import services as request_services
from portal import grants
from portal.audit import audit_purge, audit_record
from portal.beat_schedule import BEAT_SCHEDULE
from portal.models import AuditEntry, Role, User
from portal.tasks import purge_audit_log
from tests.factories import UserFactory, make_request, member, person

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


# Who reads the log.


@pytest.fixture
def entries(gs_prosecutor, lanzhou_prosecutor, sn_prosecutor):
    """An entry each of Gansu, Lanzhou (below Gansu), Shaanxi, and of no procuratorate."""
    return {
        "gs": audit_record(Action.SIGN_IN, actor=gs_prosecutor),
        "lanzhou": audit_record(Action.DOWNLOAD, actor=lanzhou_prosecutor),
        "sn": audit_record(Action.SIGN_IN, actor=sn_prosecutor),
        "nobody": audit_record(
            Action.SIGN_IN_FAILED, username="=cmd|' /C calc'!A0", outcome=Outcome.FAILURE
        ),
    }


def listed(client, **params) -> list[int]:
    response = client.get(reverse("audit-log"), params)
    assert response.status_code == 200
    return [entry.pk for entry in response.context["page"]]


def exported(client, **params) -> list[list[str]]:
    response = client.get(reverse("audit-log-export"), params)
    assert response.status_code == 200
    body = b"".join(response.streaming_content).decode("utf-8")
    assert body.startswith("\ufeff")
    return list(csv.reader(io.StringIO(body.removeprefix("\ufeff"))))


def test_the_liaison_officer_reads_their_procuratorates_entries_only(
    gs_liaison, sn_liaison_officer, entries
):
    client = browser(gs_liaison)
    seen = listed(client)
    assert entries["gs"].pk in seen and entries["lanzhou"].pk in seen
    assert entries["sn"].pk not in seen and entries["nobody"].pk not in seen
    client = browser(sn_liaison_officer)
    seen = listed(client)
    assert entries["sn"].pk in seen
    assert not set(seen) & {entries["gs"].pk, entries["lanzhou"].pk, entries["nobody"].pk}
    assert all(row[2] != str(member("GS")) for row in exported(client)[1:])


def test_a_sign_in_at_gansu_is_on_the_gansu_liaison_s_page_only(
    gs_prosecutor, gs_liaison, sn_liaison_officer
):
    browser().post(reverse("login"), {"username": gs_prosecutor.username, "password": PASSWORD})
    sign_in = only(Action.SIGN_IN)
    page = browser(gs_liaison).get(reverse("audit-log"), {"username": "prosecutor"})
    assert [entry.pk for entry in page.context["page"]] == [sign_in.pk]
    assert ADDRESS in page.content.decode() and AGENT in page.content.decode()
    assert sign_in.pk not in listed(browser(sn_liaison_officer))


def test_another_province_s_liaison_officer_sees_none_of_gansu_s(qh_liaison, entries):
    client = browser(qh_liaison)
    seen = AuditEntry.objects.filter(pk__in=listed(client))
    assert set(seen.values_list("procuratorate__province", flat=True)) == {"QH"}  # their own
    assert {row[2] for row in exported(client)[1:]} == {str(member("QH"))}


def test_administrators_and_superusers_read_every_entry(gs_administrator, entries):
    superuser = UserFactory(username="t-root", procuratorate=None, is_superuser=True)
    for reader in (gs_administrator, superuser):
        assert {entry.pk for entry in entries.values()} <= set(listed(browser(reader)))


def test_others_get_404_on_the_page_and_the_csv_and_no_menu_link(
    gs_prosecutor, gs_liaison, entries
):
    client = browser(gs_prosecutor)
    for name in ("audit-log", "audit-log-export"):
        assert client.get(reverse(name)).status_code == 404
    assert 'data-testid="nav-audit-log"' not in client.get(reverse("home")).content.decode()
    assert (
        'data-testid="nav-audit-log"' in browser(gs_liaison).get(reverse("home")).content.decode()
    )
    anonymous = Client()
    response = anonymous.get(reverse("audit-log"))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_the_filters(clock, gs_liaison, gs_prosecutor, lanzhou_prosecutor, lanzhou):
    late = dt.datetime(2026, 2, 27, 23, 30, tzinfo=SHANGHAI)  # 15:30 UTC, a Friday
    clock.move_to(late)
    friday = audit_record(Action.SIGN_IN, actor=gs_prosecutor)
    clock.move_to(late + dt.timedelta(hours=1))  # Saturday in Beijing, still Friday in UTC
    saturday = audit_record(Action.DOWNLOAD, actor=lanzhou_prosecutor)
    failed = audit_record(
        Action.SIGN_IN_FAILED,
        username="t-gs-prosecutor",
        outcome=Outcome.FAILURE,
        procuratorate=member("GS"),
    )
    client = browser(gs_liaison)
    assert listed(client, date_from="2026-02-27", date_to="2026-02-27") == [friday.pk]
    assert set(listed(client, date_from="2026-02-28")) >= {saturday.pk, failed.pk}
    assert friday.pk not in listed(client, date_from="2026-02-28")
    assert listed(client, action=Action.DOWNLOAD) == [saturday.pk]
    assert listed(client, outcome=Outcome.FAILURE) == [failed.pk]
    assert set(listed(client, username="GS-PROS")) == {friday.pk, failed.pk}
    assert listed(client, procuratorate=lanzhou.pk) == [saturday.pk]
    # Wrong input: a clear error, no entry.
    response = client.get(
        reverse("audit-log"), {"date_from": "2026-03-01", "date_to": "2026-02-01"}
    )
    assert response.status_code == 400 and not list(response.context["page"])
    with translation.override("zh-hans"):
        assert (
            translation.gettext("The first date is after the last: swap them.")
            in response.content.decode()
        )
    response = client.get(reverse("audit-log"), {"date_from": "yesterday"})
    assert response.status_code == 400
    assert client.get(reverse("audit-log-export"), {"action": "nonsense"}).status_code == 400


def test_a_liaison_of_one_procuratorate_is_not_offered_a_procuratorate_filter(
    gs_liaison, sn_liaison_officer, lanzhou
):
    assert "procuratorate" in browser(gs_liaison).get(reverse("audit-log")).context["form"].fields
    assert (
        "procuratorate"
        not in browser(sn_liaison_officer).get(reverse("audit-log")).context["form"].fields
    )


def test_the_csv(clock, gs_administrator, gs_prosecutor, entries):
    at = dt.datetime(2026, 3, 2, 0, 30, tzinfo=SHANGHAI)  # 1 March in UTC
    clock.move_to(at)
    audit_record(Action.PASSWORD_CHANGED, actor=gs_prosecutor, target=gs_prosecutor)
    client = browser(gs_administrator)
    rows = exported(client, action=Action.PASSWORD_CHANGED)
    with translation.override("zh-hans"):
        assert rows[0][0] == translation.gettext("Time (Beijing)")
        event = str(Action.PASSWORD_CHANGED.label)
        outcome = str(Outcome.SUCCESS.label)
    assert rows[1][:5] == [
        "2026-03-02 00:30:00",
        gs_prosecutor.username,
        str(member("GS")),
        event,
        outcome,
    ]
    assert rows[1][7] == str(gs_prosecutor)
    assert len(rows) == 2
    # A user name that would start a formula stays text.
    (row,) = exported(client, action=Action.SIGN_IN_FAILED)[1:]
    assert row[1] == "'=cmd|' /C calc'!A0"
    # The export is itself recorded, with what was exported.
    export = AuditEntry.objects.filter(action=Action.EXPORT).latest("id")
    assert_from_the_browser(export, gs_administrator)
    assert "audit-log-" in export.detail and "sign_in_failed" in export.detail


@pytest.mark.parametrize("count", [2, 60])
def test_the_page_s_query_count_does_not_grow(
    count, gs_liaison, gs_prosecutor, django_assert_max_num_queries
):
    for _ in range(count):
        audit_record(Action.SIGN_IN, actor=gs_prosecutor)
    client = browser(gs_liaison)
    client.get(reverse("audit-log"))  # the session's first request records it
    with django_assert_max_num_queries(8):
        response = client.get(reverse("audit-log"), {"page": 2 if count > 50 else 1})
    assert response.status_code == 200


def test_the_admin_reads_the_log_scoped_and_changes_nothing(gs_liaison, entries):
    client = browser(gs_liaison)
    listing = client.get("/admin/portal/auditentry/")
    assert listing.status_code == 200
    shown = {entry.pk for entry in listing.context["cl"].result_list}
    assert entries["gs"].pk in shown and entries["sn"].pk not in shown
    assert client.get(f"/admin/portal/auditentry/{entries['gs'].pk}/change/").status_code == 200
    assert client.get(f"/admin/portal/auditentry/{entries['sn'].pk}/change/").status_code == 302
    assert client.get("/admin/portal/auditentry/add/").status_code == 403
    response = client.post(f"/admin/portal/auditentry/{entries['gs'].pk}/delete/", {"post": "yes"})
    assert response.status_code == 403
    assert AuditEntry.objects.filter(pk=entries["gs"].pk).exists()


# Retention and append-only.


def test_the_purge_removes_only_entries_older_than_the_retention(clock, settings, gs_prosecutor):
    settings.AUDIT_RETENTION_DAYS = 365
    start = dt.datetime(2025, 1, 1, 9, tzinfo=SHANGHAI)
    clock.move_to(start)
    old = audit_record(Action.SIGN_IN, actor=gs_prosecutor)
    clock.move_to(start + dt.timedelta(days=200))
    recent = audit_record(Action.SIGN_IN, actor=gs_prosecutor)
    clock.move_to(start + dt.timedelta(days=366))
    assert purge_audit_log() == 1
    assert list(AuditEntry.objects.values_list("pk", flat=True)) == [recent.pk]
    assert audit_purge() == 0
    assert not AuditEntry.objects.filter(pk=old.pk).exists()
    assert BEAT_SCHEDULE["purge-audit-log"]["task"] == "portal.purge_audit_log"


def test_the_default_retention_is_a_year():
    from portal import settings as portal_settings

    assert portal_settings.AUDIT_RETENTION_DAYS == 365


def test_postgresql_refuses_to_change_an_entry(gs_prosecutor):
    assert connection.vendor == "postgresql"
    entry = audit_record(Action.SIGN_IN, actor=gs_prosecutor)
    with pytest.raises(ValueError):
        entry.save()
    for change in (
        lambda: AuditEntry.objects.filter(pk=entry.pk).update(detail="forged"),
        lambda: AuditEntry.objects.filter(pk=entry.pk).update(actor=None, username="someone"),
    ):
        with pytest.raises(DatabaseError), transaction.atomic():
            change()
    entry.refresh_from_db()
    assert (entry.detail, entry.username) == ("", gs_prosecutor.username)
    # Deleting an account keeps its entries, by name, without the link.
    gs_prosecutor.delete()
    entry.refresh_from_db()
    assert (entry.actor, entry.username) == (None, "t-gs-prosecutor")
