"""In headless Chromium: a member of the public sends a lead, Gansu's liaison officer handles it;
a researcher compares the sentences for a charge across the six provinces."""

import datetime as dt
from pathlib import Path

import pytest
import time_machine
from django.core.cache import cache
from django.core.management import call_command

from casebank.leads.models import CaseLead
from tests.casebank.extras_data import make_case, other, prison

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]

SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots" / "casebank-extras"


def shot(page, name):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / f"{name}.png", full_page=True)


def test_a_lead_from_the_public_reaches_the_liaison_officer(browser, live_server, sign_in):
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    context = browser.new_context(
        locale="zh-CN", timezone_id="Asia/Shanghai", base_url=live_server.url
    )
    public = context.new_page()
    public.set_default_timeout(20_000)
    with time_machine.travel(dt.datetime.now(tz=dt.UTC), tick=True) as traveller:
        # 1. Anyone, without signing in, opens the form; the portal's pages stay closed.
        public.goto("/requests/")
        assert "/accounts/login/" in public.url
        public.goto("/leads/")
        assert public.locator("#portal-nav").count() == 0
        # A form sent with nothing in it names what is missing.
        traveller.shift(30)
        public.click("[data-testid=lead-submit]")
        public.wait_for_selector("[data-testid=error-subject]")
        shot(public, "1-public-form-errors")
        public.select_option("select[name=province]", "GS")
        public.fill("input[name=subject]", "黄河滩地有人夜间非法采砂")
        public.fill(
            "textarea[name=content]",
            "近一个月每晚十点后，有三辆挖掘机在村东黄河滩地采砂，运砂车从村道驶出，河岸已塌陷。",
        )
        public.fill("input[name=place]", "兰州市榆中县某村")
        public.fill("input[name=reporter_contact]", "13800000000")
        box = public.locator("input[name=homepage]").bounding_box()
        assert box["x"] + box["width"] <= 0  # off the page: people never see it
        traveller.shift(30)  # a person takes a while to write it
        public.click("[data-testid=lead-submit]")
        public.wait_for_selector("[data-testid=lead-receipt]")
        number = public.inner_text("[data-testid=receipt-number]")
        assert number.startswith("线索〔") and "GS" in number
        shot(public, "2-public-receipt")
    context.close()
    lead = CaseLead.objects.get()
    assert lead.receipt_number == number

    # 2. Gansu's liaison officer is notified, opens the lead and marks it handled.
    page = sign_in("gs-liaison")
    page.goto("/notifications/")
    assert number in page.content()
    page.goto("/library/leads/")
    shot(page, "3-liaison-inbox")
    page.click(f"text={number}")
    page.wait_for_selector("[data-testid=lead-status]")
    assert "黄河滩地" in page.content()
    page.click("[data-testid=lead-mark-handled]")
    page.wait_for_selector(".alert-success")
    shot(page, "4-liaison-lead-handled")
    lead.refresh_from_db()
    assert lead.status == CaseLead.Status.HANDLED

    # 3. Qinghai's liaison officer cannot open it.
    other_page = sign_in("qh-liaison")
    response = other_page.goto(f"/library/leads/{lead.pk}/")
    assert response.status == 404


def test_a_researcher_compares_sentences(sign_in):
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    cache.clear()
    terms = {"GS": [12, 36, 48, 60], "SN": [18, 24, 30], "QH": [60, 84, 96, 120], "NX": [6, 9]}
    terms |= {"XJ": [24, 36, 40], "BT": [30]}
    for province, months in terms.items():
        for index, term in enumerate(months):
            make_case(
                province,
                title=f"{province}某某盗窃文物案{index}",
                decided_on=dt.date(2024, 1 + index, 10),
                outcomes=[
                    prison(term, fine=10000 * (index + 1), suspended_for=12 if term < 24 else None),
                    other("fine_only", fine=5000),
                ],
            )
    page = sign_in("gs-researcher")
    page.goto("/library/compare/")
    page.fill("input[name=charge]", "盗窃罪")
    page.click("[data-testid=compare-submit]")
    page.wait_for_selector("[data-testid=box-plot]")
    assert page.locator("[data-testid=compare-table] tbody tr").count() == 6
    assert "新疆生产建设兵团" in page.inner_text("[data-testid=compare-table]")
    shot(page, "5-researcher-compares")
    page.emulate_media(media="print")  # the library's print stylesheet: content only
    assert not page.is_visible("nav") and not page.is_visible("[data-testid=compare-form]")
    shot(page, "6-comparison-printed")
    page.emulate_media(media="screen")
    page.click("[data-testid=compare-outliers] tbody tr:first-child a")
    assert "/library/cases/" in page.url
