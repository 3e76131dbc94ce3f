"""What masking removes before a case is shared: names from all six members' populations
(Han, Hui, Uyghur, Kazakh, Tibetan, Mongol, Dongxiang, Salar, Tu, the XPCC's Han), and the
addresses, telephone numbers, bank accounts, vehicle plates, e-mail and chat accounts that
the rules for publishing judgments remove; ordinary words are left alone."""

import pytest

from casebank.library import services
from casebank.library.services.masking import masked_content
from portal.masking import mask_personal_data, masked_address, masked_name
from portal.names import person_names
from tests.factories import draft_case

# name → its mask, with the population it is typical of.
NAMES = {
    "张建国": "张某某",  # Han, Gansu
    "雷振华": "雷某某",  # Han, Shaanxi
    "李秀兰": "李某某",  # Han, Qinghai
    "马福祥": "马某某",  # Hui, Ningxia
    "纳文军": "纳某某",  # Hui
    "买买提·吐尔逊": "买某某",  # Uyghur
    "阿依古丽·买买提": "阿某某",  # Uyghur
    "努尔兰・吐尔逊别克": "努某某",  # Kazakh, with the other middle dot
    "叶尔兰.哈布德克": "叶某某",  # Kazakh, written with a full stop
    "扎西多杰": "扎某某",  # Tibetan: no surname
    "才让卓玛": "才某某",  # Tibetan
    "巴特尔": "巴某某",  # Mongol
    "包宝音": "包某某",  # Mongol with a Han surname
    "妥彦龙": "妥某某",  # Dongxiang
    "韩穆萨": "韩某某",  # Salar
    "喇秀英": "喇某某",  # Salar
    "祁正元": "祁某某",  # Tu
    "王援疆": "王某某",  # Han, XPCC
    "刘建疆": "刘某某",  # Han, XPCC
    "欧阳明华": "欧阳某某",  # compound surnames keep the whole surname
    "司马光辉": "司马某某",
    "上官婉": "上官某",
    "赵军": "赵某",
}

FACTS = (
    "2023年5月，被告人马福祥伙同纳文军、韩穆萨在临夏州贩卖甲基苯丙胺。被告人买买提·吐尔逊从喀什"
    "购入毒品，经努尔兰・吐尔逊别克介绍出售给喇秀英。证人张建国、王丽娟证实，祁正元、包宝音曾到场。"
    "被害人阿依古丽报案。雷振华、李秀兰、妥彦龙、王援疆、刘建疆均已到案。欧阳明华、司马光辉、"
    "上官婉系同案人员。扎西多杰、才让卓玛、巴特尔另案处理。"
)
# Names without a surname in a list the tagger does not know: the submitter lists them.
LISTED = ("扎西多杰", "才让卓玛", "巴特尔")

ORDINARY = (
    "民警驾车在马路上巡逻，途经高原、王府井、白银市、武威市、和田市、于田县、石河子市、海东市、"
    "东方红广场和黄河大桥；文明执法，许可证齐全，高峰时段，马上报警；司马迁祠、诸葛亮庙、欧阳修"
    "纪念馆、上官村、冶金厂、拜城县。"
)


class Draft:
    """The fields masking reads, without a database."""

    title, key_points, handling, significance, keywords = "马某某等贩卖毒品案", "", "", "", []

    def __init__(self, facts, other_names=""):
        self.facts, self.other_names = facts, other_names


@pytest.mark.parametrize(("name", "masked"), NAMES.items())
def test_names_of_all_six_members_populations_are_masked_naturally(name, masked):
    assert masked_name(name) == masked
    assert masked_name(masked) == masked  # masking twice changes nothing


def test_names_are_found_without_being_listed():
    found = person_names(FACTS)
    expected = {name for name in NAMES if name in FACTS and name not in LISTED}
    assert expected <= found
    assert found - set(NAMES) == {"王丽娟", "阿依古丽"}  # names too; no word of the text


def test_the_shared_text_keeps_no_name():
    shared = masked_content(Draft(FACTS, other_names="\n".join(LISTED)), [])
    facts = shared["fields"]["facts"]
    for name, masked in NAMES.items():
        if name in FACTS:
            assert name not in facts and masked in facts, name
    assert "被告人买某某从喀什购入毒品，经努某某介绍" in facts  # the words around stay
    assert "欧阳某某、司马某某、上官某系同案人员" in facts


def test_a_surname_jieba_cuts_off_is_not_a_name_of_its_own():
    text = "被告人赵小龙伙同他人盗掘墓葬。赵小龙身份证号码610402198503150011。"
    assert person_names(text) == {"赵小龙"}  # jieba cuts it 被告人 | 赵 | 小龙
    draft = Draft(text)
    draft.title = "赵小龙盗掘古墓葬案"
    shared = masked_content(draft, [])["fields"]
    assert shared["title"] == "赵某某盗掘古墓葬案"  # not 赵某某某: 赵 alone is masked nowhere
    assert shared["facts"].startswith("被告人赵某某伙同")


def test_ordinary_words_are_not_masked():
    assert person_names(ORDINARY) == set()
    shared = masked_content(Draft(ORDINARY), [])
    assert shared["fields"]["facts"] == ORDINARY and shared["names"] == []


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        ("住甘肃省兰州市城关区庆阳路123号。", "住甘肃省兰州市××区××路××号。"),
        (
            "家住新疆维吾尔自治区伊犁哈萨克自治州霍城县清水河镇红星村3组，",
            "家住新疆维吾尔自治区伊犁哈萨克自治州××县××镇××村××组，",
        ),
        ("户籍地青海省西宁市城东区", "户籍地青海省西宁市××区"),
        ("住新疆生产建设兵团第八师石河子市北一路5号", "住新疆生产建设兵团第八师××市××路××号"),
        ("藏于城关区雁滩路8号院3号楼2单元501室", "藏于××区××路××号院××号楼××单元××室"),
        ("手机13812345678，联系电话：0931-8123456", "手机×××，联系电话：×××"),
        ("转入6222021234567890123账户，卡号6228 4800 1234 5678 901", "转入×××账户，卡号×××"),
        (
            "驾驶甘A·12345号轿车与新AB1234、陕AD12345相撞",
            "驾驶甘A·×××××号轿车与新A×××××、陕A××××××相撞",
        ),
        ("邮箱abc.de@qq.com，微信号wxid_abc123，QQ号12345678", "邮箱×××，微信号×××，QQ号×××"),
    ],
)
def test_personal_data_are_hidden(text, masked):
    assert mask_personal_data(text)[0] == masked


@pytest.mark.parametrize(
    "text",
    [
        "兰州市城关区人民检察院依法提起公诉",  # a procuratorate's name is no address
        "（2020）甘0102刑初123号判决",  # nor is a case number
        "其住院治疗期间，抓住其衣领拖至村口",  # 住 that starts no address
        "涉案金额12345678元，甲基苯丙胺50克",
        "IP地址为192.168.1.1",
    ],
)
def test_what_is_no_personal_data_stays(text):
    assert mask_personal_data(text) == (text, {kind: 0 for kind in mask_personal_data(text)[1]})


def test_an_address_of_only_a_city_is_not_an_address_to_mask():
    assert masked_address("乌鲁木齐") == "乌鲁木齐"


@pytest.mark.django_db
def test_the_preview_counts_what_it_hid_and_submission_keeps_none(sn_prosecutor):
    facts = "被告人张三丰，住陕西省西安市雁塔区长安南路88号，手机13912345678，驾驶陕A·D1234车辆。"
    case = draft_case(sn_prosecutor, facts=facts)
    shared = services.case_preview(case=case)
    assert dict((str(kind), n) for kind, n in shared["personal_data"]) == {
        "住址": 1,
        "电话号码": 1,
        "车牌号码": 1,
    }
    services.case_submit(user=sn_prosecutor, case=case, confirmed=True)
    case.refresh_from_db()
    assert case.facts == "被告人张某某，住陕西省西安市××区××路××号，手机×××，驾驶陕A·×××××车辆。"
