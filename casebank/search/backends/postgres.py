"""Search on PostgreSQL: jieba words and character grams in tsvectors with GIN indexes.

Matching is decided by the gram vector (unigrams and bigrams of every searched field): a one-
character term is its unigram, a two-character term one bigram, a longer one all of its
bigrams, so a case containing the term is found however jieba segments it, and the GIN index
answers exactly, without reading the vectors back ("recheck").

Facets are counted per combination of facet values rather than per case: every row carries
the key of its province, category, level and year (`facet_key`) and the key of its charges and
keywords (`list_key`), hashes whose values are kept in `CaseFacetSet`. A search groups its
matches by the two integers and spreads the counts of the few combinations found over their
values, which each process keeps once read (a key's values never change).

Ranking runs in two passes so that no search reads the large vectors of every match: the
matches are first ordered by how many terms their title and keywords hold (a small vector kept
in the row), newest decision first; then the first RERANK of them are ranked by `ts_rank`
over jieba's search-mode words of the query against the weighted word vector (title and
keywords A, key points and significance B, facts C), so a real word outranks two characters
that merely meet across a word boundary. Pages beyond RERANK keep the first pass's order.

Every vector is written as a tsvector literal from our own tokens and every query as a tsquery
literal, never through the text-search parser: the result does not depend on the locale or the
text-search configuration of the database.
"""

import hashlib
import math
import multiprocessing
import os
from collections import defaultdict
from collections.abc import Iterable
from typing import NamedTuple

from django.db import connection, transaction

from casebank.library.models import CaseStatus, TypicalCase
from casebank.search.backends.base import FACETS, Criteria, Found, SearchBackend
from casebank.search.models import CaseFacetSet, CaseSearchEntry
from casebank.search.text import CJK_RUN, CaseText, Term, jieba, quote_lexeme

TABLE = CaseSearchEntry._meta.db_table
FACET_TABLE = CaseFacetSet._meta.db_table

UPSERT = f"""
    INSERT INTO {TABLE}
        (case_id, province, category, level, year, decided_on, published_at, charges, keywords,
         facet_key, list_key, words, head, grams)
    VALUES %s
    ON CONFLICT (case_id) DO UPDATE SET
        province = EXCLUDED.province, category = EXCLUDED.category, level = EXCLUDED.level,
        year = EXCLUDED.year, decided_on = EXCLUDED.decided_on,
        published_at = EXCLUDED.published_at, charges = EXCLUDED.charges,
        keywords = EXCLUDED.keywords, facet_key = EXCLUDED.facet_key,
        list_key = EXCLUDED.list_key, words = EXCLUDED.words, head = EXCLUDED.head,
        grams = EXCLUDED.grams
"""  # noqa: S608 - our own table
ROW_TEMPLATE = (
    "(%s, %s, %s, %s, %s, %s, %s, %s::text[], %s::text[], %s, %s, %s::tsvector, %s::tsvector,"
    " %s::tsvector)"
)
# How many of the first pass's best matches the second pass ranks by their words.
RERANK = 200
# ts_rank's weights for D, C, B, A.
WEIGHTS = "'{0.1, 0.3, 0.6, 1.0}'"


def gram_query(term: Term) -> str:
    """The tsquery that holds where the gram vector has every gram the term needs."""
    needed = []
    for piece in term.pieces:
        if CJK_RUN.fullmatch(piece) and len(piece) > 2:
            needed.extend(piece[index : index + 2] for index in range(len(piece) - 1))
        else:
            needed.append(piece)
    return " & ".join(quote_lexeme(gram) for gram in dict.fromkeys(needed))


def word_query(terms: Iterable[Term]) -> str:
    """The tsquery of jieba's words of the query, any of them (for ranking)."""
    words = dict.fromkeys(word for term in terms for word in term.words)
    return " | ".join(quote_lexeme(word) for word in words)


def case_vectors(fields: tuple) -> tuple[str, str, str]:
    return CaseText(fields=fields).vectors()


class Entry(NamedTuple):
    """A case's row of the index, and the combinations of facet values its keys stand for."""

    row: tuple
    combinations: dict[int, tuple[str, ...]]


def index_entry(case: TypicalCase, vectors: tuple[str, str, str] | None = None) -> Entry:
    words, head, grams = vectors or CaseText.of(case).vectors()
    charges = [str(charge) for charge in case.charges or []]
    keywords = [str(keyword) for keyword in case.keywords or []]
    level, year = case.source_procuratorate.level, case.decided_on.year
    single, lists = facet_values(case.province, case.category, level, year, charges, keywords)
    row = (
        case.pk,
        case.province,
        case.category,
        level,
        year,
        case.decided_on,
        case.published_at,
        charges,
        keywords,
        facet_key(single),
        facet_key(lists),
        words,
        head,
        grams,
    )
    return Entry(row, {facet_key(single): single, facet_key(lists): lists})


def facet_values(
    province, category, level, year, charges, keywords
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """What a case counts towards in the facets, as "facet:value": its one-valued facets, and
    its charges and keywords (each once)."""
    single = (f"province:{province}", f"category:{category}", f"level:{level}", f"year:{year}")
    lists = dict.fromkeys(
        [*(f"charge:{charge}" for charge in charges), *(f"keyword:{word}" for word in keywords)]
    )
    return single, tuple(lists)


def facet_key(values: tuple[str, ...]) -> int:
    """The key of a combination of facet values: a 64-bit hash, signed as PostgreSQL's bigint."""
    digest = hashlib.blake2b("\n".join(values).encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


# The facet values of the combinations this process has met. A key's values never change, so
# the table is only ever filled in, never invalidated (and emptied past its bound).
FACET_VALUES: dict[int, tuple[str, ...]] = {}
FACET_VALUES_BOUND = 500_000


def combinations(cursor, keys: list[int]) -> dict[int, tuple[str, ...]]:
    """The facet values of each of these combination keys."""
    known = {}
    for key in keys:
        values = FACET_VALUES.get(key)
        if values is not None:
            known[key] = values
    missing = [key for key in keys if key not in known]
    if missing:
        cursor.execute(
            f'SELECT key, "values" FROM {FACET_TABLE} WHERE key = ANY(%s)',  # noqa: S608
            [missing],
        )
        if len(FACET_VALUES) + len(missing) > FACET_VALUES_BOUND:
            FACET_VALUES.clear()
        for key, values in cursor.fetchall():
            known[key] = FACET_VALUES[key] = tuple(values)
    return known


def where(criteria: Criteria, case_ids: Iterable[int] | None = None) -> tuple[str, list]:
    """The WHERE clause of the criteria and its parameters."""
    clauses, params = ["TRUE"], []
    for term in criteria.terms:
        clauses.append("grams @@ %s::tsquery")
        params.append(gram_query(term))
    for column in ("category", "province", "level"):
        if getattr(criteria, column):
            clauses.append(f"{column} = %s")
            params.append(getattr(criteria, column))
    if criteria.year:
        clauses.append("year = %s")
        params.append(criteria.year)
    for column, value in (("charges", criteria.charge), ("keywords", criteria.keyword)):
        if value:
            clauses.append(f"{column} @> ARRAY[%s]::text[]")
            params.append(value)
    if case_ids is not None:
        clauses.append("case_id = ANY(%s)")
        params.append(list(case_ids))
    return " AND ".join(clauses), params


class PostgresBackend(SearchBackend):
    """The library's search on PostgreSQL (see the module's docstring)."""

    def index(self, case_ids):
        case_ids = sorted(set(case_ids))
        if not case_ids:
            return
        cases = list(
            TypicalCase.objects.published()
            .filter(pk__in=case_ids)
            .select_related("source_procuratorate")
            .only(*INDEXED_FIELDS)
        )
        published = {case.pk for case in cases}
        with connection.cursor() as cursor:
            gone = [pk for pk in case_ids if pk not in published]
            if gone:
                cursor.execute(f"DELETE FROM {TABLE} WHERE case_id = ANY(%s)", [gone])  # noqa: S608
            if cases:
                self.write(cursor, [index_entry(case) for case in cases])

    def write(self, cursor, entries: list[Entry]) -> None:
        """The combinations of facet values first, then the rows that name them."""
        from psycopg2.extras import execute_values

        values_of = {key: values for entry in entries for key, values in entry.combinations.items()}
        execute_values(
            cursor.cursor,
            f'INSERT INTO {FACET_TABLE} (key, "values") VALUES %s ON CONFLICT (key) DO NOTHING',  # noqa: S608
            [(key, list(values)) for key, values in values_of.items()],
            template="(%s, %s::text[])",
            page_size=1000,
        )
        rows = [entry.row for entry in entries]
        execute_values(cursor.cursor, UPSERT, rows, template=ROW_TEMPLATE, page_size=200)

    def reindex(self, *, batch_size=1000):
        published = TypicalCase.objects.published()
        with connection.cursor() as cursor:
            cursor.execute(
                f"DELETE FROM {TABLE} WHERE case_id NOT IN "  # noqa: S608 - our own tables
                f"(SELECT id FROM {TypicalCase._meta.db_table} WHERE status = %s AND NOT sealed)",
                [CaseStatus.PUBLISHED],
            )
        jieba()  # loaded before the workers fork, so each has it
        processes = max(1, min(os.cpu_count() or 1, 8))
        with multiprocessing.get_context("fork").Pool(processes) as pool:
            last, count = 0, 0
            while True:
                cases = list(
                    published.filter(pk__gt=last)
                    .select_related("source_procuratorate")
                    .only(*INDEXED_FIELDS)
                    .order_by("pk")[:batch_size]
                )
                if not cases:
                    return count
                # Segmenting is the work: spread it over the cores, write from here.
                vectors = pool.map(
                    case_vectors,
                    [CaseText.of(case).fields for case in cases],
                    chunksize=max(1, len(cases) // (processes * 4)),
                )
                with connection.cursor() as cursor:
                    self.write(
                        cursor,
                        [
                            index_entry(case, pair)
                            for case, pair in zip(cases, vectors, strict=True)
                        ],
                    )
                last, count = cases[-1].pk, count + len(cases)

    def find(self, criteria, *, sort, offset, limit, facets=True):
        """One statement: the matches are scanned once (through the GIN index), then ordered
        for the page and counted per combination of facet values."""
        condition, params = where(criteria)
        ranked = sort == "relevance" and bool(criteria.terms)
        head = " + ".join(["(head @@ %s::tsquery)::int"] * len(criteria.terms)) or "0"
        head_params = [gram_query(term) for term in criteria.terms] if ranked else []
        score = head if ranked else "0"
        by_score = "score DESC, decided_on DESC, case_id DESC"
        # The reranked block is a whole number of pages, so no page straddles its end.
        block = math.ceil(RERANK / limit) * limit
        words = word_query(criteria.terms) if ranked and offset < block else ""
        if words:
            # Second pass: the best `block` of the first pass, ranked by their words.
            order = (
                f"best.score + 4 * ts_rank({WEIGHTS}, entry.words, %s::tsquery, 1) DESC, "
                "best.score DESC, best.decided_on DESC, best.case_id DESC"
            )
            page = f"""
                SELECT case_id, row_number() OVER (ORDER BY {order}) AS ordinal
                FROM (SELECT * FROM found ORDER BY {by_score} LIMIT %s) best
                JOIN {TABLE} entry USING (case_id)
                ORDER BY ordinal LIMIT %s OFFSET %s
            """  # noqa: S608
            page_params = [words, block, limit, offset]
        else:
            order = by_score if ranked else "decided_on DESC, case_id DESC"
            # The page is cut first (a top-N sort), then numbered.
            page = f"""
                SELECT case_id, row_number() OVER (ORDER BY {order}) AS ordinal FROM (
                    SELECT case_id, score, decided_on FROM found
                    ORDER BY {order} LIMIT %s OFFSET %s
                ) cut
            """  # noqa: S608
            page_params = [limit, offset]
        if facets:
            # The matches per combination of one-valued facets and per combination of lists
            # (keys and counts as two arrays); the total is the sum of the first.
            tail = """
                UNION ALL SELECT 'facets', NULL, (sum(count) FILTER (WHERE single))::bigint,
                    array_agg(key), array_agg(count)
                FROM (
                    SELECT GROUPING(list_key) = 1 AS single, coalesce(facet_key, list_key) AS key,
                        count(*) AS count
                    FROM found GROUP BY GROUPING SETS ((facet_key), (list_key))
                ) counted
            """
        else:
            tail = "UNION ALL SELECT 'total', NULL, count(*), NULL, NULL FROM found"
        sql = f"""
            WITH found AS MATERIALIZED (
                SELECT case_id, decided_on, facet_key, list_key, {score} AS score
                FROM {TABLE} WHERE {condition}
            )
            SELECT 'hit', case_id, ordinal, NULL::bigint[], NULL::bigint[] FROM ({page}) page
            {tail}
        """  # noqa: S608
        with transaction.atomic(), connection.cursor() as cursor:
            # The planner cannot see that testing a vector in a sequential scan reads it from
            # TOAST for every row: the GIN index is always the cheaper way in. Compiling the
            # statement (JIT) costs more than it saves here; the matches are sorted in memory.
            cursor.execute(
                "SET LOCAL enable_seqscan = off; SET LOCAL jit = off; SET LOCAL work_mem = '32MB'"
            )
            cursor.execute(sql, [*head_params, *params, *page_params])
            rows = cursor.fetchall()
            hits = sorted((ordinal, pk) for kind, pk, ordinal, *_ in rows if kind == "hit")
            _, _, total, keys, key_counts = next(row for row in rows if row[0] != "hit")
            keys, key_counts = keys or [], key_counts or []
            known = combinations(cursor, keys) if keys else {}
        case_ids, total = [pk for _, pk in hits], total or 0
        if not facets:
            return Found(case_ids=case_ids, total=total)
        tally: defaultdict[str, int] = defaultdict(int)
        for key, count in zip(keys, key_counts, strict=True):
            for value in known[key]:
                tally[value] += count
        counts: dict[str, list[tuple[str, int]]] = {name: [] for name in FACETS}
        for facet_value, count in tally.items():
            name, value = facet_value.split(":", 1)
            counts[name].append((value, count))
        return Found(case_ids=case_ids, total=total, facets=counts)

    def matching(self, criteria, case_ids):
        case_ids = list(case_ids)
        if not case_ids:
            return set()
        condition, params = where(criteria, case_ids)
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT case_id FROM {TABLE} WHERE {condition}", params)  # noqa: S608
            return {row[0] for row in cursor.fetchall()}


INDEXED_FIELDS = (
    "id",
    "status",
    "title",
    "keywords",
    "key_points",
    "facts",
    "significance",
    "province",
    "category",
    "charges",
    "decided_on",
    "published_at",
    "source_procuratorate__level",
)
