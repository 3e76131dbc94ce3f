"""A person's first visit, in headless Chromium."""

from pathlib import Path

import pytest
from django.core.management import call_command

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

    page.click("[data-testid=language-en]")
    page.wait_for_selector("text=Welcome")
    assert page.locator("html").get_attribute("lang") == "en"
    name = page.locator("[data-testid=procuratorate-name]").inner_text()
    assert name == "Gansu Provincial People's Procuratorate"
    shot(page, "home-en")

    page.click("[data-testid=inbox-link]")
    before = int(page.locator("[data-testid=unread-badge]").inner_text().split()[0])
    page.locator("text=Mark as read").first.click()  # htmx swaps the item and the badge
    page.wait_for_function(
        f"(document.querySelector('[data-testid=unread-badge]')?.innerText || '0')"
        f".split(/\\s/)[0] == '{before - 1}' || {before} == 1"
    )
    page.click("text=Mark all as read")
    page.wait_for_selector("[data-testid=unread-badge]", state="detached")
    shot(page, "inbox-en")

    page.click("text=张伟")
    page.click("[data-testid=logout]")
    page.wait_for_url("**/accounts/login/**")
    page.goto("/")
    assert "/accounts/login/" in page.url
