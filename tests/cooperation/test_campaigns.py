"""Joint campaigns: launching, period reports and their corrections, the summary, reminders,
pages and API, as the organiser, a participant, an outsider from another province and an
anonymous visitor."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from cooperation.campaigns import services
from cooperation.campaigns.models import Campaign, CampaignReminder, CampaignReport
from cooperation.campaigns.selectors import campaign_detail, campaign_summary
from portal.models import Notification, Role
from tests.factories import (
    ProcuratorateFactory,
    UserFactory,
    campaign_data as data,
    make_campaign as launch,
    member,
    person,
)

SHANGHAI = dt.timezone(dt.timedelta(hours=8))
NOW = dt.datetime(2026, 5, 5, 9, 0, tzinfo=SHANGHAI)
pytestmark = [pytest.mark.clock(NOW), pytest.mark.usefixtures("clock")]

CAMPAIGNS = "/api/v1/campaigns/"


def zh(message: str) -> str:
    with translation.override("zh-hans"):
        return gettext(message)


@pytest.fixture
def xj_liaison(db):
    return person("t-xj-liaison", "XJ", Role.LIAISON)


def figures(arrests=3, persons=5, proceeds="12.50", work_results=""):
    return {
        "arrests_approved": arrests,
        "persons_prosecuted": persons,
        "proceeds_recovered": proceeds,
        "work_results": work_results,
    }


def report(user, campaign, code, day, reason="", **kwargs):
    return services.campaign_report_save(
        user=user,
        campaign=campaign,
        procuratorate=member(code),
        period_start=day,
        data=figures(**kwargs),
        reason=reason,
    )


# Services.


def test_a_members_liaison_launches_a_campaign_and_the_others_are_told(gs_liaison, sn_liaison):
    campaign = launch(gs_liaison, "SN")
    assert campaign.organiser == member("GS") and campaign.state() == "running"
    assert set(campaign.participants.values_list("procuratorate__code", flat=True)) == {"GS", "SN"}
    notice = Notification.objects.get(recipient=sn_liaison)
    assert campaign.title in notice.message and notice.url == campaign.get_absolute_url()
    assert [p.start for p in campaign.periods()][:2] == [dt.date(2026, 3, 1), dt.date(2026, 4, 1)]
    assert campaign.periods()[0].due == dt.date(2026, 4, 10)


def test_launching_is_refused_with_reasons_and_nothing_is_saved(
    gs_liaison, gs_prosecutor, xining_prosecutor
):
    for user in (gs_prosecutor, xining_prosecutor):  # not a member's liaison or chief
        with pytest.raises(PermissionDenied):
            launch(user, "SN")
    with pytest.raises(ValidationError) as error:
        services.campaign_create(
            user=gs_liaison,
            data=data(title="", ends_on=dt.date(2026, 2, 1), category="nonsense"),
            participants=[member("GS")],
        )
    assert set(error.value.message_dict) >= {"participants", "title", "ends_on", "category"}
    assert not Campaign.objects.exists()


def test_only_member_procuratorates_take_part(client, gs_liaison, xining):
    """A city procuratorate below a member is no participant, by the service and the API alike."""
    with pytest.raises(ValidationError) as error:
        services.campaign_create(user=gs_liaison, data=data(), participants=[member("SN"), xining])
    assert error.value.message_dict["participants"] == [
        "只有成员单位（五省（区）和兵团的省级人民检察院）参加联合集中整治行动。"
    ]
    client.force_login(gs_liaison)
    body = {**data(), "starts_on": "2026-03-01", "ends_on": "2026-08-31"}
    response = client.post(
        CAMPAIGNS,
        {**body, "participants": [member("SN").pk, xining.pk]},
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="zh-hans",
    )
    assert response.status_code == 400
    assert response.json()["fields"]["participants"] == [
        "只有成员单位（五省（区）和兵团的省级人民检察院）参加联合集中整治行动。"
    ]
    assert not Campaign.objects.exists()
    assert not Notification.objects.exists()


def test_participants_report_each_period_and_corrections_keep_history(
    gs_liaison, sn_liaison, qh_liaison, sn_prosecutor
):
    campaign = launch(gs_liaison, "SN")
    first = report(sn_liaison, campaign, "SN", dt.date(2026, 3, 1), arrests=4, persons=6)
    assert first.version == 1
    assert Notification.objects.filter(recipient=gs_liaison, target_id=campaign.pk).count() == 1
    with pytest.raises(ValidationError) as error:
        report(sn_liaison, campaign, "SN", dt.date(2026, 3, 1), arrests=5)
    assert "reason" in error.value.message_dict
    march, april = dt.date(2026, 3, 1), dt.date(2026, 4, 1)
    corrected = report(sn_liaison, campaign, "SN", march, arrests=5, reason="漏报一件")
    assert corrected.pk == first.pk and corrected.version == 2 and corrected.arrests_approved == 5
    revision = corrected.revisions.get()
    assert (revision.version, revision.arrests_approved, revision.reason) == (1, 4, "漏报一件")
    assert CampaignReport.objects.count() == 1
    for user, code in ((qh_liaison, "QH"), (sn_prosecutor, "SN"), (sn_liaison, "GS")):
        with pytest.raises(PermissionDenied):
            report(user, campaign, code, dt.date(2026, 4, 1))
    for day in (dt.date(2026, 6, 1), dt.date(2026, 3, 15), None):  # future, not a period, none
        with pytest.raises(ValidationError) as error:
            report(sn_liaison, campaign, "SN", day)
        assert "period_start" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        report(sn_liaison, campaign, "SN", april, arrests=-1, persons="x", proceeds="")
    assert set(error.value.message_dict) == {
        "arrests_approved",
        "persons_prosecuted",
        "proceeds_recovered",
    }
    assert CampaignReport.objects.count() == 1


def test_summary_adds_up_each_participant_and_flags_late_reports(gs_liaison, sn_liaison):
    campaign = launch(gs_liaison, "SN", "XJ")
    report(sn_liaison, campaign, "SN", dt.date(2026, 3, 1), arrests=3, persons=5, proceeds="10")
    report(sn_liaison, campaign, "SN", dt.date(2026, 4, 1), arrests=2, persons=1, proceeds="2.5")
    report(gs_liaison, campaign, "GS", dt.date(2026, 3, 1), arrests=7, persons=9, proceeds="100")
    summary = campaign_summary(campaign_detail(user=gs_liaison, pk=campaign.pk))
    rows = {row["procuratorate"].code: row for row in summary.rows}
    assert (rows["SN"]["arrests_approved"], rows["SN"]["persons_prosecuted"]) == (5, 6)
    assert rows["SN"]["proceeds_recovered"] == Decimal("12.50") and rows["SN"]["reported"] == 2
    assert rows["XJ"]["reported"] == 0
    assert summary.totals == {
        "arrests_approved": 12,
        "persons_prosecuted": 15,
        "proceeds_recovered": Decimal("112.50"),
    }
    march, april, may = summary.periods  # June has not begun
    assert [cell["late"] for cell in march["cells"]] == [False, False, True]  # GS, SN, XJ
    assert not any(cell["late"] for cell in april["cells"])  # due 10 May
    assert not may["closed"]
    assert summary.chart["arrests_approved"] == [7, 5, 0]


def test_reminders_are_sent_once_to_participants_still_to_report(
    gs_liaison, sn_liaison, xj_liaison
):
    campaign = launch(gs_liaison, "SN", "XJ")
    report(sn_liaison, campaign, "SN", dt.date(2026, 4, 1))
    # April is due on 10 May; March is late for all; SN has reported April only.
    sent = services.campaign_reminders_send()
    assert sent == 5  # March: GS, SN, XJ; April: GS, XJ
    assert services.campaign_reminders_send() == 0
    reminded = set(CampaignReminder.objects.values_list("procuratorate__code", "period_start"))
    assert ("SN", dt.date(2026, 4, 1)) not in reminded
    assert Notification.objects.filter(recipient=xj_liaison, verb__contains="are due").count() == 2


# Pages.


def content(response) -> str:
    return response.content.decode()


def test_pages_as_organiser_participant_outsider_and_anonymous(
    client, gs_liaison, sn_liaison, qh_liaison
):
    campaign = launch(gs_liaison, "SN")
    report(sn_liaison, campaign, "SN", dt.date(2026, 3, 1), arrests=4, persons=6, proceeds="8")
    detail = campaign.get_absolute_url()
    for user in (gs_liaison, sn_liaison):
        client.force_login(user)
        page = content(client.get(detail))
        assert campaign.title in page and 'data-testid="campaign-chart"' in page
        assert 'data-testid="summary-SN"' in page and "vendor/echarts/echarts.min.js" in page
        assert campaign.title in content(client.get(reverse("cooperation:campaign-list")))
    client.force_login(qh_liaison)
    assert client.get(detail).status_code == 404
    assert campaign.title not in content(client.get(reverse("cooperation:campaign-list")))
    report_url = reverse("cooperation:campaign-report", args=[campaign.pk])
    assert client.post(report_url, {}).status_code == 404
    client.logout()
    for url in (detail, reverse("cooperation:campaign-list"), report_url):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_a_participant_reports_through_the_page(client, gs_liaison, sn_liaison):
    campaign = launch(gs_liaison, "SN")
    client.force_login(sn_liaison)
    page = content(client.get(campaign.get_absolute_url()))
    assert 'data-testid="report-form"' in page
    url = reverse("cooperation:campaign-report", args=[campaign.pk])
    body = {
        "procuratorate": member("SN").pk,
        "period_start": "2026-04-01",
        "arrests_approved": "3",
        "persons_prosecuted": "4",
        "proceeds_recovered": "20.5",
    }
    response = client.post(url, {**body, "arrests_approved": "-2"})
    assert response.status_code == 400
    assert 'data-testid="error-arrests_approved"' in content(response)
    assert client.post(url, body).status_code == 302
    response = client.post(url, {**body, "arrests_approved": "5"})
    assert response.status_code == 400
    assert zh("Say why the reported figures are corrected.") in content(response)
    assert client.post(url, {**body, "arrests_approved": "5", "reason": "补报"}).status_code == 302
    page = content(client.get(campaign.get_absolute_url()))
    assert 'data-testid="campaign-corrections"' in page and "补报" in page
    client.force_login(gs_liaison)  # the organiser reports for its own procuratorate only
    page = content(client.get(campaign.get_absolute_url()))
    assert f'<input type="hidden" name="procuratorate" value="{member("GS").pk}"' in page


def test_only_a_members_liaison_or_chief_launches_through_the_page(
    client, gs_liaison, gs_prosecutor
):
    client.force_login(gs_prosecutor)
    assert 'data-testid="new-campaign"' not in content(
        client.get(reverse("cooperation:campaign-list"))
    )
    assert client.get(reverse("cooperation:campaign-create")).status_code == 403
    client.force_login(gs_liaison)
    url = reverse("cooperation:campaign-create")
    body = {
        "title": "打击危害野生动物犯罪联合集中整治行动",
        "category": "nature_reserves",
        "starts_on": "2026-05-01",
        "ends_on": "2026-04-01",
        "frequency": "quarterly",
        "goals": "守护祁连山生态。",
        "participants": [member("QH").pk],
    }
    response = client.post(url, body)
    assert response.status_code == 400 and 'data-testid="error-ends_on"' in content(response)
    assert client.post(url, {**body, "ends_on": "2026-12-31"}).status_code == 302
    campaign = Campaign.objects.get()
    assert campaign.frequency == "quarterly" and len(campaign.periods()) == 3


@pytest.mark.parametrize("count", [1, 8])
def test_campaign_pages_query_counts_are_fixed(
    client, gs_liaison, sn_liaison, count, django_assert_max_num_queries
):
    campaigns = [launch(gs_liaison, "SN", "XJ", title=f"联合集中整治行动{i}") for i in range(count)]
    for day in (dt.date(2026, 3, 1), dt.date(2026, 4, 1)):
        report(sn_liaison, campaigns[0], "SN", day)
    client.force_login(sn_liaison)
    with django_assert_max_num_queries(9):
        response = client.get(reverse("cooperation:campaign-list"))
    assert content(response).count('data-testid="campaign-row-') == count
    with django_assert_max_num_queries(13):
        response = client.get(campaigns[0].get_absolute_url())
    assert response.status_code == 200


def test_the_next_page_keeps_the_state_chosen(client, gs_liaison):
    for i in range(21):
        launch(gs_liaison, "SN", title=f"联合集中整治行动{i}")
    client.force_login(gs_liaison)
    page = content(client.get(reverse("cooperation:campaign-list"), {"state": "all"}))
    assert page.count('data-testid="campaign-row-') == 20
    assert 'href="?state=all&amp;page=2"' in page


# API.


def test_api_reads_as_participant_outsider_and_anonymous(
    client, gs_liaison, sn_liaison, qh_liaison
):
    campaign = launch(gs_liaison, "SN")
    report(sn_liaison, campaign, "SN", dt.date(2026, 3, 1), arrests=4, persons=6, proceeds="8")
    client.force_login(sn_liaison)
    assert [c["id"] for c in client.get(CAMPAIGNS).json()["results"]] == [campaign.pk]
    body = client.get(f"{CAMPAIGNS}{campaign.pk}/").json()
    assert body["state"] == "running" and body["reports_for"] == [member("SN").pk]
    sn_row = next(row for row in body["summary"] if row["province"] == "SN")
    assert (sn_row["arrests_approved"], sn_row["proceeds_recovered"]) == (4, "8.00")
    assert body["totals"]["persons_prosecuted"] == 6 and len(body["periods"]) == 6
    client.force_login(qh_liaison)
    assert client.get(CAMPAIGNS).json()["results"] == []
    response = client.get(f"{CAMPAIGNS}{campaign.pk}/")
    assert response.status_code == 404 and response.json()["code"] == "not_found"
    client.logout()
    assert client.get(CAMPAIGNS).status_code in (401, 403)


def test_api_launch_and_report(client, gs_liaison, sn_liaison, qh_liaison):
    client.force_login(gs_liaison)
    body = {**data(), "starts_on": "2026-03-01", "ends_on": "2026-08-31"}
    response = client.post(
        CAMPAIGNS, {**body, "participants": [member("SN").pk]}, content_type="application/json"
    )
    assert response.status_code == 201, response.content
    campaign_id = response.json()["id"]
    url = f"{CAMPAIGNS}{campaign_id}/reports/"
    figures_ = {"period_start": "2026-04-01", "arrests_approved": 2, "persons_prosecuted": 3}
    figures_["proceeds_recovered"] = "1.5"
    client.force_login(sn_liaison)
    response = client.post(
        url, {**figures_, "procuratorate": member("SN").pk}, content_type="application/json"
    )
    assert response.status_code == 201 and response.json()["version"] == 1
    response = client.post(
        url,
        {**figures_, "procuratorate": member("SN").pk, "arrests_approved": 3},
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 400
    assert response.json()["fields"]["reason"] == ["Say why the reported figures are corrected."]
    response = client.post(
        url,
        {**figures_, "procuratorate": member("SN").pk, "arrests_approved": 3, "reason": "更正"},
        content_type="application/json",
    )
    assert response.status_code == 200 and response.json()["revisions"][0]["arrests_approved"] == 2
    response = client.post(
        url, {**figures_, "procuratorate": member("GS").pk}, content_type="application/json"
    )
    assert response.status_code == 403
    client.force_login(qh_liaison)
    response = client.post(
        url, {**figures_, "procuratorate": member("QH").pk}, content_type="application/json"
    )
    assert response.status_code == 404


@pytest.mark.parametrize("count", [2, 12])
def test_api_list_queries_do_not_grow(
    client, gs_liaison, sn_liaison, count, django_assert_max_num_queries
):
    for i in range(count):
        launch(gs_liaison, "SN", "XJ", title=f"联合集中整治行动{i}")
    client.force_login(sn_liaison)
    with django_assert_max_num_queries(9):
        response = client.get(f"{CAMPAIGNS}?page_size=50")
    assert len(response.json()["results"]) == count


def test_city_procuratorates_see_campaigns_of_their_member_only_through_supervisors(
    client, gs_liaison
):
    """Campaigns are between members: a city prosecutor below a participant does not see it,
    the participant's own people do (the hierarchy rule looks down, not up)."""
    campaign = launch(gs_liaison, "SN")
    city = ProcuratorateFactory(code="SN-XA", parent=member("SN"), province="SN")
    city_prosecutor = UserFactory(username="t-xa", procuratorate=city, roles=[Role.PROSECUTOR])
    client.force_login(city_prosecutor)
    assert client.get(campaign.get_absolute_url()).status_code == 404


def test_pages_in_english_and_chinese(client, gs_liaison, sn_liaison):
    campaign = launch(gs_liaison, "SN")
    client.force_login(sn_liaison)
    page = content(client.get(campaign.get_absolute_url()))
    assert "各参与单位工作成效汇总" in page and "报送本单位工作成效" in page
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    page = content(client.get(campaign.get_absolute_url()))
    assert "Results across provinces" in page and "Report your results" in page
    assert "Shaanxi" in page  # the procuratorates in English too


@pytest.mark.parametrize("months", [1, 3])
def test_api_detail_queries_do_not_grow_with_the_reports(
    client, gs_liaison, sn_liaison, xj_liaison, months, django_assert_max_num_queries
):
    campaign = launch(gs_liaison, "SN", "XJ")
    for month in range(3, 3 + months):
        day = dt.date(2026, month, 1)
        report(sn_liaison, campaign, "SN", day)
        report(xj_liaison, campaign, "XJ", day)
        report(sn_liaison, campaign, "SN", day, arrests=9, reason="更正")
    client.force_login(gs_liaison)
    with django_assert_max_num_queries(12):
        body = client.get(f"{CAMPAIGNS}{campaign.pk}/").json()
    assert len(body["reports"]) == 2 * months
