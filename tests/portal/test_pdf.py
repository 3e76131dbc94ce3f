"""PDF letters: real WeasyPrint output read back with poppler's tools.

These tests need no database (none is marked `django_db`, so pytest-django refuses any query).
"""

import logging
import re
import subprocess
from datetime import date

import pytest
from django.utils.safestring import mark_safe

from portal.pdf import URLRefused, render_pdf, url_fetcher

TEMPLATE = "portal/letters/base.html"
LETTER = {
    "issuer": "甘肃省人民检察院",
    "doc_number": "甘检协〔2026〕12号",
    "title": "关于协助异地讯问犯罪嫌疑人的函",
    "addressee": "陕西省人民检察院",
    "body_paragraphs": [
        "我院办理张某某涉嫌非法采矿一案，需讯问羁押于西安市看守所的犯罪嫌疑人李某某。",
        "请贵院协调看守所安排提讯。",
        "特此函达。",
    ],
    "signature": "甘肃省人民检察院",
    "date": date(2026, 11, 26),
}
HOSTILE_URLS = [
    "file:///etc/passwd",
    "http://example.invalid/logo.png",
    "file:///etc/hostname",
]


def poppler(tool: str, *args) -> str:
    """Run a poppler tool and return what it printed."""
    return subprocess.run([tool, *args], capture_output=True, text=True, check=True).stdout


def pdf_text(path) -> str:
    """The PDF's text with all white space removed, so wrapped sentences read whole."""
    return "".join(poppler("pdftotext", str(path), "-").split())


@pytest.fixture(scope="module")
def letter_pdf(tmp_path_factory):
    path = tmp_path_factory.mktemp("letters") / "letter.pdf"
    path.write_bytes(render_pdf(TEMPLATE, LETTER))
    return path


def test_letter_embeds_a_subset_noto_cjk_font(letter_pdf):
    rows = poppler("pdffonts", str(letter_pdf)).splitlines()[2:]
    # The type column has spaces, so read the yes/no columns from the right: emb sub uni.
    fonts = {row.split()[0]: row.split()[-5:-2] for row in rows}
    # Noto Serif CJK SC, or the same font renumbered by `manage.py build_letter_fonts`.
    noto = {name: flags for name, flags in fonts.items() if "-Serif-CJK-SC" in name}
    assert noto, fonts
    for name, (embedded, subset, unicode_map) in noto.items():
        assert re.match(r"[A-Z]{6}\+(Noto|Portal)-Serif-CJK-SC", name)
        assert (embedded, subset, unicode_map) == ("yes", "yes", "yes")


def test_letter_text_reads_back_in_chinese(letter_pdf):
    text = pdf_text(letter_pdf)
    for expected in [
        "甘肃省人民检察院",
        "甘检协〔2026〕12号",
        "关于协助异地讯问犯罪嫌疑人的函",
        "陕西省人民检察院：",
        "我院办理张某某涉嫌非法采矿一案，需讯问羁押于西安市看守所的犯罪嫌疑人李某某。",
        "请贵院协调看守所安排提讯。",
        "特此函达。",
        "2026年11月26日",
    ]:
        assert expected in text
    # A letter leaves its seal's place empty (no printed ring) and page 1 has no page number.
    assert "（印章）" not in text
    assert "—1—" not in text


def test_short_letter_is_one_a4_page(letter_pdf):
    info = poppler("pdfinfo", str(letter_pdf))
    assert re.search(r"^Pages:\s+1$", info, re.MULTILINE)
    width, height = re.search(r"^Page size:\s+([\d.]+) x ([\d.]+) pts", info, re.MULTILINE).groups()
    assert (round(float(width)), round(float(height))) == (595, 842)


def test_external_resources_are_refused(caplog, tmp_path):
    hostile = dict(LETTER)
    hostile["body_paragraphs"] = [
        # Marked safe on purpose: this markup is the attack under test.
        mark_safe(
            '前文。<img src="file:///etc/passwd"><img src="http://example.invalid/logo.png">'
            '<link rel="stylesheet" href="file:///etc/hostname">'
            # No scheme and no base URL: WeasyPrint cannot even form a URL to ask for.
            '<img src="/etc/passwd">后文。'
        )
    ]
    caplog.set_level(logging.WARNING, logger="portal.pdf")
    path = tmp_path / "hostile.pdf"
    path.write_bytes(render_pdf(TEMPLATE, hostile))

    refused = [r.getMessage() for r in caplog.records if r.name == "portal.pdf"]
    for url in HOSTILE_URLS:
        assert any(url in message for message in refused), (url, refused)
    text = pdf_text(path)
    assert "前文。" in text and "后文。" in text
    assert "root:x:0:0" not in text
    assert "/bin/" not in text
    # `pdfimages -list` prints two header lines and then one line per image.
    assert len(poppler("pdfimages", "-list", str(path)).splitlines()) == 2


def test_fetcher_refuses_every_scheme():
    for url in [*HOSTILE_URLS, "https://example.invalid/", "data:text/plain,hello"]:
        with pytest.raises(URLRefused):
            url_fetcher(url)


def test_text_that_is_not_marked_safe_stays_text(caplog, tmp_path):
    written = dict(LETTER, body_paragraphs=['<img src="file:///etc/passwd">'])
    caplog.set_level(logging.WARNING, logger="portal.pdf")
    path = tmp_path / "escaped.pdf"
    path.write_bytes(render_pdf(TEMPLATE, written))

    assert not [r for r in caplog.records if r.name == "portal.pdf"]
    assert '<imgsrc="file:///etc/passwd">' in pdf_text(path)


def test_base_renders_with_missing_values_and_a_date_as_text(tmp_path):
    path = tmp_path / "sparse.pdf"
    path.write_bytes(render_pdf(TEMPLATE, {"date": "二〇二六年十一月二十六日"}))

    text = pdf_text(path)
    assert "二〇二六年十一月二十六日" in text
    # No addressee, so no line holding only its colon.
    assert "：" not in text
