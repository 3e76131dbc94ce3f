"""Qinghai verifies the signature of the letter Gansu sent it, in headless Chromium."""

from pathlib import Path

import pytest
from django.core.management import call_command

from cases.models import Letter
from portal.models import User
from tests.factories import make_request

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"


def test_the_receiver_sees_and_verifies_the_signature(sign_in, tmp_path):
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    request = make_request(User.objects.get(username="gs-prosecutor"), submit=True)
    letter = Letter.objects.get(request=request, kind="request")
    assert letter.state == Letter.State.ISSUED and letter.signature_valid

    page = sign_in("qh-prosecutor")
    page.goto(request.get_absolute_url())
    assert page.locator("[data-testid=signature-request]").inner_text() == "签名有效"
    page.click("text=核验签名")
    page.wait_for_selector("[data-testid=verification-result]")
    assert page.locator("[data-testid=verdict-valid]").inner_text() == "签名有效"
    assert page.locator("[data-testid=signer]").inner_text() == "甘肃省人民检察院"
    assert "逐字节一致" in page.locator("[data-testid=identical]").inner_text()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / "verify-valid-zh.png", full_page=True)

    tampered = bytearray(letter.file.read())
    tampered[len(tampered) // 4] ^= 0x01
    path = tmp_path / "letter.pdf"
    path.write_bytes(bytes(tampered))
    page.set_input_files("input[name=upload]", str(path))
    page.click("[data-testid=verify-submit]")
    page.wait_for_selector("[data-testid=verdict-invalid]")
    assert "否" in page.locator("[data-testid=intact]").inner_text()
    page.screenshot(path=SCREENSHOTS / "verify-tampered-zh.png", full_page=True)
