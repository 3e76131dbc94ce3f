"""Chinese text for search: jieba words, character grams, query terms and highlighted snippets.

Nothing here asks the database to parse text, so search behaves the same whatever the
database's locale: the index is built from these tokens and the queries from the same ones.
"""

import re
from dataclasses import dataclass
from functools import lru_cache

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from portal.chinese import jieba

# CJK ideographs (the basic block, extension A and the compatibility block).
CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
RUN = re.compile(rf"[{CJK}]+|[0-9A-Za-z\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]+")
CJK_RUN = re.compile(rf"[{CJK}]+")
# A term of a query: what the user separated with spaces or punctuation.
TERM_SPLIT = re.compile(rf"[^{CJK}0-9A-Za-z\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]+")
# tsvector positions stop at 16383; fields are kept apart so no phrase spans two of them.
MAX_POSITION = 16383
FIELD_GAP = 8
HEAD_FIELDS = 2
MAX_TERMS = 8
MAX_TERM_LENGTH = 30


def normalize(text: str) -> str:
    """Full-width letters and digits as ASCII, lower case: how tokens are compared."""
    return text.translate(FULL_WIDTH).lower()


FULL_WIDTH = {code: code - 0xFEE0 for code in range(0xFF10, 0xFF5B)}


def fold(text: str) -> str:
    """Full-width letters and digits as ASCII, keeping every character's index (highlighting)."""
    return text.translate(FULL_WIDTH)


@lru_cache(maxsize=200_000)
def segment_run(run: str) -> tuple[str, ...]:
    """jieba's search-mode words (two characters or more) of one run of CJK text. Runs repeat
    a lot in legal texts (依法提起公诉, 人民币…万元), hence the cache."""
    return tuple(word for word in jieba().cut_for_search(run) if len(word) >= 2)


def segment(text: str) -> list[str]:
    """jieba's search-mode words of a text in order, with its letter/digit tokens (single
    characters are left to the gram vector)."""
    words: list[str] = []
    for run in RUN.findall(normalize(text or "")):
        if CJK_RUN.fullmatch(run):
            words.extend(segment_run(run))
        elif len(run) >= 2:
            words.append(run)
    return words


def grams(text: str) -> set[str]:
    """Character unigrams and bigrams of the CJK runs, and whole letter/digit tokens: a one- or
    two-character query is then one lexeme, a longer one all of its bigrams."""
    found = set()
    for run in RUN.findall(normalize(text or "")):
        if CJK_RUN.fullmatch(run):
            found.update(run)
            found.update(run[index : index + 2] for index in range(len(run) - 1))
        else:
            found.add(run)
    return found


def quote_lexeme(lexeme: str) -> str:
    """A lexeme quoted for tsvector and tsquery input: no character can change the meaning."""
    return "'" + lexeme.replace("\\", "\\\\").replace("'", "''") + "'"


def lexeme_set_literal(lexemes: set[str]) -> str:
    """A tsvector of lexemes without positions, in PostgreSQL's input syntax."""
    return " ".join(quote_lexeme(lexeme) for lexeme in sorted(lexemes))


def tsvector_literal(entries: dict[str, list[str]]) -> str:
    """A tsvector in PostgreSQL's input syntax from {lexeme: ["3A", "17C", …]}."""
    return " ".join(
        quote_lexeme(lexeme) + ":" + ",".join(positions[:256])
        for lexeme, positions in entries.items()
    )


@dataclass(frozen=True)
class CaseText:
    """The searched fields of a case with their weights (A: title and keywords, B: key points
    and significance, C: facts)."""

    fields: tuple[tuple[str, str], ...]  # (weight, text)

    @classmethod
    def of(cls, case) -> "CaseText":
        # The first HEAD_FIELDS fields (title, keywords) also make the small "head" vector.
        return cls(
            fields=(
                ("A", case.title),
                ("A", " ".join(case.keywords or [])),
                ("B", case.key_points),
                ("B", case.significance),
                ("C", case.facts),
            )
        )

    def vectors(self) -> tuple[str, str, str]:
        """The case's three tsvector literals: jieba's words with positions and weights (for
        ranking), the grams of title and keywords (the first ranking pass) and the grams of
        every field (what decides a match)."""
        words: dict[str, list[str]] = {}
        head: set[str] = set()
        every: set[str] = set()
        position = 1
        for index, (weight, text) in enumerate(self.fields):
            for word in segment(text):
                words.setdefault(word, []).append(f"{min(position, MAX_POSITION)}{weight}")
                position += 1
            position += FIELD_GAP
            found = grams(text)
            every |= found
            if index < HEAD_FIELDS:
                head |= found
        return tsvector_literal(words), lexeme_set_literal(head), lexeme_set_literal(every)


@dataclass(frozen=True)
class Term:
    """One term of a query: its text, its letter/digit and CJK pieces, and jieba's words."""

    text: str
    pieces: tuple[str, ...]
    words: tuple[str, ...]


def parse_terms(*queries: str) -> list[Term]:
    """The terms of one or more queries (the query and "search within"), in order, deduplicated;
    every term must be found in a case."""
    terms: list[Term] = []
    seen = set()
    for query in queries:
        for raw in TERM_SPLIT.split(normalize(query or "")):
            text = raw[:MAX_TERM_LENGTH]
            if not text or text in seen:
                continue
            seen.add(text)
            pieces = tuple(RUN.findall(text))
            if pieces:
                terms.append(Term(text=text, pieces=pieces, words=tuple(segment(text))))
    return terms[:MAX_TERMS]


def highlight_pattern(terms: list[Term]) -> re.Pattern | None:
    """One pattern finding every term (and its jieba words) in a text, longest first."""
    needles = {piece for term in terms for piece in term.pieces}
    needles |= {word for term in terms for word in term.words}
    if not needles:
        return None
    alternatives = sorted(needles, key=len, reverse=True)
    return re.compile("|".join(re.escape(needle) for needle in alternatives), re.IGNORECASE)


def highlight(text: str, pattern: re.Pattern | None) -> SafeString:
    """The text HTML-escaped, each match wrapped in <mark>."""
    text = text or ""
    if pattern is None:
        return mark_safe(escape(text))  # noqa: S308 - escaped just here
    out, last = [], 0
    for match in pattern.finditer(fold(text)):
        out.append(escape(text[last : match.start()]))
        out.append(f"<mark>{escape(text[match.start() : match.end()])}</mark>")
        last = match.end()
    out.append(escape(text[last:]))
    return mark_safe("".join(out))  # noqa: S308 - every piece escaped above


def snippet(texts: list[str], pattern: re.Pattern | None, width: int = 120) -> SafeString:
    """A window of about `width` characters from the text where most of the different terms
    occur (the first text if none does), starting a little before the first match,
    highlighted."""
    texts = [text for text in texts if text]
    if not texts:
        return mark_safe("")
    chosen, start, best = texts[0], 0, 0
    if pattern is not None:
        for text in texts:
            matches = list(pattern.finditer(fold(text)))
            distinct = len({match.group().lower() for match in matches})
            if distinct > best:
                chosen, start, best = text, max(0, matches[0].start() - width // 4), distinct
    window = chosen[start : start + width]
    prefix = "…" if start > 0 else ""
    suffix = "…" if start + width < len(chosen) else ""
    return mark_safe(f"{prefix}{highlight(window, pattern)}{suffix}")  # noqa: S308
