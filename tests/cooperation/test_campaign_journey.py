"""A joint campaign from launch to the results across provinces, in headless Chromium."""

from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import timezone

from cooperation.campaigns.models import Campaign, CampaignReport

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots" / "campaign-journey"


def shot(page, name):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / f"{name}.png", full_page=True)


def test_members_run_a_joint_campaign_and_see_the_results_across_provinces(sign_in):
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    today = timezone.localdate()
    demo = Campaign.objects.get(title="西北五省（区）打击跨区域毒品犯罪联合集中整治行动")
    assert demo.state(today) == "running"
    reporting = set(demo.reports.values_list("procuratorate__province", flat=True))
    assert len(reporting) == 5 and demo.reports.filter(version__gt=1).exists()
    start = today.replace(day=1)

    # 1. Gansu's liaison officer launches a campaign with Shaanxi and Qinghai.
    page = sign_in("gs-liaison")
    page.click("[data-testid=nav-campaigns]")
    page.wait_for_selector("[data-testid=campaign-table]")
    shot(page, "01-list")
    page.click("[data-testid=new-campaign]")
    page.fill("input[name=title]", "打击破坏野生动物资源犯罪联合集中整治行动")
    page.select_option("select[name=category]", "nature_reserves")
    page.fill("input[name=starts_on]", start.isoformat())
    page.fill("input[name=ends_on]", start.replace(year=start.year + 1).isoformat())
    page.fill("textarea[name=goals]", "严厉打击非法猎捕、收购、运输、出售珍贵濒危野生动物犯罪。")
    for name in ("陕西省人民检察院", "青海省人民检察院"):
        page.get_by_label(name).check()
    shot(page, "02-form")
    page.click("[data-testid=save-campaign]")
    page.wait_for_selector("[data-testid=campaign-summary]")
    campaign = Campaign.objects.get(title="打击破坏野生动物资源犯罪联合集中整治行动")

    # 2. Shaanxi's liaison officer reports this month's results through the page.
    page = sign_in("sn-liaison")
    page.goto(campaign.get_absolute_url())
    form = page.locator("[data-testid=report-form]")
    form.locator("input[name=arrests_approved]").fill("6")
    form.locator("input[name=persons_prosecuted]").fill("9")
    form.locator("input[name=proceeds_recovered]").fill("45.5")
    form.locator("textarea[name=work_results]").fill("提前介入引导侦查2件，追诉漏犯1人。")
    form.locator("button[type=submit]").click()
    page.wait_for_selector("[data-testid=summary-SN]")
    assert page.locator("[data-testid=summary-SN] td").nth(1).inner_text() == "6"
    assert CampaignReport.objects.get(campaign=campaign).reported_by.username == "sn-liaison"

    # 3. The chart draws the same numbers as the table, from the portal's own ECharts.
    page.wait_for_selector("[data-testid=campaign-chart][data-rendered=yes] svg")
    shot(page, "03-results")

    # 4. The demo campaign shows five members' results, a correction, and the chart.
    page.goto("/campaigns/")
    page.click("text=西北五省（区）打击跨区域毒品犯罪联合集中整治行动")
    page.wait_for_selector("[data-testid=campaign-chart][data-rendered=yes] svg")
    assert page.locator("[data-testid=summary-total]").is_visible()
    shot(page, "04-demo-campaign")

    # 5. Ningxia takes no part: the campaign is not there for it.
    page = sign_in("nx-liaison")
    response = page.goto(campaign.get_absolute_url())
    assert response.status == 404
    page.goto("/campaigns/?state=all")
    assert "打击破坏野生动物资源犯罪联合集中整治行动" not in page.content()
