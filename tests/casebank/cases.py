"""Typical cases for the library's tests, written through the services as users write them."""

import datetime as dt

from casebank import services

FACTS = (
    "2023年3月至2024年5月，被告人张三丰伙同李四，以投资养殖项目为名，"
    "向社会公众非法吸收资金人民币3200万元。张三丰身份证号码620102198001011234。"
)


def case_data(**overrides) -> dict:
    """The fields of a valid illegal fund-raising case."""
    return {
        "title": "张三丰非法吸收公众存款案",
        "keywords": ["非法集资", "养殖项目"],
        "key_points": "以投资养殖为名向不特定公众吸收资金，构成非法吸收公众存款罪。",
        "facts": FACTS,
        "handling": "检察机关依法提起公诉，并追赃挽损。",
        "significance": "依法惩治非法集资犯罪，维护金融秩序。",
        "legal_provisions": "《中华人民共和国刑法》第一百七十六条",
        "category": "illegal_fundraising",
        "charges": ["非法吸收公众存款罪"],
        "decided_on": dt.date(2025, 6, 18),
        "other_names": "王五",
        **overrides,
    }


def outcome_data(**overrides) -> dict:
    return {
        "defendant": "张三丰",
        "charge": "非法吸收公众存款罪",
        "sentence_type": "imprisonment",
        "term_months": 36,
        "suspended": False,
        "probation_months": None,
        "fine_yuan": "100000",
        **overrides,
    }


def draft_case(user, **overrides):
    """A draft of the user's province with two defendants."""
    return services.case_create(
        user=user,
        data=case_data(**overrides),
        outcomes=[
            outcome_data(),
            outcome_data(defendant="李四", term_months=24, suspended=True, probation_months=36),
        ],
    )


def published_case(author, reviewer, **overrides):
    """A case written by `author` and published by `reviewer` (same province)."""
    case = draft_case(author, **overrides)
    services.case_submit(user=author, case=case, confirmed=True)
    return services.case_publish(user=reviewer, case=case)
