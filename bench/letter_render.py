"""Benchmark: rendering one one-page letter to PDF, and rendering and signing it. Prints
numbers; asserts nothing.

Run with `make bench` or `.venv/bin/python bench/letter_render.py`; it needs no database.
It renders the sample letter below with `portal.pdf.render_pdf` after a warm-up (the first
render loads the CJK fonts) and prints the median and 95th percentile of the render times;
then the same for rendering and signing (`portal.signing.sign_pdf`, PAdES B-B) with a key of the
demo CA, made in a temporary folder (target: median ≤ 200 ms).
"""

import os
import shutil
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

from django.conf import settings  # noqa: E402

from portal.models import Procuratorate  # noqa: E402
from portal.pdf import render_pdf  # noqa: E402
from portal.signing import sign_pdf  # noqa: E402

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


# Not saved: signing needs only the issuer's code (its key's file name) and name.
ISSUER = Procuratorate(code="GS", name_zh="甘肃省人民检察院")


def render_unsigned() -> bytes:
    return render_pdf(TEMPLATE, SAMPLE_LETTER)


def render_and_sign() -> bytes:
    return sign_pdf(render_pdf(TEMPLATE, SAMPLE_LETTER), ISSUER)


def letter_render_times(n: int, work=render_unsigned) -> list[float]:
    """Milliseconds of `n` runs of `work` on the sample letter, after a warm-up."""
    for _ in range(WARM_UP):
        work()
    samples = []
    for _ in range(n):
        began = time.perf_counter()
        work()
        samples.append((time.perf_counter() - began) * 1000)
    return samples


def report(label: str, work, samples: list[float]) -> None:
    p95 = statistics.quantiles(samples, n=20)[-1]
    print(
        f"{label} ({len(work()) // 1024} KiB): median {statistics.median(samples):.1f} ms, "
        f"p95 {p95:.1f} ms over {len(samples)} runs"
    )


def main() -> None:
    report("letter PDF, unsigned", render_unsigned, letter_render_times(50))
    try:
        signed = letter_render_times(50, render_and_sign)
        report("letter PDF, rendered and signed", render_and_sign, signed)
    finally:
        # tests.settings made a temporary folder for the demo key: leave nothing behind.
        if settings.SIGNING_KEYS_DIR.name.startswith("portal-signing-tests-"):
            shutil.rmtree(settings.SIGNING_KEYS_DIR, ignore_errors=True)


if __name__ == "__main__":
    main()
