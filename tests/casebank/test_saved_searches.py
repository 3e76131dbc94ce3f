"""Saved searches: saving, the list, alerts sent once, digests by rate, the unsubscribe link."""

import datetime as dt
import smtplib
from unittest import mock

import pytest
import time_machine
from django.core import mail, signing
from django.urls import reverse

from casebank.library.models import CaseStatus
from casebank.search.models import SavedSearch, SavedSearchMatch
from casebank.search.services import (
    UNSUBSCRIBE_SALT,
    index_cases,
    saved_search_create,
    saved_search_send_alert,
    unsubscribe_token,
)
from casebank.search.tasks import saved_searches_case_published, send_saved_search_digests
from portal.models import Role
from tests.casebank.search_data import make_case
from tests.factories import UserFactory, member

LIST = "/library/saved-searches/"


@pytest.fixture
def xj_researcher(db):
    return UserFactory(
        username="t-xj-researcher", procuratorate=member("XJ"), roles=[Role.RESEARCHER]
    )


def saved(user, query="毒品", rate=SavedSearch.Rate.IMMEDIATELY, **filters) -> SavedSearch:
    return saved_search_create(user=user, name=query, query=query, filters=filters, rate=rate)


def publish(**fields):
    """A case published now, then the hook the publishing service queues after commit."""
    case = make_case(**fields)
    saved_searches_case_published.delay(case.pk)
    return case


def test_saving_the_search_of_the_page(client, gs_researcher):
    client.force_login(gs_researcher)
    response = client.post(
        reverse("casebank:saved-search-new"),
        {"q": "毒品", "within": "缓刑", "province": "GS", "name": "", "rate": "weekly"},
    )
    assert response.status_code == 302
    assert response["Location"] == LIST
    saved_search = SavedSearch.objects.get(user=gs_researcher)
    assert (saved_search.name, saved_search.query, saved_search.filters, saved_search.rate) == (
        "毒品 缓刑",
        "毒品 缓刑",
        {"province": "GS"},
        "weekly",
    )


def test_saving_nothing_or_bad_filters_is_refused(client, gs_researcher):
    client.force_login(gs_researcher)
    response = client.post(
        reverse("casebank:saved-search-new"), {"q": "", "rate": "daily"}, follow=True
    )
    assert "Enter words to search for" in response.content.decode() or "输入" in (
        response.content.decode()
    )
    client.post(reverse("casebank:saved-search-new"), {"q": "毒品", "province": "XX", "rate": "x"})
    client.post(
        reverse("casebank:saved-search-new"), {"q": "毒品", "province": "XX", "rate": "daily"}
    )
    assert not SavedSearch.objects.exists()


def test_the_list_shows_only_mine_and_changes_rates(client, gs_researcher, xj_researcher):
    mine = saved(gs_researcher, rate=SavedSearch.Rate.DAILY)
    theirs = saved(xj_researcher, query="文物")
    client.force_login(gs_researcher)
    page = client.get(LIST).content.decode()
    assert f'data-testid="rate-form-{mine.pk}"' in page
    assert f'data-testid="rate-form-{theirs.pk}"' not in page
    response = client.post(
        reverse("casebank:saved-search-rate", args=[mine.pk]), {f"s{mine.pk}-rate": "weekly"}
    )
    assert response.status_code == 302
    mine.refresh_from_db()
    assert mine.rate == SavedSearch.Rate.WEEKLY
    # Another user's search answers 404 and stays as it was.
    url = reverse("casebank:saved-search-rate", args=[theirs.pk])
    assert client.post(url, {f"s{theirs.pk}-rate": "off"}).status_code == 404
    url = reverse("casebank:saved-search-delete", args=[theirs.pk])
    assert client.post(url).status_code == 404
    theirs.refresh_from_db()
    assert theirs.rate == SavedSearch.Rate.IMMEDIATELY
    client.post(reverse("casebank:saved-search-delete", args=[mine.pk]))
    assert not SavedSearch.objects.filter(pk=mine.pk).exists()


def test_the_list_query_count_does_not_grow(client, gs_researcher, django_assert_max_num_queries):
    saved(gs_researcher)
    client.force_login(gs_researcher)
    with django_assert_max_num_queries(6) as few:
        assert client.get(LIST).status_code == 200
    for index in range(15):
        saved(gs_researcher, query=f"词{index}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(LIST)


def test_anonymous_visitors_get_the_login_page(client, gs_researcher):
    mine = saved(gs_researcher)
    for url in (LIST, reverse("casebank:saved-search-new")):
        response = client.get(url)
        assert response.status_code in (302, 405)
    response = client.post(reverse("casebank:saved-search-delete", args=[mine.pk]))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    assert SavedSearch.objects.filter(pk=mine.pk).exists()


def test_a_published_case_is_sent_once_to_immediate_searches(gs_researcher, xj_researcher):
    mail.outbox.clear()
    mine = saved(gs_researcher)
    theirs = saved(xj_researcher, query="毒品", province="SN")
    daily = saved(gs_researcher, query="毒品 海洛因", rate=SavedSearch.Rate.DAILY)
    off = saved(gs_researcher, query="贩卖", rate=SavedSearch.Rate.OFF)
    case = publish(title="王某贩卖毒品案", facts="贩卖毒品海洛因五十克。", province="GS")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [gs_researcher.email]
    assert "王某贩卖毒品案" in message.body
    assert reverse("casebank:saved-search-unsubscribe", args=[unsubscribe_token(mine)]) in (
        message.body
    )
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert SavedSearchMatch.objects.filter(case=case).count() == 2  # mine and the daily one
    assert not SavedSearchMatch.objects.filter(saved_search__in=[theirs, off]).exists()
    # The hook runs again (a retried task, a second publication): nothing more is sent.
    saved_searches_case_published.delay(case.pk)
    saved_searches_case_published(case.pk)
    assert len(mail.outbox) == 1
    assert SavedSearchMatch.objects.filter(saved_search=mine).get().sent_at is not None
    assert SavedSearchMatch.objects.filter(saved_search=daily).get().sent_at is None


def test_drafts_are_never_alerted(gs_researcher):
    mail.outbox.clear()
    saved(gs_researcher)
    draft = make_case(title="草稿毒品案", status=CaseStatus.DRAFT)
    saved_searches_case_published(draft.pk)
    assert mail.outbox == []
    assert not SavedSearchMatch.objects.exists()


def test_daily_and_weekly_digests(gs_researcher):
    mail.outbox.clear()
    daily = saved(gs_researcher, rate=SavedSearch.Rate.DAILY)
    weekly = saved(gs_researcher, query="文物", rate=SavedSearch.Rate.WEEKLY)
    with time_machine.travel(dt.datetime(2026, 3, 2, 9, tzinfo=dt.UTC), tick=False):
        publish(title="甲毒品案")
        publish(title="乙毒品案")
        publish(title="丙走私文物案")
        assert mail.outbox == []
        assert send_saved_search_digests.delay("daily").get() == 1
        assert len(mail.outbox) == 1
        assert "甲毒品案" in mail.outbox[0].body and "乙毒品案" in mail.outbox[0].body
        assert "2" in mail.outbox[0].subject
        assert send_saved_search_digests("daily") == 0  # run again: nothing new
        assert len(mail.outbox) == 1
        send_saved_search_digests("weekly")
        assert len(mail.outbox) == 2 and "丙走私文物案" in mail.outbox[1].body
        send_saved_search_digests("weekly")
        assert len(mail.outbox) == 2
    daily.refresh_from_db()
    weekly.refresh_from_db()
    assert daily.last_sent_at == dt.datetime(2026, 3, 2, 9, tzinfo=dt.UTC)


def test_a_case_withdrawn_before_the_digest_is_not_sent(gs_researcher):
    mail.outbox.clear()
    saved(gs_researcher, rate=SavedSearch.Rate.DAILY)
    case = publish(title="甲毒品案")
    case.status = CaseStatus.WITHDRAWN
    case.save()
    index_cases([case.pk])
    send_saved_search_digests("daily")
    assert mail.outbox == []
    assert SavedSearchMatch.objects.get().sent_at is not None


def test_a_mail_server_failure_keeps_the_matches_for_the_retry(gs_researcher, settings):
    mail.outbox.clear()
    saved_search = saved(gs_researcher, rate=SavedSearch.Rate.DAILY)
    publish(title="甲毒品案")
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    refused = smtplib.SMTPConnectError(421, "busy")
    with mock.patch("smtplib.SMTP", side_effect=refused), pytest.raises(smtplib.SMTPException):
        saved_search_send_alert(saved_search_id=saved_search.pk)
    assert SavedSearchMatch.objects.get().sent_at is None
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert saved_search_send_alert(saved_search_id=saved_search.pk) == 1
    assert len(mail.outbox) == 1


def test_the_unsubscribe_link_works_without_signing_in(client, gs_researcher):
    saved_search = saved(gs_researcher, rate=SavedSearch.Rate.DAILY)
    url = reverse("casebank:saved-search-unsubscribe", args=[unsubscribe_token(saved_search)])
    # Opening the link (as a mail scanner does) only asks.
    response = client.get(url)
    assert response.status_code == 200
    assert 'data-testid="unsubscribe-confirm"' in response.content.decode()
    saved_search.refresh_from_db()
    assert saved_search.rate == SavedSearch.Rate.DAILY
    # The page's button posts, as a mail client's one-click does (RFC 8058), without signing in.
    response = client.post(url, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert 'data-testid="unsubscribed"' in response.content.decode()
    saved_search.refresh_from_db()
    assert saved_search.rate == SavedSearch.Rate.OFF
    assert client.post(url).status_code == 200  # and again: it stays off
    mail.outbox.clear()
    publish(title="甲毒品案")
    assert mail.outbox == []


def test_a_bad_unsubscribe_link_changes_nothing(client, gs_researcher, xj_researcher):
    saved_search = saved(gs_researcher, rate=SavedSearch.Rate.DAILY)
    token = unsubscribe_token(saved_search)
    other = saved(xj_researcher)
    forged = signing.dumps({"search": other.pk, "user": gs_researcher.pk}, salt=UNSUBSCRIBE_SALT)
    foreign_key = signing.dumps(
        {"search": other.pk, "user": xj_researcher.pk}, key="another-key", salt=UNSUBSCRIBE_SALT
    )
    for bad in (token[:-2] + "xx", "nonsense", forged, foreign_key):
        url = reverse("casebank:saved-search-unsubscribe", args=[bad])
        for response in (client.get(url), client.post(url)):
            assert response.status_code == 400
            assert 'data-testid="unsubscribe-error"' in response.content.decode()
    saved_search.refresh_from_db()
    other.refresh_from_db()
    assert (saved_search.rate, other.rate) == ("daily", "immediately")
