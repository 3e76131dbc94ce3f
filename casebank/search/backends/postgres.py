"""Search on PostgreSQL: jieba words and character grams in two tsvectors with GIN indexes.

Matching is decided by the gram vector: a one-character term is its unigram, a two-character
term one bigram, a longer one a phrase of adjacent bigrams (`'非法' <-> '法集' <-> '集资'`), so
a case is found exactly when it contains the term, however jieba segments it, and the GIN
index answers. Ranking adds jieba's view: the search-mode words of the query against the
weighted word vector (title and keywords A, key points and significance B, facts C), so a
real word outranks two characters that merely meet across a word boundary.

Both vectors are written as tsvector literals from our own tokens and the queries as tsquery
literals, never through the text-search parser: the result does not depend on the locale or
the text-search configuration of the database.
"""

import json
import multiprocessing
import os
from collections.abc import Iterable

from django.db import connection

from casebank.models import CaseSearchEntry, CaseStatus, TypicalCase
from casebank.search.backends.base import FACETS, Criteria, Found, SearchBackend
from casebank.search.text import CJK_RUN, CaseText, Term, jieba

TABLE = CaseSearchEntry._meta.db_table

UPSERT = f"""
    INSERT INTO {TABLE}
        (case_id, province, category, level, year, decided_on, published_at, charges, keywords,
         words, grams)
    VALUES %s
    ON CONFLICT (case_id) DO UPDATE SET
        province = EXCLUDED.province, category = EXCLUDED.category, level = EXCLUDED.level,
        year = EXCLUDED.year, decided_on = EXCLUDED.decided_on,
        published_at = EXCLUDED.published_at, charges = EXCLUDED.charges,
        keywords = EXCLUDED.keywords, words = EXCLUDED.words, grams = EXCLUDED.grams
"""  # noqa: S608 - our own table
ROW_TEMPLATE = "(%s, %s, %s, %s, %s, %s, %s, %s::jsonb, %s::jsonb, %s::tsvector, %s::tsvector)"
# ts_rank's weights for D, C, B, A.
WEIGHTS = "'{0.1, 0.3, 0.6, 1.0}'"


def quote(lexeme: str) -> str:
    """A lexeme as a quoted tsquery operand."""
    return "'" + lexeme.replace("\\", "\\\\").replace("'", "''") + "'"


def gram_query(term: Term) -> str:
    """The tsquery that holds exactly where the gram vector contains the term."""
    parts = []
    for piece in term.pieces:
        if CJK_RUN.fullmatch(piece) and len(piece) > 2:
            bigrams = [piece[index : index + 2] for index in range(len(piece) - 1)]
            parts.append("(" + " <-> ".join(quote(bigram) for bigram in bigrams) + ")")
        else:
            parts.append(quote(piece))
    return " & ".join(parts)


def word_query(terms: Iterable[Term]) -> str:
    """The tsquery of jieba's words of the query, any of them (for ranking)."""
    words = dict.fromkeys(word for term in terms for word in term.words)
    return " | ".join(quote(word) for word in words)


def case_vectors(fields: tuple) -> tuple[str, str]:
    return CaseText(fields=fields).vectors()


def entry_row(case: TypicalCase, vectors: tuple[str, str] | None = None) -> tuple:
    words, grams = vectors or CaseText.of(case).vectors()
    return (
        case.pk,
        case.province,
        case.category,
        case.source_procuratorate.level,
        case.decided_on.year,
        case.decided_on,
        case.published_at,
        json.dumps(list(case.charges or []), ensure_ascii=False),
        json.dumps(list(case.keywords or []), ensure_ascii=False),
        words,
        grams,
    )


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
            clauses.append(f"{column} @> %s::jsonb")
            params.append(json.dumps([value], ensure_ascii=False))
    if case_ids is not None:
        clauses.append("case_id = ANY(%s)")
        params.append(list(case_ids))
    return " AND ".join(clauses), params


FACET_SQL = f"""
    WITH found AS MATERIALIZED (
        SELECT province, category, level, year, charges, keywords FROM {TABLE} WHERE %(where)s
    )
    SELECT 'province', province, count(*) FROM found GROUP BY province
    UNION ALL SELECT 'category', category, count(*) FROM found GROUP BY category
    UNION ALL SELECT 'level', level, count(*) FROM found GROUP BY level
    UNION ALL SELECT 'year', year::text, count(*) FROM found GROUP BY year
    UNION ALL SELECT 'charge', value, count(*)
        FROM found, jsonb_array_elements_text(charges) GROUP BY value
    UNION ALL SELECT 'keyword', value, count(*)
        FROM found, jsonb_array_elements_text(keywords) GROUP BY value
"""  # noqa: S608 - our own table


class PostgresBackend(SearchBackend):
    """The library's search on PostgreSQL (see the module's docstring)."""

    def index(self, case_ids):
        case_ids = sorted(set(case_ids))
        if not case_ids:
            return
        cases = list(
            TypicalCase.objects.filter(pk__in=case_ids, status=CaseStatus.PUBLISHED)
            .select_related("source_procuratorate")
            .only(*INDEXED_FIELDS)
        )
        published = {case.pk for case in cases}
        with connection.cursor() as cursor:
            gone = [pk for pk in case_ids if pk not in published]
            if gone:
                cursor.execute(f"DELETE FROM {TABLE} WHERE case_id = ANY(%s)", [gone])  # noqa: S608
            if cases:
                self.write(cursor, [entry_row(case) for case in cases])

    def write(self, cursor, rows: list[tuple]) -> None:
        from psycopg2.extras import execute_values

        execute_values(cursor.cursor, UPSERT, rows, template=ROW_TEMPLATE, page_size=200)

    def reindex(self, *, batch_size=1000):
        published = TypicalCase.objects.filter(status=CaseStatus.PUBLISHED)
        with connection.cursor() as cursor:
            cursor.execute(
                f"DELETE FROM {TABLE} WHERE case_id NOT IN "  # noqa: S608 - our own tables
                f"(SELECT id FROM {TypicalCase._meta.db_table} WHERE status = %s)",
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
                        [entry_row(case, pair) for case, pair in zip(cases, vectors, strict=True)],
                    )
                last, count = cases[-1].pk, count + len(cases)

    def find(self, criteria, *, sort, offset, limit, facets=True):
        condition, params = where(criteria)
        order, order_params = "decided_on DESC, case_id DESC", []
        if sort == "relevance" and criteria.terms:
            rank, order_params = self.rank(criteria.terms)
            order = f"{rank} DESC, {order}"
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT case_id FROM {TABLE} WHERE {condition} ORDER BY {order} "  # noqa: S608
                "LIMIT %s OFFSET %s",
                [*params, *order_params, limit, offset],
            )
            case_ids = [row[0] for row in cursor.fetchall()]
            if not facets:
                cursor.execute(f"SELECT count(*) FROM {TABLE} WHERE {condition}", params)  # noqa: S608
                return Found(case_ids=case_ids, total=cursor.fetchone()[0])
            counts: dict[str, list[tuple[str, int]]] = {name: [] for name in FACETS}
            cursor.execute(FACET_SQL % {"where": condition}, params)
            for name, value, count in cursor.fetchall():
                counts[name].append((value, count))
        total = sum(count for _, count in counts["province"])
        return Found(case_ids=case_ids, total=total, facets=counts)

    def rank(self, terms) -> tuple[str, list]:
        """The ranking expression: jieba words (weighted by field) and the grams themselves."""
        grams = " & ".join(f"({gram_query(term)})" for term in terms)
        words = word_query(terms)
        expression = f"ts_rank({WEIGHTS}, grams, %s::tsquery, 1)"
        params = [grams]
        if words:
            expression = f"(2 * ts_rank({WEIGHTS}, words, %s::tsquery, 1) + {expression})"
            params.insert(0, words)
        return expression, params

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
