"""The Criminal Law's charges are words of the Chinese search: one token each, and found."""

import pytest

from casebank.search.selectors import search_cases
from casebank.search.text import segment
from portal.chinese import charge_words, jieba
from tests.casebank.search_data import make_case

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "charge",
    ["帮助信息网络犯罪活动罪", "非法吸收公众存款罪", "妨害安全驾驶罪", "危害珍贵、濒危野生动物罪"],
)
def test_a_charge_is_one_word(charge):
    whole = charge.split("、")[-1]  # jieba never joins across 、: the named crime is the word
    assert whole in jieba().lcut(f"被告人犯{charge}，判处有期徒刑")
    assert whole in segment(f"以{charge}提起公诉")


def test_the_dictionary_holds_the_current_charges():
    words = set(charge_words())
    assert len(words) > 440
    assert {
        "袭警罪",
        "高空抛物罪",
        "催收非法债务罪",
        "危险作业罪",
        "负有照护职责人员性侵罪",
    } <= words
    assert {"盗窃罪", "贩卖毒品罪", "污染环境罪", "非法采矿罪", "洗钱罪", "受贿罪"} <= words
    assert "参加黑社会性质组织罪" in words  # the last part of 组织、领导、参加黑社会性质组织罪


def test_a_search_for_a_charge_finds_the_case(gs_researcher):
    cyber = make_case(
        title="李某帮助信息网络犯罪活动案",
        key_points="明知他人利用信息网络实施犯罪而出售银行卡的，构成帮助信息网络犯罪活动罪。",
        facts="被告人李某出售银行卡十二张。",
    )
    deposits = make_case(
        title="王某某非法吸收公众存款案",
        key_points="以养殖项目为名向社会公众吸收资金的，构成非法吸收公众存款罪。",
        facts="以养殖项目为名向社会公众吸收资金。",
    )
    make_case(title="孙某危险驾驶案", key_points="醉酒驾驶机动车的，构成危险驾驶罪。")
    for query, case in (("帮助信息网络犯罪活动罪", cyber), ("非法吸收公众存款罪", deposits)):
        hits = search_cases(user=gs_researcher, query=query).hits
        assert [hit.case.pk for hit in hits] == [case.pk], query
