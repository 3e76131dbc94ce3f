"""A researcher searches the library, narrows the results, saves the search, and is alerted, in
headless Chromium."""

from pathlib import Path

import pytest
from django.core import mail
from django.core.management import call_command
from playwright.sync_api import expect

from casebank.library.models import TypicalCase
from casebank.search.models import SavedSearch
from casebank.search.tasks import saved_searches_case_published
from portal.models import CaseCategory
from tests.casebank.search_data import make_case

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots" / "search-journey"


def shot(page, name):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / f"{name}.png", full_page=True)


def test_a_researcher_finds_saves_and_is_alerted(sign_in):
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    TypicalCase.objects.all().delete()  # only this journey's cases in the results
    make_case(
        title="李某某走私文物案",
        keywords=["文物保护", "走私"],
        key_points="走私国家禁止出口的文物的，应当依法从严惩处。",
        facts="被告人李某某将盗掘所得的陶罐等文物<三件>藏匿于货车夹层，企图运输出境。",
        province="SN",
        category=CaseCategory.CULTURAL_RELICS,
        charges=["走私文物罪"],
    )
    make_case(
        title="赵某某诈骗案",
        keywords=["诈骗"],
        facts="赵某某在人文物理学讲座上冒充专家骗取听众钱款。",
        province="QH",
        category=CaseCategory.CYBERCRIME,
        charges=["诈骗罪"],
    )
    for index in range(3):
        make_case(title=f"王某{index}贩卖毒品案", facts="贩卖毒品。", category=CaseCategory.DRUGS)

    page = sign_in("gs-researcher")
    page.goto("/library/search/")
    page.fill("[data-testid=search-query]", "文物")
    page.click("[data-testid=search-submit]")
    page.wait_for_selector("[data-testid=search-results] mark")
    assert "2" in page.inner_text("[data-testid=search-count]")
    assert page.locator("[data-testid=search-results] li").count() == 2
    shot(page, "1-two-character-query")

    # Narrow to Shaanxi by its facet (htmx swaps the results in place), then search within.
    page.click("[data-testid=facet-province] a:has-text('陕西')")
    page.wait_for_url("**province=SN**")
    # Playwright's locator assertions, not a string of JavaScript: the CSP refuses eval.
    expect(page.locator("[data-testid=search-results] li")).to_have_count(1)
    page.fill("#id_within", "货车")
    page.click("[data-testid=within-form] button")
    page.wait_for_url("**within=**")
    assert "<三件>" in page.inner_text("[data-testid=search-results]")
    shot(page, "2-filtered-within")

    page.fill("input[name=name]", "陕西文物走私")
    page.select_option("select[name=rate]", "immediately")
    page.click("[data-testid=save-search]")
    page.wait_for_selector("[data-testid=saved-search-table]")
    assert "陕西文物走私" in page.inner_text("[data-testid=saved-search-table]")
    shot(page, "3-saved-searches")
    saved_search = SavedSearch.objects.get(name="陕西文物走私")
    assert saved_search.query == "文物 货车"
    assert saved_search.filters == {"province": "SN"}

    # A new matching case is published: one mail, with a link that turns the alerts off.
    mail.outbox.clear()
    case = make_case(
        title="周某某倒卖文物案",
        facts="周某某驾驶货车将收购的文物运往外省倒卖。",
        province="SN",
        category=CaseCategory.CULTURAL_RELICS,
    )
    saved_searches_case_published(case.pk)
    assert len(mail.outbox) == 1
    link = next(line for line in mail.outbox[0].body.splitlines() if "/unsubscribe/" in line)
    anonymous = page.context.browser.new_page(locale="zh-CN")
    anonymous.goto(
        link.split(" ")[-1].replace("http://127.0.0.1:8000", page.url.split("/library")[0])
    )
    shot(anonymous, "4-unsubscribe-asks")
    anonymous.click("[data-testid=unsubscribe-confirm]")
    assert "不再收到" in anonymous.inner_text("[data-testid=unsubscribed]")
    shot(anonymous, "4-unsubscribed")
    anonymous.close()
    saved_search.refresh_from_db()
    assert saved_search.rate == SavedSearch.Rate.OFF
