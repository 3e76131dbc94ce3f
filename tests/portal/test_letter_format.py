"""The layout of GB/T 9704-2012 measured from the rendered PDFs (pdfplumber), in millimetres.

The letter format (信函格式, §10.1) for 函 and notices, the general format (§7) for joint
decisions. These tests need no database.
"""

import io
from datetime import date

import pdfplumber
import pytest

from portal.letter_fonts import fandol_paths
from portal.pdf import render_pdf

TEMPLATE = "portal/letters/base.html"
MM = 25.4 / 72
# The text area (28 mm from the left, 156 mm wide) centres what is centred.
CENTRE = 28 + 156 / 2
RED = (0.901961, 0.0, 0.070588)
LETTER = {
    "issuer": "甘肃省人民检察院",
    "doc_number": "甘检协〔2026〕12号",
    "title": "关于协助异地讯问犯罪嫌疑人的函",
    "addressee": "陕西省人民检察院",
    "body_paragraphs": ["我院办理张某某涉嫌非法采矿一案，请贵院协调看守所安排提讯。", "特此函达。"],
    "signature": "甘肃省人民检察院",
    "date": date(2026, 11, 26),
    "note": "联系人：王某某；联系电话：0931-1234567",
}
LONG = ["我院办理张某某涉嫌非法采矿一案，需讯问羁押于西安市看守所的犯罪嫌疑人李某某。" * 14]


def pages(context: dict) -> list:
    """The PDF's pages, read by pdfplumber (kept open while the test runs)."""
    pdf = pdfplumber.open(io.BytesIO(render_pdf(TEMPLATE, context)))
    return pdf.pages


def word(page, text: str) -> dict:
    """The first word on the page that starts with `text`."""
    return next(w for w in page.extract_words() if w["text"].startswith(text))


def red_rules(page) -> list[dict]:
    """The page's red horizontal rules, top to bottom, one per distinct position."""
    rules = {}
    for rect in page.rects:
        if rect["non_stroking_color"] == RED and rect["width"] > 10 * rect["height"]:
            rules[round(rect["top"], 2)] = rect
    return [rules[top] for top in sorted(rules)]


@pytest.fixture(scope="module")
def letter():
    return pages(LETTER)


@pytest.fixture(scope="module")
def two_page_letter():
    return pages(dict(LETTER, body_paragraphs=LONG, urgency="特急"))


def test_page_is_a4_with_the_standard_margins(letter):
    page = letter[0]
    assert (round(page.width * MM), round(page.height * MM)) == (210, 297)
    lefts = [w["x0"] * MM for w in page.extract_words()]
    assert min(lefts) == pytest.approx(28, abs=1)
    # The text area is 156 mm wide: its right edge at 184 mm.
    assert max(w["x1"] * MM for w in page.extract_words()) <= 184 + 1


def test_issuer_mark_is_red_and_30_mm_from_the_top(letter):
    mark = word(letter[0], "甘肃省人民检察院")
    assert mark["top"] * MM == pytest.approx(30, abs=1.5)
    assert (mark["x0"] + mark["x1"]) / 2 * MM == pytest.approx(CENTRE, abs=1)
    chars = [c for c in letter[0].chars if c["top"] == mark["top"]]
    assert {c["non_stroking_color"] for c in chars} == {RED}


def test_red_double_rules_under_the_mark_and_at_the_bottom(letter):
    page = letter[0]
    mark = word(page, "甘肃省人民检察院")
    top_thick, top_thin, bottom_thin, bottom_thick = red_rules(page)
    for rule in (top_thick, top_thin, bottom_thin, bottom_thick):
        assert rule["width"] * MM == pytest.approx(170, abs=0.5)
        assert (rule["x0"] + rule["x1"]) / 2 * MM == pytest.approx(CENTRE, abs=0.5)
    # 上粗下细 under the mark, 4 mm below it; 上细下粗 20 mm above the page's bottom edge.
    assert top_thick["height"] > top_thin["height"]
    assert (top_thick["top"] - mark["bottom"]) * MM == pytest.approx(4, abs=1)
    assert bottom_thick["height"] > bottom_thin["height"]
    assert (page.height - bottom_thick["bottom"]) * MM == pytest.approx(20, abs=0.5)


def test_number_is_flush_right_under_the_rule(letter):
    page = letter[0]
    number = word(page, "甘检协")
    top_thin = red_rules(page)[1]
    assert number["x1"] * MM == pytest.approx(184, abs=1)
    assert number["top"] > top_thin["bottom"]
    assert (number["top"] - top_thin["bottom"]) * MM < 8


def test_no_page_number_on_page_1_and_centred_dash_numbers_from_page_2(letter, two_page_letter):
    assert "—" not in letter[0].extract_text()
    assert len(two_page_letter) == 2
    assert "—" not in two_page_letter[0].extract_text()
    second = two_page_letter[1]
    footer = [w for w in second.extract_words() if w["top"] * MM > 262]
    assert "".join(w["text"] for w in footer) == "—2—"
    # An even page: on the left, one character in; 7 mm below the 262 mm text area's end.
    assert footer[0]["x0"] * MM == pytest.approx(28 + 14 * MM, abs=1)
    assert footer[0]["top"] * MM == pytest.approx(262 + 7, abs=1.5)
    # The double rules are page 1's only.
    assert not red_rules(second)


def test_urgency_mark_in_the_header_when_set(letter, two_page_letter):
    mark = word(two_page_letter[0], "特急")
    number = word(two_page_letter[0], "甘检协")
    assert mark["x0"] * MM == pytest.approx(28, abs=1)
    assert mark["top"] == pytest.approx(number["top"], abs=1)
    assert {c["fontname"].split("+")[-1] for c in two_page_letter[0].chars if c["text"] == "特"}
    assert "特急" not in letter[0].extract_text() and "加急" not in letter[0].extract_text()


def test_note_holds_the_contact_and_no_seal_ring_is_printed(letter):
    text = "".join(letter[0].extract_text().split())
    assert "（联系人：王某某；联系电话：0931-1234567）" in text
    assert "印章" not in text
    assert not letter[0].images


def test_copy_to_is_printed_without_imprint_in_the_letter_format():
    page = pages(dict(LETTER, copy_to=["最高人民检察院"], printed_by="甘肃省人民检察院办公室"))[0]
    text = "".join(page.extract_text().split())
    assert "抄送：最高人民检察院。" in text
    assert "印发" not in text  # §10.1: the letter format's 版记 has no 印发机关和印发日期


def test_general_format_stacks_joint_marks_35_mm_into_the_text_area():
    context = dict(
        LETTER,
        general_format=True,
        issuers=["甘肃省人民检察院", "青海省人民检察院"],
        printed_by="甘肃省人民检察院办公室",
        printed_on=date(2026, 11, 26),
    )
    page, *_, last = pages(context)
    first, second = word(page, "甘肃省人民检察院"), word(page, "青海省人民检察院")
    assert first["top"] * MM == pytest.approx(37 + 35, abs=1.5)
    assert second["top"] > first["bottom"]
    number = word(page, "甘检协")
    assert (number["x0"] + number["x1"]) / 2 * MM == pytest.approx(CENTRE, abs=1)
    (rule,) = red_rules(page)
    assert rule["width"] * MM == pytest.approx(156, abs=0.5)
    assert "—1—" in "".join(page.extract_text().split())
    assert "甘肃省人民检察院办公室2026年11月26日印发" in "".join(last.extract_text().split())


def test_letter_fonts_are_fangsong_for_the_body_and_bold_serif_for_the_title(letter):
    if not fandol_paths():
        pytest.skip("FandolFang is not installed (Debian texlive-lang-chinese)")
    page = letter[0]
    title = word(page, "关于")
    fonts = {
        c["fontname"].split("+")[-1]
        for c in page.chars
        if c["top"] == pytest.approx(title["top"], abs=1)
    }
    assert len(fonts) == 1 and fonts.pop().endswith("Serif-CJK-SC-Bold")
    body = word(page, "我院")
    assert {c["fontname"].split("+")[-1] for c in page.chars if c["top"] == body["top"]} == {
        "FandolFang"
    }
    assert title["bottom"] - title["top"] == pytest.approx(22, abs=1)


def test_seal_image_is_drawn_over_the_signature_only_when_given():
    from django.template.loader import render_to_string

    seal = "data:image/png;base64,iVBORw0KGgo="
    with_seal = render_to_string(TEMPLATE, dict(LETTER, seal=seal))
    assert f'<img class="seal" src="{seal}" alt="">' in with_seal
    signing = with_seal[with_seal.index('<div class="signing">') :]
    assert signing.index('class="seal"') < signing.index('class="signature"')
    assert "<img" not in render_to_string(TEMPLATE, LETTER)


TITLE = "关于杨某某等人跨省非法采矿案管辖问题的请示"


def title_rows(page, size: float = 22.0) -> list[str]:
    """The title's lines as printed: the characters of 2号 (22 pt), row by row."""
    rows = {}
    for char in page.chars:
        if abs(char["size"] - size) < 0.5 and char["non_stroking_color"] != RED:
            rows.setdefault(round(char["top"]), []).append(char)
    return [
        "".join(c["text"] for c in sorted(row, key=lambda c: c["x0"]))
        for _, row in sorted(rows.items())
    ]


def test_a_long_title_breaks_between_words_into_centred_lines():
    """§7.3.2: a title that does not fit one line is cut where the words allow (the case's
    name and "的请示" whole, no lone character on a line), each line centred."""
    page = pages(dict(LETTER, title=TITLE))[0]
    assert title_rows(page) == ["关于杨某某等人跨省非法采矿案", "管辖问题的请示"]
    for row_top in {round(c["top"]) for c in page.chars if abs(c["size"] - 22) < 0.5}:
        row = [c for c in page.chars if round(c["top"]) == row_top and abs(c["size"] - 22) < 0.5]
        if row[0]["non_stroking_color"] != RED:
            middle = (min(c["x0"] for c in row) + max(c["x1"] for c in row)) / 2
            assert middle * MM == pytest.approx(CENTRE, abs=1)
    # A title that fits stays one line.
    assert title_rows(pages(LETTER)[0]) == [LETTER["title"]]


@pytest.mark.parametrize(
    ("title", "lines"),
    [
        ("关于请求协助讯问犯罪嫌疑人王某某的函", ["关于请求协助讯问犯罪嫌疑人王某某的函"]),
        (TITLE, ["关于杨某某等人跨省非法采矿案", "管辖问题的请示"]),
        (
            "关于马某某跨省贩卖毒品案（甘检协〔2026〕1号）的补充函",
            ["关于马某某跨省贩卖毒品案", "（甘检协〔2026〕1号）的补充函"],
        ),
        (
            "关于召开丝绸之路经济带（国内西北段）检察协作第七次联席会议的通知",
            ["关于召开丝绸之路经济带（国内西北段）", "检察协作第七次联席会议的通知"],
        ),
    ],
)
def test_title_lines(title, lines):
    from portal.letter_titles import CHARACTERS_PER_LINE, title_lines, width

    assert title_lines(title) == lines
    assert all(width(line) <= CHARACTERS_PER_LINE and len(line) > 2 for line in lines)
