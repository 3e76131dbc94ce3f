"""The issued 补充函 / 更正函 as PDF: the letter format of GB/T 9704 measured with pdfplumber,
its words, and its signature checked by Poppler's pdfsig."""

import io
import subprocess

import pdfplumber
import pytest

from cases.models import Letter, Supplement
from cases.requests import services
from tests.factories import make_request, signoff_people

MM = 25.4 / 72
RED = (0.901961, 0.0, 0.070588)
TEXT = "经进一步核查，犯罪嫌疑人李某某另有一处银行账户（尾号8812），请一并核实资金去向。"


def issue(user, request, kind, capture, **data) -> Letter:
    services.request_transition(
        user=user, request=request, action="draft_supplement", kind=kind, body=TEXT, **data
    )
    supplement = Supplement.objects.filter(request=request).latest("pk")
    supplement = services.supplement_transition(user=user, supplement=supplement, action="submit")
    reviewer, chief = signoff_people(request.requesting_procuratorate)
    services.supplement_transition(user=reviewer, supplement=supplement, action="review")
    with capture(execute=True):
        services.supplement_transition(user=chief, supplement=supplement, action="sign_off")
    return Letter.objects.get(supplement=supplement)


@pytest.fixture
def forwarded(gs_prosecutor, qh_liaison, xining, django_capture_on_commit_callbacks):
    """A request Gansu sent to Qinghai, accepted and forwarded to Xining."""
    with django_capture_on_commit_callbacks(execute=True):
        request = make_request(gs_prosecutor, submit=True, urgency="urgent")
    act = services.request_transition
    request = act(user=qh_liaison, request=request, action="accept")
    return act(user=qh_liaison, request=request, action="forward", target=xining)


def word(page, text: str) -> dict:
    return next(w for w in page.extract_words() if w["text"].startswith(text))


def red_rules(page) -> list[dict]:
    rules = {}
    for rect in page.rects:
        if rect["non_stroking_color"] == RED and rect["width"] > 10 * rect["height"]:
            rules[round(rect["top"], 2)] = rect
    return [rules[top] for top in sorted(rules)]


def test_a_supplement_is_a_letter_in_the_letter_format(
    forwarded, gs_prosecutor, django_capture_on_commit_callbacks
):
    letter = issue(gs_prosecutor, forwarded, "supplement", django_capture_on_commit_callbacks)
    with pdfplumber.open(io.BytesIO(letter.file.read())) as pdf:
        page = pdf.pages[0]
        text = "".join(page.extract_text().split())
        mark = word(page, "甘肃省人民检察院")
        assert mark["top"] * MM == pytest.approx(30, abs=1.5)
        assert {c["non_stroking_color"] for c in page.chars if c["top"] == mark["top"]} == {RED}
        top_thick, top_thin, bottom_thin, bottom_thick = red_rules(page)
        assert top_thick["height"] > top_thin["height"]
        assert bottom_thick["height"] > bottom_thin["height"]
        assert (top_thick["top"] - mark["bottom"]) * MM == pytest.approx(4, abs=1)
        assert (page.height - bottom_thick["bottom"]) * MM == pytest.approx(20, abs=0.5)
        number = word(page, "甘检协")
        assert number["text"] == letter.number
        assert number["x1"] * MM == pytest.approx(184, abs=1)
        assert 0 < (number["top"] - top_thin["bottom"]) * MM < 8
        assert "—" not in text  # no page number on page 1
        assert "加急" in text  # the request's urgency
    assert "关于张某某非法吸收公众存款案协作请求的补充函" in text
    assert text.index("青海省人民检察院：") < text.index("补充函告如下")
    assert f"《关于请求协助异地讯问犯罪嫌疑人的函》（{forwarded.number}）" in text
    assert "尾号8812" in text and "特此函告。" in text
    assert "（联系人：张伟；联系电话：0931-1234567）" in text
    assert "抄送：西宁市人民检察院。" in text  # 版记: the procuratorate handling it


def test_a_correction_names_the_letter_it_corrects_and_is_signed(
    forwarded, gs_prosecutor, django_capture_on_commit_callbacks, tmp_path
):
    first = issue(gs_prosecutor, forwarded, "supplement", django_capture_on_commit_callbacks)
    correction = issue(
        gs_prosecutor,
        forwarded,
        "correction",
        django_capture_on_commit_callbacks,
        refers_to=first,
    )
    assert correction.number.endswith("〕3号") and correction.version == 1
    data = correction.file.read()
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        text = "".join(pdf.pages[0].extract_text().split())
    assert "关于张某某非法吸收公众存款案协作请求的更正函" in text
    corrected = "《关于张某某非法吸收公众存款案协作请求的补充函》"
    assert f"{corrected}（{first.number}）有误，现更正如下" in text
    assert "特此更正" in text
    assert correction.signature_valid
    path = tmp_path / "correction.pdf"
    path.write_bytes(data)
    report = subprocess.run(
        ["pdfsig", "-nocert", str(path)], capture_output=True, text=True, timeout=60
    )
    output = report.stdout + report.stderr
    assert "Signature Validation: Signature is Valid." in output, output
    assert "Signer Certificate Common Name: 甘肃省人民检察院" in output
