"""A joint task force from proposal to a removed member, in headless Chromium."""

from pathlib import Path

import pytest
from django.core.management import call_command

from cases.models import TaskForce, TaskForceDocument
from portal.models import DocumentDownload

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots" / "task-force-journey"
EVIDENCE = b"%PDF-1.4\n% bank statements of the Urumqi den\n"


def shot(page, name):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / f"{name}.png", full_page=True)


def test_a_task_force_of_three_provinces(sign_in, tmp_path):
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    before = set(TaskForce.objects.values_list("pk", flat=True))

    # 1. gs-prosecutor proposes a task force with prosecutors of Shaanxi and Xinjiang.
    page = sign_in("gs-prosecutor")
    page.click("[data-testid=nav-task-forces]")
    page.click("[data-testid=new-task-force]")
    page.fill("input[name=name]", "“净网”跨省网络赌博专案组")
    page.select_option("select[name=category]", "cybercrime")
    page.fill("input[name=case_name]", "周某某等人开设赌场案")
    page.fill("input[name=case_number]", "甘检刑诉〔2026〕77号")
    page.fill(
        "textarea[name=purpose]", "赌博网站服务器在西安，资金结算在乌鲁木齐，需三地统一取证。"
    )
    members = [
        ("陕西 · 陕西省人民检察院 · 赵军", "deputy"),
        ("新疆 · 新疆维吾尔自治区人民检察院 · 艾力", "member"),
        ("新疆 · 乌鲁木齐市人民检察院 · 彭静", "member"),
    ]
    for i, (label, role) in enumerate(members):
        page.select_option(f"select[name=member_{i}]", label=label)
        page.select_option(f"select[name=role_{i}]", role)
    shot(page, "1-gs-prosecutor-proposes")
    page.click("[data-testid=propose]")
    page.wait_for_selector("[data-testid=task-force-status][data-status=proposed]")
    (task_force,) = TaskForce.objects.exclude(pk__in=before)
    url = task_force.get_absolute_url()
    provinces = set(task_force.members.values_list("procuratorate__province", flat=True))
    assert provinces == {"GS", "SN", "XJ"}
    assert page.locator("[data-testid=approve-form]").count() == 0  # not theirs to approve

    # 2. gs-chief approves it.
    page = sign_in("gs-chief")
    page.goto(url)
    page.fill("[data-testid=approve-form] textarea[name=comment]", "同意成立，由张伟同志任组长。")
    shot(page, "2-gs-chief-approves")
    page.click("[data-testid=approve-form] button")
    page.wait_for_selector("[data-testid=task-force-status][data-status=active]")
    task_force.refresh_from_db()
    assert (
        task_force.status == TaskForce.Status.ACTIVE
        and task_force.decided_by.username == "gs-chief"
    )

    # 3. xj-prosecutor, a member, uploads the evidence.
    evidence = tmp_path / "乌鲁木齐资金结算流水.pdf"
    evidence.write_bytes(EVIDENCE)
    page = sign_in("xj-prosecutor")
    page.goto(url)
    page.set_input_files("[data-testid=document-form] input[name=upload]", str(evidence))
    page.click("[data-testid=document-form] button")
    page.wait_for_selector("text=乌鲁木齐资金结算流水.pdf")
    document = TaskForceDocument.objects.get(task_force=task_force)
    assert document.uploaded_by.username == "xj-prosecutor" and document.created_at
    shot(page, "3-xj-prosecutor-uploads")

    # 4. sn-prosecutor downloads it; the download is logged and shown.
    page = sign_in("sn-prosecutor")
    page.goto(url)
    with page.expect_download() as download:
        page.click(f"[data-testid=document-link-{document.pk}]")
    assert Path(download.value.path()).read_bytes() == EVIDENCE
    (logged,) = DocumentDownload.objects.filter(task_force_document=document)
    assert logged.user.username == "sn-prosecutor" and logged.downloaded_at
    page.reload()
    assert "赵军" in page.inner_text(f"[data-testid=downloads-{document.pk}]")
    shot(page, "4-sn-prosecutor-downloaded")

    # 5. The leader removes xj-city-prosecutor, who at once gets 404.
    page = sign_in("gs-prosecutor")
    page.goto(url)
    page.click("[data-testid=remove-xj-city-prosecutor]")
    page.wait_for_selector("[data-testid=former-members]")
    shot(page, "5-leader-removes-a-member")
    page = sign_in("xj-city-prosecutor")
    download_url = f"{url}documents/{document.pk}/"
    for path in (url, download_url, f"/api/v1/task-forces/{task_force.pk}/"):
        assert page.request.get(path).status == 404, path
    response = page.goto(url)
    assert response.status == 404
    shot(page, "6-removed-member-404")
    page.goto("/task-forces/")
    assert page.locator(f"[data-testid=task-force-row-{task_force.pk}]").count() == 0

    # 6. qh-prosecutor never sees any task force.
    page = sign_in("qh-prosecutor")
    page.goto("/task-forces/")
    assert page.locator("[data-testid^=task-force-row-]").count() == 0
    for path in (url, download_url, f"/api/v1/task-forces/{task_force.pk}/"):
        assert page.request.get(path).status == 404, path
    assert page.request.get("/api/v1/task-forces/").json()["count"] == 0
    shot(page, "7-qh-prosecutor-sees-nothing")
    assert DocumentDownload.objects.filter(task_force_document=document).count() == 1
