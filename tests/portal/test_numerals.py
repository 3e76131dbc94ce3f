"""Chinese numerals for the series of a meeting (第七次)."""

import pytest

from portal.numerals import chinese_numeral

DIGITS = "一二三四五六七八九"


@pytest.mark.parametrize(
    ("number", "written"),
    [
        (1, "一"), (7, "七"), (10, "十"), (11, "十一"), (17, "十七"), (20, "二十"),
        (21, "二十一"), (30, "三十"), (45, "四十五"), (99, "九十九"),
    ],
)  # fmt: skip
def test_known_numerals(number, written):
    assert chinese_numeral(number) == written


def test_every_number_from_1_to_99():
    # Built independently: units, then the tens (一十 is written 十).
    expected = [*DIGITS, "十"]
    for tens in range(1, 10):
        prefix = "十" if tens == 1 else f"{DIGITS[tens - 1]}十"
        if tens > 1:
            expected.append(prefix)
        expected += [prefix + unit for unit in DIGITS]
    expected = expected[:99]
    assert [chinese_numeral(n) for n in range(1, 100)] == expected
    assert len(set(expected)) == 99


@pytest.mark.parametrize("number", [0, 100, 123])
def test_outside_1_to_99_in_figures(number):
    assert chinese_numeral(number) == str(number)
