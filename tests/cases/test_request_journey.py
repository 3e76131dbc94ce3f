"""A request's whole journey between Gansu and Qinghai, in headless Chromium."""

import datetime as dt
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import timezone

from cases.models import AssistanceRequest, Status
from portal.models import DocumentDownload

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots" / "request-journey"


def open_action(page, action):
    """Unfold an action of the "what you can do" panel; its form is fetched when opened."""
    page.locator(f"[data-testid=panel-{action}] > summary").click()
    page.wait_for_selector(f"[data-testid=action-{action}] button")


def shot(page, name):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / f"{name}.png", full_page=True)


def test_request_from_gansu_to_qinghai_and_back(sign_in, tmp_path):
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    AssistanceRequest.objects.all().delete()  # only this journey's request in the lists
    day = timezone.localdate() + dt.timedelta(days=12)
    document = tmp_path / "提讯证.pdf"
    document.write_bytes(b"%PDF-1.4\n% arraignment warrant\n")

    # 1. gs-prosecutor files a remote interrogation to Qinghai with an attachment.
    page = sign_in("gs-prosecutor")
    page.click("[data-testid=nav-requests]")
    page.click("[data-testid=new-request]")
    page.click("[data-testid=type-remote_interrogation]")
    page.select_option("select[name=requested_procuratorate]", label="青海 · 青海省人民检察院")
    page.fill("input[name=case_name]", "张某某非法吸收公众存款案")
    page.fill("input[name=case_number]", "甘检刑诉〔2026〕88号")
    page.select_option("select[name=category]", "illegal_fundraising")
    page.fill("textarea[name=legal_basis]", "《人民检察院刑事诉讼规则》第三百五十九条")
    page.fill("textarea[name=description]", "请协助讯问在押犯罪嫌疑人李某某，核实资金去向。")
    page.fill("input[name=contact_phone]", "0931-8123456")
    page.fill("input[name=details-suspect_name]", "李明华")
    page.fill("input[name=details-suspect_id_number]", "11010519491231002X")
    page.fill("input[name=details-detention_place]", "西宁市第一看守所")
    page.fill("textarea[name=details-questions]", "资金流向；同案人员")
    page.check("input[name=details-video_link]")
    page.fill("input[name=slots-slot1_start]", f"{day.isoformat()}T09:00")
    page.fill("input[name=slots-slot1_end]", f"{day.isoformat()}T11:00")
    page.set_input_files("input[name=file-upload]", str(document))
    shot(page, "1-gs-prosecutor-files")
    page.click("[data-testid=submit-request]")
    page.wait_for_selector("[data-testid=signoff]")
    request_url = page.url
    draft = AssistanceRequest.objects.get()
    assert draft.status == Status.IN_REVIEW and not draft.number
    shot(page, "2-gs-prosecutor-submitted-for-signoff")

    # 1a. Qinghai neither sees the draft nor its letter.
    page = sign_in("qh-liaison")
    assert page.goto(request_url).status == 404
    assert page.goto(f"{request_url}draft-letter.pdf").status == 404

    # 1b. gs-head reads the draft letter and returns it with a comment.
    page = sign_in("gs-head")
    page.goto(request_url)
    assert page.is_visible("[data-testid=draft-letter]")
    assert page.request.get(f"{request_url}draft-letter.pdf").body().startswith(b"%PDF")
    page.fill("[data-testid=action-review_return] textarea[name=comment]", "请写明讯问的重点问题。")
    page.click("[data-testid=action-review_return] button")
    page.wait_for_selector("text=请写明讯问的重点问题。")
    shot(page, "2a-gs-head-returns")

    # 1c. gs-prosecutor fixes it and submits it again; gs-head passes it.
    page = sign_in("gs-prosecutor")
    page.goto(request_url)
    page.click("[data-testid=edit-request]")
    page.fill("textarea[name=details-questions]", "资金流向；同案人员；赃款去向")
    page.click("[data-testid=submit-request]")
    page.wait_for_selector("[data-testid=signoff]")
    page = sign_in("gs-head")
    page.goto(request_url)
    page.click("[data-testid=action-review] button")
    page.wait_for_selector("[data-testid=signoff-stage]")
    assert page.inner_text("[data-testid=signoff-stage]") == "待签发"

    # 1d. gs-chief signs it off: only now is it numbered and sent.
    page = sign_in("gs-chief")
    page.goto(request_url)
    assert page.is_visible("[data-testid=draft-letter]")
    page.click("[data-testid=action-sign_off] button")
    page.wait_for_selector("[data-testid=request-number]")
    number = page.inner_text("[data-testid=request-number]")
    assert number.startswith("甘检协〔")
    shot(page, "2b-gs-chief-signed-off")

    # 2. qh-liaison sees the letter's signature valid and verifies it, then accepts the request
    # and forwards it to the Xining city procuratorate.
    page = sign_in("qh-liaison")
    page.click("[data-testid=nav-requests]")
    page.click(f"text={number}")
    assert page.locator("[data-testid=signature-request]").inner_text() == "签名有效"
    page.click("text=核验签名")
    page.wait_for_selector("[data-testid=verification-result]")
    assert page.locator("[data-testid=verdict-valid]").inner_text() == "签名有效"
    assert page.locator("[data-testid=signer]").inner_text() == "甘肃省人民检察院"
    shot(page, "2c-qh-liaison-verifies")
    page.goto(request_url)
    page.click("[data-testid=action-accept] button")
    open_action(page, "forward")
    page.select_option(
        "[data-testid=action-forward] select[name=target]", label="青海 · 西宁市人民检察院"
    )
    page.click("[data-testid=action-forward] button")
    page.wait_for_selector("[data-testid=forwarded-to]")
    assert page.inner_text("[data-testid=forwarded-to]") == "西宁市人民检察院"
    shot(page, "3-qh-liaison-forwarded")

    # 3. qh-city-prosecutor agrees the slot and completes it with a reply and a document.
    page = sign_in("qh-city-prosecutor")
    page.goto(request_url)
    page.click("[data-testid=action-start] button")
    open_action(page, "agree_slot")
    page.select_option("[data-testid=action-agree_slot] select[name=slot]", index=1)
    page.fill("[data-testid=action-agree_slot] input[name=venue]", "西宁市人民检察院讯问室")
    page.fill("[data-testid=action-agree_slot] input[name=equipment]", "远程视频讯问系统")
    page.click("[data-testid=action-agree_slot] button")
    page.wait_for_selector("[data-testid=agreed-slot]")
    with page.expect_download() as ics:
        page.click("[data-testid=download-ics]")
    assert ics.value.suggested_filename.endswith(".ics")
    open_action(page, "complete")
    page.fill("[data-testid=action-complete] textarea[name=result]", "已完成讯问，笔录随函附送。")
    page.select_option("[data-testid=action-complete] select[name=completion]", "full")
    reply = tmp_path / "讯问笔录.pdf"
    reply.write_bytes(b"%PDF-1.4\n% record of interrogation\n")
    page.set_input_files("[data-testid=action-complete] input[name=upload]", str(reply))
    page.click("[data-testid=action-complete] button")
    page.wait_for_selector("[data-testid=signoff]")
    shot(page, "4-qh-city-prosecutor-completed")

    # 3a. Xining signs its reply off without 核稿 (its own setting): only then is Gansu told.
    page = sign_in("qh-city-chief")
    page.goto(request_url)
    page.click("[data-testid=action-sign_off] button")
    page.wait_for_selector("[data-testid=reply]")

    # 4. gs-prosecutor confirms it and downloads both letters.
    page = sign_in("gs-prosecutor")
    page.goto(request_url)
    page.click("[data-testid=action-confirm] button")
    page.wait_for_selector("text=已确认")
    for kind in ("request", "reply"):
        with page.expect_download() as letter:
            page.click(f"[data-testid=letter-{kind}]")
        path = letter.value.path()
        assert Path(path).read_bytes().startswith(b"%PDF")
    shot(page, "5-gs-prosecutor-confirmed")
    request = AssistanceRequest.objects.get(number=number)
    assert request.status == Status.CONFIRMED
    assert request.forwarded_to.code == "QH-XN"
    assert DocumentDownload.objects.filter(letter__isnull=False).count() == 2
    assert request.attachments.count() == 2

    # 5. nx-prosecutor gets 404 on all of it.
    page = sign_in("nx-prosecutor")
    urls = [
        request_url,
        f"/requests/{request.pk}/letters/request.pdf",
        f"/requests/{request.pk}/letters/reply.pdf",
        f"/requests/{request.pk}/attachments/{request.attachments.first().pk}/",
        f"/requests/{request.pk}/slot.ics",
        f"/requests/{request.pk}/draft-letter.pdf",
        f"/documents/verify/?number={number}",
    ]
    for url in urls:
        response = page.request.get(url)
        assert response.status == 404, url
    page.goto(request_url)
    shot(page, "6-nx-prosecutor-404")
    page.goto("/requests/received/")
    assert number not in page.content()
