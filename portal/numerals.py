"""Numbers written in Chinese numerals, as official documents write an ordinal (第七次)."""

DIGITS = "零一二三四五六七八九"


def chinese_numeral(number: int) -> str:
    """1 → 一, 10 → 十, 17 → 十七, 20 → 二十, 99 → 九十九 (1 to 99; larger ones in figures)."""
    if not 0 < number < 100:
        # Documents write 第100次 and beyond in Arabic figures; never a wrong numeral.
        return str(number)
    tens, units = divmod(number, 10)
    return ("" if tens == 0 else "十" if tens == 1 else f"{DIGITS[tens]}十") + (
        "" if units == 0 else DIGITS[units]
    )
