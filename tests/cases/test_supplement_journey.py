"""A 补充函 from Gansu to Qinghai through its sign-off, in headless Chromium: gs-prosecutor
drafts it, gs-head passes the review, gs-chief signs it off, Qinghai sees it with its signature
valid and verifies it, and Ningxia gets 404 on all of it."""

from pathlib import Path

import pytest
from django.core.management import call_command

from cases.models import Letter, Supplement, SupplementStatus
from cases.requests import services
from portal.models import DocumentDownload, User
from tests.factories import make_request

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots" / "supplement-journey"
TEXT = "经进一步核查，涉案资金另经尾号8812的银行账户转移，请一并调取该账户的交易流水。"


def shot(page, name):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / f"{name}.png", full_page=True)


def sent_and_accepted():
    """A request of gs-prosecutor signed off by gs-head and gs-chief, accepted by Qinghai."""
    people = {name: User.objects.get(username=name) for name in ("gs-head", "gs-chief")}
    request = make_request(User.objects.get(username="gs-prosecutor"))
    act = services.request_transition
    request = act(user=request.created_by, request=request, action="submit")
    request = act(user=people["gs-head"], request=request, action="review")
    request = act(user=people["gs-chief"], request=request, action="sign_off")
    return act(user=User.objects.get(username="qh-liaison"), request=request, action="accept")


def test_a_supplementary_letter_from_gansu_to_qinghai(sign_in):
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    request = sent_and_accepted()
    url = request.get_absolute_url()

    # 1. gs-prosecutor drafts the 补充函 and submits it for sign-off.
    page = sign_in("gs-prosecutor")
    page.goto(url)
    page.locator("[data-testid=panel-draft_supplement] > summary").click()
    form = "[data-testid=action-draft_supplement]"
    page.wait_for_selector(f"{form} button")
    page.select_option(f"{form} select[name=kind]", "supplement")
    page.fill(f"{form} textarea[name=body]", TEXT)
    shot(page, "1-gs-prosecutor-drafts")
    page.click(f"{form} button")
    page.wait_for_selector("[data-testid=supplements]")
    page.click("[data-testid=supplement-submit] button")
    page.wait_for_selector("[data-testid=supplement-status]")
    assert page.inner_text("[data-testid=supplement-status]") == "核稿中"
    supplement = Supplement.objects.get(request=request)
    assert supplement.status == SupplementStatus.IN_REVIEW
    shot(page, "2-gs-prosecutor-submitted")

    # 1a. Qinghai sees nothing of it yet.
    page = sign_in("qh-prosecutor")
    page.goto(url)
    assert TEXT not in page.content()
    draft = f"{url}supplements/{supplement.pk}/draft-letter.pdf"
    assert page.request.get(draft).status == 404

    # 2. gs-head finds it among what waits for review, reads the draft and passes it.
    page = sign_in("gs-head")
    page.goto("/requests/signoff/")
    page.click(f"text={request.number}")
    assert page.is_visible("[data-testid=supplement-draft-letter]")
    assert page.request.get(draft).body().startswith(b"%PDF")
    shot(page, "3-gs-head-reviews")
    page.click("[data-testid=supplement-review] button")
    page.wait_for_selector("[data-testid=supplement-status]")
    assert page.inner_text("[data-testid=supplement-status]") == "待签发"

    # 3. gs-chief signs it off: only now is it numbered, issued and sent.
    page = sign_in("gs-chief")
    page.goto("/requests/signoff/")
    page.click(f"text={request.number}")
    page.click("[data-testid=supplement-sign_off] button")
    page.wait_for_selector("[data-testid=letter-supplement-v1]")
    letter = Letter.objects.get(request=request, kind="supplement")
    assert letter.number.startswith("甘检协〔") and letter.number != request.number
    assert not page.is_visible("[data-testid=supplements]")
    shot(page, "4-gs-chief-signed-off")

    # 4. qh-prosecutor sees it with its signature valid, downloads it and verifies it.
    page = sign_in("qh-prosecutor")
    page.goto(url)
    item = page.locator("[data-testid=letter-supplement-v1]")
    assert letter.number in item.inner_text()
    assert item.locator("[data-testid=signature-supplement]").inner_text() == "签名有效"
    shot(page, "5-qh-prosecutor-sees-it")
    with page.expect_download() as download:
        item.locator("[data-testid=letter-supplement]").click()
    assert Path(download.value.path()).read_bytes().startswith(b"%PDF")
    assert DocumentDownload.objects.filter(letter=letter).count() == 1
    item.locator("text=核验签名").click()
    page.wait_for_selector("[data-testid=verification-result]")
    assert page.locator("[data-testid=verdict-valid]").inner_text() == "签名有效"
    assert page.locator("[data-testid=signer]").inner_text() == "甘肃省人民检察院"
    shot(page, "6-qh-prosecutor-verifies")

    # 5. nx-prosecutor: 404 on the request, the draft, the letter, the API and the number.
    page = sign_in("nx-prosecutor")
    for path in [
        url,
        draft,
        f"{url}letters/supplement.pdf",
        f"/api/v1/requests/{request.pk}/letters/supplement/",
        f"/api/v1/requests/{request.pk}/supplements/{supplement.pk}/draft-letter/",
        f"/documents/verify/?number={letter.number}",
    ]:
        assert page.request.get(path).status == 404, path
    page.goto(f"/documents/verify/?number={letter.number}")
    shot(page, "7-nx-prosecutor-404")
