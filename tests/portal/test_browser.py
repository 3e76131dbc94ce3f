"""A person's first visit, in headless Chromium."""

import re
from pathlib import Path

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"


def shot(page, name):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / f"{name}.png", full_page=True)


def test_sign_in_see_chinese_home_switch_to_english_sign_out(page):
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    page.goto("/")
    assert "/accounts/login/" in page.url
    assert page.locator("html").get_attribute("lang") == "zh-CN"
    shot(page, "login-zh")

    page.fill("input[name=username]", "gs-prosecutor")
    page.fill("input[name=password]", "wrong")
    page.click("[data-testid=login-submit]")
    assert "请输入一个正确的" in page.locator("[data-testid=login-error]").inner_text()

    page.fill("input[name=username]", "gs-prosecutor")
    page.fill("input[name=password]", "demo")
    page.click("[data-testid=login-submit]")
    page.wait_for_url("**/")
    assert page.locator("[data-testid=procuratorate-name]").inner_text() == "甘肃省人民检察院"
    assert "检察官" in page.locator("[data-testid=roles]").inner_text()
    # The welcome notice, and the demo requests' notices, wait unread.
    assert int(page.locator("[data-testid=unread-badge]").inner_text().split()[0]) >= 1
    # Bootstrap is served by the portal itself and applied.
    assert page.evaluate("getComputedStyle(document.querySelector('.navbar')).display") == "flex"
    shot(page, "home-zh")

    # A wide screen: in English the menu unfolds from 1400 pixels (below, it folds).
    page.set_viewport_size({"width": 1440, "height": 900})
    page.click("[data-testid=language-en]")
    page.wait_for_selector("text=Welcome")
    assert page.locator("html").get_attribute("lang") == "en"
    name = page.locator("[data-testid=procuratorate-name]").inner_text()
    assert name == "Gansu Provincial People's Procuratorate"
    shot(page, "home-en")

    page.click("[data-testid=inbox-link]")
    before = int(page.locator("[data-testid=unread-badge]").inner_text().split()[0])
    page.locator("text=Mark as read").first.click()  # htmx swaps the item and the badge
    # Playwright's locator assertions, not a string of JavaScript: the CSP refuses eval.
    if before > 1:
        badge = page.locator("[data-testid=unread-badge]")
        expect(badge).to_have_text(re.compile(rf"^\s*{before - 1}\b"))
    else:
        expect(page.locator("[data-testid=unread-badge]")).to_have_count(0)
    page.click("text=Mark all as read")
    page.wait_for_selector("[data-testid=unread-badge]", state="detached")
    shot(page, "inbox-en")

    page.click("text=张伟")
    page.click("[data-testid=logout]")
    page.wait_for_url("**/accounts/login/**")
    page.goto("/")
    assert "/accounts/login/" in page.url


def test_no_page_breaks_the_content_security_policy(sign_in, page):
    """A walk through the demo's pages of every app, as a chief, the chair office, the
    administrator and a member of the public: the `sign_in` and `page` fixtures fail the test
    if a page lacks the policy or Chromium reports a violation (an inline script or style)."""
    from casebank.library.models import TypicalCase
    from cases.models import AssistanceRequest, Consultation
    from cooperation.models import Campaign, ChairTerm, Meeting

    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    chief = sign_in("gs-chief")
    request = AssistanceRequest.objects.filter(requesting_procuratorate__code="GS").first()
    pages = [
        "/",
        "/requests/",
        request.get_absolute_url(),
        "/consultations/",
        "/meetings/",
        "/meetings/?view=list",
        Meeting.objects.filter(status="published").first().get_absolute_url(),
        "/campaigns/",
        Campaign.objects.first().get_absolute_url(),
        "/library/",
        TypicalCase.objects.filter(status="published").first().get_absolute_url(),
        "/library/search/?q=毒品",
        "/signoff/",
        "/documents/verify/",
        "/shared-with-me/",
        "/notifications/",
        "/accounts/password/",
        "/api/docs/",
    ]
    for url in pages:
        response = chief.goto(url)
        assert response.status == 200, url
        chief.wait_for_load_state("networkidle")
    assert chief.locator(".swagger-ui .info").count() == 1  # Swagger UI ran, from the portal
    # The navigation fits a 1280-pixel screen: nothing runs off to the right.
    chief.goto("/")
    assert chief.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert chief.locator(".navbar .dropdown-toggle").is_visible()
    # In English the names are longer: the menu folds rather than run off the page.
    chief.get_by_test_id("language-en").click()
    expect(chief.locator("html")).to_have_attribute("lang", "en")
    assert chief.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert chief.locator(".navbar-toggler").is_visible()
    chief.locator(".navbar-toggler").click()
    chief.get_by_test_id("language-zh-hans").click()
    expect(chief.locator("html")).to_have_attribute("lang", "zh-CN")
    chief.goto(Campaign.objects.first().get_absolute_url())
    chief.wait_for_selector("[data-testid=campaign-chart][data-rendered=yes]")
    consultation = Consultation.objects.select_related("initiator").first()
    party = sign_in(f"{consultation.initiator.province.lower()}-chief")
    assert party.goto(consultation.get_absolute_url()).status == 200
    chair = sign_in(f"{ChairTerm.objects.order_by('-year').first().province.lower()}-chair")
    for url in ("/meetings/new/", "/meetings/"):
        assert chair.goto(url).status == 200, url
    admin = sign_in("admin")
    for url in (
        "/admin/",
        "/admin/portal/user/",
        "/admin/portal/user/add/",
        "/admin/portal/auditentry/",
        "/accounts/audit/",
    ):
        assert admin.goto(url).status == 200, url
    page.goto("/leads/")
    page.wait_for_selector("[data-testid=lead-form]")
    shot(page, "csp-leads")
