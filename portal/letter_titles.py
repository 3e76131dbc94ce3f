"""The title of an official document broken into lines as GB/T 9704-2012 §7.3.2 asks: "回行时，
要做到词意完整，排列对称，长短适宜，间距恰当", laid out as a trapezoid or a diamond.

A title that fits the text area stays one line. A longer one is cut at word boundaries (jieba's
words; a bracketed number such as 〔2026〕1号 and the closing "的请示" / "的函" are never cut)
into as few lines as it needs, each as close to the same width as the words allow, the longer
lines first (an inverted trapezoid), so no line ends with a lone character.
"""

import re

from portal.chinese import jieba

# 2号 characters (22 pt) across the 156 mm text area of A4 with the standard's margins.
CHARACTERS_PER_LINE = 20
# What stays in one piece: brackets with what they hold, Latin letters and digits.
KEEP_TOGETHER = re.compile(r"〔[^〕]*〕\d*号?|（[^）]*）|《[^》]*》|“[^”]*”|[0-9A-Za-z]+号?")
# Punctuation that never begins a line.
NO_LINE_START = set("，。、；：？！）》〕”’")
# Where a title reads best cut: after the case's name (…案), after 关于, after a conjunction. Such
# a cut may leave the lines this many characters less even than another.
NATURAL_ENDS = ("案", "关于", "和", "及", "与")
NATURAL_BONUS = 3.5


def width(text: str) -> float:
    """The text's width in 2号 characters: Latin letters and digits are half as wide."""
    return sum(0.5 if ord(char) < 0x2E80 else 1.0 for char in text)


def words(title: str) -> list[str]:
    """The title's unbreakable pieces: the spans kept together, jieba's words elsewhere, and
    the closing "的…" (的请示, 的补充函) as one piece; punctuation clings to what it follows."""
    pieces, position = [], 0
    for match in KEEP_TOGETHER.finditer(title):
        pieces += [*jieba().cut(title[position : match.start()]), match.group()]
        position = match.end()
    pieces += list(jieba().cut(title[position:]))
    pieces = [piece for piece in pieces if piece]
    if "的" in pieces[-4:-1]:
        last = len(pieces) - 1 - pieces[::-1].index("的")
        pieces[last:] = ["".join(pieces[last:])]
    merged: list[str] = []
    for piece in pieces:
        if merged and piece[0] in NO_LINE_START:
            merged[-1] += piece
        else:
            merged.append(piece)
    return merged


def title_lines(title: str) -> list[str]:
    """The title's lines: one if it fits, else the fewest balanced lines cut between words."""
    title = " ".join(title.split())
    if width(title) <= CHARACTERS_PER_LINE:
        return [title]
    pieces = words(title)
    count = -(-int(width(title)) // CHARACTERS_PER_LINE)
    while True:
        lines = balanced(pieces, count)
        if lines and all(width(line) <= CHARACTERS_PER_LINE for line in lines):
            return lines
        if count >= len(pieces):
            return lines or [title]
        count += 1


def balanced(pieces: list[str], count: int) -> list[str]:
    """Cut `pieces` into `count` lines whose widths are as even as the pieces allow, the longer
    ones first: each cut is the one nearest the share of the width still to lay out, a natural
    place to cut (NATURAL_ENDS) counting as that much nearer."""
    lines, rest = [], list(pieces)
    for remaining in range(count, 1, -1):
        target = sum(width(piece) for piece in rest) / remaining
        best, best_gap, taken = 1, None, 0.0
        for end in range(1, len(rest) - remaining + 2):
            taken += width(rest[end - 1])
            gap = abs(taken - target) - (0.01 if taken >= target else 0)
            if rest[end - 1].endswith(NATURAL_ENDS):
                gap -= NATURAL_BONUS
            if taken > CHARACTERS_PER_LINE:
                break
            if best_gap is None or gap < best_gap:
                best, best_gap = end, gap
        lines.append("".join(rest[:best]))
        rest = rest[best:]
    lines.append("".join(rest))
    return [line for line in lines if line]
