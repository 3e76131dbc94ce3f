"""Published typical cases for the search tests, indexed as the lifecycle services index them."""

import datetime as dt

from casebank.library.models import CaseStatus, TypicalCase
from portal.models import CaseCategory
from tests.casebank.data import write_case


def make_case(
    *,
    title: str = "张某某非法吸收公众存款案",
    province: str = "GS",
    status: str = CaseStatus.PUBLISHED,
    procuratorate=None,
    index: bool = True,
    **fields,
) -> TypicalCase:
    """A typical case (published by default), indexed like the services index every save."""
    values = {
        "title": title,
        "keywords": ["非法集资"],
        "key_points": "以高额回报为诱饵向社会公众吸收资金的，构成非法吸收公众存款罪。",
        "facts": "被告人张某某以投资养老项目为名，向三百余名群众吸收资金一千余万元。",
        "handling": "检察机关依法提起公诉，并追赃挽损。",
        "significance": "依法惩治非法集资犯罪，维护金融秩序。",
        "category": CaseCategory.ILLEGAL_FUNDRAISING,
        "charges": ["非法吸收公众存款罪"],
        "decided_on": dt.date(2025, 6, 1),
        **fields,
    }
    return write_case(
        province=province, status=status, procuratorate=procuratorate, index=index, **values
    )
