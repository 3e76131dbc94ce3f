"""A jurisdiction consultation between Ningxia and Xinjiang, decided and signed by both, in
headless Chromium."""

import subprocess
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import timezone

from cases.models import Consultation, DecisionRecord

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots" / "consultation-journey"


def shot(page, name):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / f"{name}.png", full_page=True)


def unfold(page, testid):
    details = page.locator(f"details:has([data-testid={testid}])")
    if details.get_attribute("open") is None:
        details.locator("> summary").click()
    page.wait_for_selector(f"[data-testid={testid}] button")


def test_ningxia_and_xinjiang_agree_who_handles_the_case(sign_in):
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    before = set(Consultation.objects.values_list("pk", flat=True))
    today = timezone.localdate()

    # 1. nx-prosecutor opens the consultation: both claim the case.
    page = sign_in("nx-prosecutor")
    page.click("[data-testid=nav-consultations]")
    page.click("[data-testid=new-consultation]")
    page.fill("input[name=subject]", "韩某某跨省盗掘古墓葬案")
    page.select_option("select[name=category]", "cultural_relics")
    page.select_option("select[name=dispute]", "both_claim")
    page.fill("textarea[name=facts]", "犯罪嫌疑人在宁夏盗掘古墓葬，文物经乌鲁木齐转卖。")
    page.select_option("select[name=parties]", label="新疆 · 新疆维吾尔自治区人民检察院")
    page.select_option("select[name=position]", "claims")
    page.fill("textarea[name=reasons]", "盗掘行为地在宁夏。")
    shot(page, "1-nx-prosecutor-opens")
    page.click("[data-testid=open-consultation]")
    page.wait_for_selector("[data-testid=consultation-status][data-status=open]")
    (consultation,) = Consultation.objects.exclude(pk__in=before)
    url = consultation.get_absolute_url()

    # 2. xj-prosecutor states Xinjiang's position and records the meeting held.
    page = sign_in("xj-prosecutor")
    page.goto(url)
    page.select_option("[data-testid=position-form] select[name=position]", "claims")
    page.fill("[data-testid=position-form] textarea[name=reasons]", "文物在乌鲁木齐查获。")
    page.click("[data-testid=position-form] button")
    page.wait_for_selector("text=文物在乌鲁木齐查获。")
    unfold(page, "post-form")
    page.select_option("[data-testid=post-form] select[name=kind]", "meeting")
    page.fill("[data-testid=post-form] input[name=held_on]", today.isoformat())
    page.fill("[data-testid=post-form] textarea[name=body]", "双方视频会商，同意由盗掘行为地管辖。")
    page.click("[data-testid=post-form] button")
    page.wait_for_selector("text=双方视频会商，同意由盗掘行为地管辖。")
    shot(page, "2-xj-prosecutor-position-and-meeting")

    # 3. nx-prosecutor records the decision: Ningxia handles the case.
    page = sign_in("nx-prosecutor")
    page.goto(url)
    unfold(page, "decide-form")
    page.select_option(
        "[data-testid=decide-form] select[name=handling_procuratorate]",
        label="宁夏 · 宁夏回族自治区人民检察院",
    )
    page.fill(
        "[data-testid=decide-form] textarea[name=reasons]", "盗掘行为地在宁夏，主要证据在宁夏。"
    )
    page.click("[data-testid=decide-form] button")
    page.wait_for_selector("[data-testid=consultation-status][data-status=review]")
    shot(page, "3-nx-prosecutor-decides")

    # 3b. 核稿 at Ningxia: its department head reads the draft record and passes it.
    page = sign_in("nx-head")
    page.goto(url)
    draft = page.get_attribute("[data-testid=draft-record]", "href")
    response = page.request.get(draft)
    assert response.status == 200 and response.body().startswith(b"%PDF")
    page.click("[data-testid=signoff-review]")
    page.wait_for_selector("[data-testid=consultation-status][data-status=signing]")
    shot(page, "3b-nx-head-reviews")

    # 4. Each chief procurator signs off; the second signature makes the decision final.
    for code in ("xj", "nx"):
        page = sign_in(f"{code}-chief")
        page.goto(url)
        page.click("[data-testid=sign]")
        page.wait_for_selector(f"[data-testid=signed-{code.upper()}]")
        shot(page, f"4-{code}-chief-signs")
    page.wait_for_selector("[data-testid=consultation-status][data-status=decided]")
    consultation.refresh_from_db()
    assert consultation.status == Consultation.Status.DECIDED
    assert consultation.handling_procuratorate.code == "NX"
    assert {p.signed_by.username for p in consultation.parties.all()} == {"nx-chief", "xj-chief"}
    record = DecisionRecord.objects.get(consultation=consultation)
    assert record.state == DecisionRecord.State.ISSUED
    page.reload()
    with page.expect_download() as download:
        page.click("[data-testid=record-link]")
    pdf = Path(download.value.path()).read_bytes()
    assert pdf.startswith(b"%PDF")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    (SCREENSHOTS / "decision.pdf").write_bytes(pdf)
    text = (
        subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True)
        .stdout.decode()
        .replace("\n", "")
    )
    assert "本案由宁夏回族自治区人民检察院管辖" in text and record.number in text
    shot(page, "5-decided")

    # 5. qh-prosecutor sees none of it.
    page = sign_in("qh-prosecutor")
    for path in (url, f"{url}decision.pdf", f"/api/v1/consultations/{consultation.pk}/"):
        assert page.request.get(path).status == 404, path
    page.goto("/consultations/")
    assert page.locator("[data-testid^=consultation-row-]").count() == 0
    shot(page, "6-qh-prosecutor-sees-nothing")
