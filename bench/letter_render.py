"""Benchmark: rendering one one-page letter to PDF. Prints numbers; asserts nothing.

Run with `make bench` or `.venv/bin/python bench/letter_render.py`; it needs no database.
It renders the sample letter below with `portal.pdf.render_pdf` after a warm-up (the first
render loads the CJK fonts) and prints the median and 95th percentile of the render times.
"""

import os
import statistics
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")

import logging

import django

django.setup()
# The portal logs at INFO, where WeasyPrint reports every rendering step: keep the output to
# the numbers.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)

from portal.pdf import render_pdf  # noqa: E402

TEMPLATE = "portal/letters/base.html"
SAMPLE_LETTER = {
    "issuer": "甘肃省人民检察院",
    "doc_number": "甘检协〔2026〕12号",
    "title": "关于协助异地讯问犯罪嫌疑人的函",
    "addressee": "陕西省人民检察院",
    "body_paragraphs": [
        "我院办理张某某涉嫌非法采矿一案，需讯问羁押于西安市看守所的犯罪嫌疑人李某某，"
        "请贵院协调看守所安排提讯。",
        "联系人：王某某，联系电话：0931-1234567。",
        "特此函达。",
    ],
    "signature": "甘肃省人民检察院",
    "date": date(2026, 11, 26),
}
WARM_UP = 3


def letter_render_times(n: int) -> list[float]:
    """Milliseconds of `n` renders of the sample letter, after a warm-up."""
    for _ in range(WARM_UP):
        render_pdf(TEMPLATE, SAMPLE_LETTER)
    samples = []
    for _ in range(n):
        began = time.perf_counter()
        render_pdf(TEMPLATE, SAMPLE_LETTER)
        samples.append((time.perf_counter() - began) * 1000)
    return samples


def main() -> None:
    samples = letter_render_times(50)
    p95 = statistics.quantiles(samples, n=20)[-1]
    print(
        f"letter PDF ({len(render_pdf(TEMPLATE, SAMPLE_LETTER)) // 1024} KiB): "
        f"median {statistics.median(samples):.1f} ms, p95 {p95:.1f} ms over {len(samples)} renders"
    )


if __name__ == "__main__":
    main()
