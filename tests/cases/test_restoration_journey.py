"""An ecological restoration handled in Gansu for damage in Xining, in headless Chromium."""

from pathlib import Path

import pytest
from django.core.management import call_command

from cases.models import MeasureStatus, Restoration
from portal.models import DocumentDownload

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots" / "restoration-journey"
PHOTO = b"\x89PNG\r\n\x1a\n journey photo"


def shot(page, name):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / f"{name}.png", full_page=True)


def test_the_damage_place_procuratorate_follows_and_verifies_a_restoration(sign_in, tmp_path):
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    demo = Restoration.objects.get(case_number="演示-生态-01")
    states = set(demo.measures.values_list("status", flat=True))
    assert states == {"planned", "in_progress", "done", "verified"}
    assert demo.measures.overdue().exists()

    # 1. A Gansu prosecutor opens a restoration whose damage lies in Xining, and plans a measure.
    page = sign_in("gs-prosecutor")
    page.click("[data-testid=nav-restorations]")
    page.wait_for_selector("[data-testid=restoration-table]")
    shot(page, "01-list")
    page.click("[data-testid=new-restoration]")
    page.fill("input[name=case_name]", "王某某非法占用农用地案")
    page.fill("input[name=case_number]", "甘检刑诉〔2026〕31号")
    page.select_option("select[name=category]", "ecology")
    page.fill("input[name=damage_place]", "西宁市湟中区某村林地")
    page.select_option("select[name=damage_procuratorate]", label="西宁市人民检察院")
    page.fill("textarea[name=damage_description]", "非法占用林地约 20 亩修建厂房。")
    page.click("[data-testid=save-restoration]")
    page.wait_for_selector("[data-testid=restoration-title]")
    restoration = Restoration.objects.get(case_name="王某某非法占用农用地案")
    page.locator("details:has([data-testid=measure-form]) > summary").click()
    form = page.locator("[data-testid=measure-form]")
    form.locator("select[name=kind]").select_option("replanting")
    form.locator("textarea[name=description]").fill("拆除违建并补植油松 1500 株")
    form.locator("input[name=location]").fill("湟中区某村")
    form.locator("input[name=responsible_party]").fill("王某某")
    form.locator("input[name=deadline]").fill("2027-04-30")
    form.locator("button[type=submit]").click()
    measure = restoration.measures.get()
    card = f"[data-testid=measure-{measure.pk}]"
    page.click(f"[data-testid=step-start-{measure.pk}] button")
    page.wait_for_selector(f"{card}[data-status=in_progress]")

    # 2. Evidence, then "done": the Xining procuratorate is told to verify.
    photo = tmp_path / "补植现场.png"
    photo.write_bytes(PHOTO)
    page.locator(f"{card} details > summary").click()
    page.set_input_files(f"{card} input[type=file]", str(photo))
    page.locator(f"{card} [data-testid=evidence-form] button").click()
    page.wait_for_selector(f"{card} >> text=补植现场.png")
    page.click(f"[data-testid=step-finish-{measure.pk}] button")
    page.wait_for_selector(f"{card}[data-status=done]")
    shot(page, "02-handler")

    # 3. The Xining prosecutor downloads the evidence (logged) and verifies the measure.
    page = sign_in("qh-city-prosecutor")
    page.click("[data-testid=inbox-link]")
    page.click("text=王某某非法占用农用地案")
    page.wait_for_selector("[data-testid=restoration-title]")
    with page.expect_download() as download:
        page.click(f"{card} >> text=补植现场.png")
    assert Path(download.value.path()).read_bytes() == PHOTO
    assert DocumentDownload.objects.get(evidence__measure=measure).user.username == (
        "qh-city-prosecutor"
    )
    page.click(f"[data-testid=step-verify-{measure.pk}] button")
    page.wait_for_selector(f"{card}[data-status=verified]")
    shot(page, "03-verified")
    measure.refresh_from_db()
    assert measure.status == MeasureStatus.VERIFIED

    # 4. The demo restoration shows measures in every state, the late one flagged.
    page.goto("/restorations/")
    page.click("text=李某某等人非法采矿破坏湟水河生态案")
    page.wait_for_selector("[data-testid=measure-overdue]")
    shot(page, "04-demo-restoration")

    # 5. Ningxia has nothing to do with it.
    page = sign_in("nx-prosecutor")
    assert page.goto(restoration.get_absolute_url()).status == 404
