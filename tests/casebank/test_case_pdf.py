"""One case as a PDF: Chinese text, the CJK font embedded, the policy's 404, time to render."""

import datetime as dt
import subprocess
import time
from pathlib import Path

import pytest
from django.urls import reverse

from casebank.library.models import CaseStatus
from portal.models import AuditEntry
from tests.casebank.extras_data import make_case, other, prison

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.clock(dt.datetime(2026, 6, 1, 10, tzinfo=dt.UTC), tick=False),
    pytest.mark.usefixtures("clock"),
]
PAGES = Path(__file__).resolve().parents[2] / "var" / "screenshots" / "case-pdf"


def pdf_tool(*args) -> str:
    return subprocess.run(args, capture_output=True, text=True, check=True, timeout=60).stdout


def test_case_pdf_is_chinese_with_the_cjk_font_embedded(client, qh_prosecutor, tmp_path):
    hostile = '<img src="file:///etc/passwd"><img src="http://example.invalid/x.png">'
    case = make_case(
        "GS",
        title="张某某盗窃石窟寺文物案",
        facts=f"2024年3月，被告人张某某潜入某石窟寺盗割佛像头部。{hostile}\n经鉴定为二级文物。",
        outcomes=[
            prison(66, fine=30000),
            prison(
                10,
                kind="detention",
                suspended_for=12,
                plea_leniency=True,
                recommendation="拘役十个月，缓刑一年",
                recommendation_adopted="adopted",
            ),
            other("not_prosecuted", non_prosecution="discretionary"),
        ],
    )
    client.force_login(qh_prosecutor)  # the library is open to all six
    url = reverse("casebank:case-pdf", args=[case.pk])
    client.get(url)  # the first render of a thread loads the fonts (a second or two)
    began = time.perf_counter()
    response = client.get(url)
    elapsed = time.perf_counter() - began  # about 0.4 s on an idle machine
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert f'filename="{case.code}.pdf"' in response["Content-Disposition"]
    assert elapsed < 4, f"rendering took {elapsed:.1f} s"
    path = tmp_path / "case.pdf"
    path.write_bytes(response.content)
    flat = "".join(pdf_tool("pdftotext", str(path), "-").split())
    for text in (
        "张某某盗窃石窟寺文物案",
        "甘肃省人民检察院",
        case.code,
        "要旨",
        "基本案情",
        "检察机关履职过程",
        "典型意义",
        "有期徒刑",
        "66个月",
        "拘役",
        "缓刑12个月",
        "30000",
        "拘役十个月，缓刑一年（采纳）",
        "不起诉（酌定不起诉）",
        "西北地区检察机关共享案例资源库",
    ):
        assert text in flat, text
    assert "root:x:0:0" not in flat  # the user's markup is text: nothing was fetched
    fonts = pdf_tool("pdffonts", str(path))
    cjk = [line for line in fonts.splitlines() if "CJK" in line]
    assert cjk and all(" yes yes " in line for line in cjk), fonts
    # A picture of the first page, to look at.
    PAGES.mkdir(parents=True, exist_ok=True)
    pdf_tool("pdftoppm", "-png", "-r", "80", "-f", "1", "-l", "1", str(path), str(PAGES / "case"))
    assert any(PAGES.glob("case*.png"))


def test_a_draft_pdf_only_for_its_own_province(client, gs_prosecutor, qh_prosecutor):
    draft = make_case("GS", status=CaseStatus.DRAFT, outcomes=[prison(12)])
    url = reverse("casebank:case-pdf", args=[draft.pk])
    client.force_login(qh_prosecutor)
    assert client.get(url).status_code == 404
    assert client.get(reverse("casebank:case-pdf", args=[999999])).status_code == 404
    client.force_login(gs_prosecutor)
    response = client.get(url)
    assert (
        response.status_code == 200
        and f'filename="draft-{draft.pk}.pdf"' in (response["Content-Disposition"])
    )
    # Rendered, not stored: the audit log records the download, and the refusals before it.
    (download,) = AuditEntry.objects.filter(action=AuditEntry.Action.DOWNLOAD)
    assert (download.actor, download.target, download.detail) == (
        gs_prosecutor,
        draft,
        f"draft-{draft.pk}.pdf",
    )
    refused = AuditEntry.objects.filter(action=AuditEntry.Action.REFUSED, actor=qh_prosecutor)
    assert refused.count() == 2


def test_a_withdrawn_case_prints_its_reason(client, sn_prosecutor, tmp_path):
    case = make_case("QH", status=CaseStatus.WITHDRAWN, outcomes=[other("fine_only", fine=5000)])
    client.force_login(sn_prosecutor)
    response = client.get(reverse("casebank:case-pdf", args=[case.pk]))
    assert response.status_code == 200
    path = tmp_path / "withdrawn.pdf"
    path.write_bytes(response.content)
    flat = "".join(pdf_tool("pdftotext", str(path), "-").split())
    assert "本案例已撤回" in flat and "法律修改" in flat and "单处罚金" in flat


def test_anonymous_visitors_are_sent_to_sign_in(client):
    case = make_case("GS", outcomes=[prison(12)])
    response = client.get(reverse("casebank:case-pdf", args=[case.pk]))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
