"""Typical cases with defendants' outcomes for the comparison, lead and PDF tests."""

import datetime as dt
import itertools

from casebank.library.models import CaseStatus, TypicalCase
from tests.casebank.data import write_case

_titles = itertools.count(1)


def make_case(
    province="GS",
    *,
    status=CaseStatus.PUBLISHED,
    decided_on=dt.date(2025, 3, 1),
    category="cultural_relics",
    title=None,
    outcomes=(),
    **fields,
) -> TypicalCase:
    """A case of `province` in `status`, with outcomes given as dicts of DefendantOutcome fields.

    An outcome dict may leave out `charge` (盗窃罪), `defendant` and `sentence_type`
    (imprisonment).
    """
    values = {
        "title": title or f"张某某盗窃文物案（{next(_titles)}）",
        "keywords": ["盗窃", "文物"],
        "key_points": "盗窃国家重点文物保护单位内的文物，应当依法从严惩处。",
        "facts": (
            "2024年3月，被告人张某某伙同李某潜入某石窟寺，盗割佛像头部一尊。\n经鉴定为二级文物。"
        ),
        "handling": "检察机关提前介入侦查，引导公安机关固定证据，依法提起公诉。",
        "significance": "本案明确了盗窃石窟寺文物案件的量刑标准。",
        "legal_provisions": "《中华人民共和国刑法》第二百六十四条",
        "category": category,
        "charges": ["盗窃罪"],
        "decided_on": decided_on,
        **fields,
    }
    outcomes = [{"charge": "盗窃罪", "sentence_type": "imprisonment", **o} for o in outcomes]
    return write_case(province=province, status=status, outcomes=outcomes, **values)


def prison(months, *, suspended_for=None, fine=None, kind="imprisonment", **more) -> dict:
    """An outcome with a prison term (suspended for `suspended_for` months)."""
    return {
        "sentence_type": kind,
        "term_months": months,
        "suspended": suspended_for is not None,
        "probation_months": suspended_for,
        "fine_yuan": fine,
        **more,
    }


def other(kind, *, fine=None, months=None, **more) -> dict:
    """An outcome without a prison term (surveillance carries months, but is not prison)."""
    return {"sentence_type": kind, "term_months": months, "fine_yuan": fine, **more}
