"""The 请示 to the superior procuratorate as issued: an upward document in the general format of
GB/T 9704-2012 (measured with pdfplumber, in millimetres), signed so that pyHanko and Poppler's
pdfsig call it valid, and a changed byte fails."""

import io

import pdfplumber
import pytest

from cases.models import ReferralDocument
from portal import signing
from portal.letter_fonts import fandol_paths
from tests.cases.test_consultation_referral import referred
from tests.cases.test_consultations import people  # noqa: F401
from tests.factories import member
from tests.portal.test_letter_glyphs import assert_every_character_has_a_glyph
from tests.portal.test_signing import changed_byte, pdfsig

MM = 25.4 / 72
CHARACTER = 16 * MM  # one 3号 character, 5.64 mm
RED = (0.901961, 0.0, 0.070588)
NX = "宁夏回族自治区人民检察院"


@pytest.fixture
def document(people, clock, django_capture_on_commit_callbacks):  # noqa: F811
    consultation = referred(people, clock, django_capture_on_commit_callbacks)
    return ReferralDocument.objects.get(referral__consultation=consultation)


@pytest.fixture
def pages(document):
    with pdfplumber.open(io.BytesIO(document.file.read())) as pdf:
        yield pdf.pages


def line_at(page, top: float) -> list[dict]:
    return [c for c in page.chars if abs(c["top"] - top) < 2]


def test_margins_mark_and_red_rule_of_the_general_format(pages):
    page = pages[0]
    assert (round(page.width * MM), round(page.height * MM)) == (210, 297)
    words = page.extract_words()
    assert min(w["x0"] for w in words) * MM == pytest.approx(28, abs=1)
    assert max(w["x1"] for w in words) * MM <= 184 + 1
    mark = next(w for w in words if w["text"] == NX)
    # §7.2.4: the mark's top 35 mm below the text area's top (37 mm from the page's).
    assert mark["top"] * MM == pytest.approx(37 + 35, abs=1.5)
    assert {c["non_stroking_color"] for c in line_at(page, mark["top"])} == {RED}
    (rule,) = [
        r for r in page.rects if r["non_stroking_color"] == RED and r["width"] > 10 * r["height"]
    ]
    assert rule["width"] * MM == pytest.approx(156, abs=0.5)
    assert rule["x0"] * MM == pytest.approx(28, abs=0.5)


def test_number_left_and_signer_right_on_one_line_above_the_rule(pages, document):
    page = pages[0]
    number = next(w for w in page.extract_words() if w["text"].startswith("宁检请"))
    assert "".join(number["text"].split()) == document.number == "宁检请〔2026〕1号"
    # §7.2.5: the number flush left one character in; 签发人 flush right one character in.
    assert number["x0"] * MM == pytest.approx(28 + CHARACTER, abs=1)
    line = line_at(page, number["top"])
    text = "".join(c["text"] for c in line)
    name = document.signed_off_by.get_full_name()
    assert text.endswith(f"签发人：{name}")
    assert max(c["x1"] for c in line) * MM == pytest.approx(184 - CHARACTER, abs=1)
    (rule,) = [
        r for r in page.rects if r["non_stroking_color"] == RED and r["width"] > 10 * r["height"]
    ]
    assert (rule["top"] - number["bottom"]) * MM == pytest.approx(4, abs=1.5)
    if fandol_paths():  # the signer's name in 楷体, 签发人 in 仿宋 (§7.2.6)
        fonts = {c["text"]: c["fontname"].split("+")[-1] for c in line}
        assert fonts["签"] == "FandolFang" and fonts[name[-1]] == "FandolKai"


def test_title_addressee_note_copy_and_page_numbers(pages):
    text = "".join("".join(page.extract_text().split()) for page in pages)
    assert "关于马某某跨省贩卖毒品案管辖问题的请示" in text
    assert "最高人民检察院：" in text
    assert f"{NX}：主张管辖，理由为主要犯罪地在银川" in text  # the positions stated
    assert "请示事项。请指定本案由" in text and "妥否，请批示。" in text
    assert "（联系人：" in text
    assert "抄送：新疆维吾尔自治区人民检察院。" in text
    assert f"{NX}办公室" in text and "印发" in text
    # §7.5: page numbers from page 1, 7 mm below the text area.
    footer = [w for w in pages[0].extract_words() if w["top"] * MM > 262]
    assert "".join(w["text"] for w in footer) == "—1—"
    assert footer[0]["top"] * MM == pytest.approx(262 + 7, abs=1.5)
    assert "草稿" not in text


def test_signed_valid_for_pyhanko_and_pdfsig_and_a_changed_byte_fails(document, tmp_path):
    data = document.file.read()
    assert document.sha256 == signing.sha256(data) and document.signature_valid
    verification = signing.verify_pdf(data)
    assert verification.valid and verification.signer == member("NX").name_zh
    report = pdfsig(data, tmp_path)
    assert "Signature Validation: Signature is Valid." in report, report
    assert f"Signer Certificate Common Name: {member('NX').name_zh}" in report
    tampered = changed_byte(data)
    assert not signing.verify_pdf(tampered).valid
    assert "Digest Mismatch" in pdfsig(tampered, tmp_path)
    assert_every_character_has_a_glyph(data, document)
