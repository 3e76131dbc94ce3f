"""A typical case from a Shaanxi draft to a Gansu researcher's saved search, in Chromium."""

from pathlib import Path

import pytest
from django.core.management import call_command

from casebank.library.models import CaseStatus, TypicalCase
from casebank.search.models import SavedSearch

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots" / "library-journey"


def shot(page, name):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / f"{name}.png", full_page=True)


def test_a_case_from_draft_to_a_researchers_saved_search(sign_in):
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115

    # 1. sn-prosecutor writes a case and saves it as a draft.
    page = sign_in("sn-prosecutor")
    page.click("[data-testid=nav-library]")
    page.click("[data-testid=case-new]")
    page.fill("input[name=title]", "赵小龙盗掘古墓葬案")
    page.fill("input[name=decided_on]", "2026-05-20")
    page.select_option("select[name=category]", "cultural_relics")
    page.fill("input[name=charges]", "盗掘古墓葬罪")
    page.fill("input[name=keywords]", "古墓葬、唐代壁画")
    page.fill("textarea[name=key_points]", "盗掘古墓葬并盗走墓室壁画的，应从重处罚。")
    page.fill(
        "textarea[name=facts]",
        "2025年3月，被告人赵小龙伙同他人在咸阳市盗掘唐代墓葬一座，揭取墓室壁画三幅。"
        "赵小龙身份证号码610402198503150011。",
    )
    page.fill("textarea[name=handling]", "检察机关与文物流入地检察机关协作，追回全部壁画。")
    page.fill("textarea[name=significance]", "依法严惩盗掘古墓葬犯罪，保护丝路文化遗产。")
    page.fill("input[name=outcomes-0-defendant]", "赵小龙")
    page.fill("input[name=outcomes-0-charge]", "盗掘古墓葬罪")
    page.select_option("select[name=outcomes-0-sentence_type]", "imprisonment")
    page.fill("input[name=outcomes-0-term_months]", "132")
    page.fill("input[name=outcomes-0-fine_yuan]", "80000")
    shot(page, "1-sn-prosecutor-writes")
    page.click("[data-testid=case-save]")
    page.wait_for_selector("[data-testid=case-page]")
    draft_url = page.url
    case = TypicalCase.objects.get(title="赵小龙盗掘古墓葬案")
    assert case.status == CaseStatus.DRAFT

    # 2. xj-prosecutor cannot see another province's draft.
    outsider = sign_in("xj-prosecutor")
    assert outsider.goto(draft_url).status == 404
    shot(outsider, "2-xj-prosecutor-404")

    # 3. sn-prosecutor checks what will be shared, masked, and submits it.
    page.goto(draft_url)
    page.click("[data-testid=step-submit]")
    preview = page.inner_text("[data-testid=shared-preview]")
    assert "赵某某" in preview and "赵小龙" not in preview and "610402" not in preview
    shot(page, "3-sn-prosecutor-checks-the-masking")
    page.check("input[name=confirmed]")
    page.click("[data-testid=confirm-submit]")
    page.wait_for_selector("[data-testid=case-status]:has-text('已提交审核')")

    # 4. sn-liaison reviews it and publishes it to the six members.
    reviewer = sign_in("sn-liaison")
    reviewer.click("[data-testid=nav-library]")
    reviewer.click("[data-testid=tab-province-cases]")
    reviewer.click("text=赵某某盗掘古墓葬案")
    reviewer.click("[data-testid=step-publish]")
    reviewer.wait_for_selector("[data-testid=case-status]:has-text('已发布')")
    code = reviewer.inner_text("[data-testid=case-code]")
    assert code.startswith("SN-")
    shot(reviewer, "4-sn-liaison-publishes")

    # 5. gs-researcher is notified, finds it by a two-character query and saves the search.
    researcher = sign_in("gs-researcher")
    researcher.click("[data-testid=inbox-link]")
    researcher.wait_for_selector("text=案例库新增典型案例：赵某某盗掘古墓葬案")
    shot(researcher, "5-gs-researcher-is-notified")
    researcher.click("[data-testid=nav-library]")
    researcher.fill("[data-testid=library-search] input[name=q]", "壁画")
    researcher.click("[data-testid=library-search] button")
    results = researcher.locator("[data-testid=search-results]")
    results.locator("text=赵某某盗掘古墓葬案").wait_for()
    assert "壁画" in results.inner_text()
    shot(researcher, "6-gs-researcher-searches")
    researcher.fill("input[name=name]", "壁画盗掘")
    researcher.click("[data-testid=save-search]")
    researcher.wait_for_selector("[data-testid=saved-search-table]")
    saved = SavedSearch.objects.get(user__username="gs-researcher")
    assert saved.query == "壁画"

    # 6. ... and opens the sentencing comparison for its charge.
    researcher.goto(case.get_absolute_url())
    researcher.click("[data-testid=case-compare]")
    table = researcher.locator("[data-testid=compare-table]")
    table.wait_for()
    assert "陕西" in table.inner_text()
    assert researcher.locator("[data-testid=compare-form] input[name=charge]").input_value() == (
        "盗掘古墓葬罪"
    )
    shot(researcher, "7-gs-researcher-compares")
