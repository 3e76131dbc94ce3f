"""What a case shares: names of natural persons masked (张某), identity numbers removed.

The submitter sees this before the case leaves their province and confirms it; from submission
on, only the masked text is kept.
"""

import re

from django.utils.translation import gettext as _

# Text fields of a case that are shared and therefore masked.
SHARED_TEXT_FIELDS = ("title", "key_points", "facts", "handling", "significance")

# Resident identity numbers: 18 characters (the last may be X) or the old 15 digits.
IDENTITY_NUMBER = re.compile(r"(?<![0-9A-Za-z])(?:\d{17}[\dXx]|\d{15})(?![0-9A-Za-z])")
# A name right after the word naming a person's part in the case: a common surname and one or
# two more characters, followed by punctuation or a word that usually follows a name. The
# submitter checks the result and lists any name this misses.
PERSON_WORDS = (
    "被告人|犯罪嫌疑人|被害人|受害人|证人|罪犯|被不起诉人|被告|原告|当事人|被申请人|申请人"
)
SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程"
    "苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝"
    "龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞"
    "左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕"
    "屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧"
    "闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝"
)
NAME_FOLLOWERS = "，。、；：,.;:（(）)\\s等犯与和及的因在于向将被为系涉从自经对以报作称供陈到已也均"
NAME_AFTER_PERSON_WORD = re.compile(
    rf"(?:{PERSON_WORDS})([{SURNAMES}][\u4e00-\u9fff]{{1,2}}?)(?=[{NAME_FOLLOWERS}]|$)"
)
# Characters after a surname that show the name is masked already.
MASK_CHARACTERS = frozenset("某甲乙丙丁")


def masked_name(name: str) -> str:
    """张三 → 张某, 张三丰 → 张某某: the surname kept, the given name masked."""
    name = name.strip()
    return name[:1] + "某" * max(len(name) - 1, 1) if name else ""


def is_masked(name: str) -> bool:
    return len(name) > 1 and set(name[1:]) <= MASK_CHARACTERS


def names_to_mask(*, texts, defendants, other_names) -> list[str]:
    """The names of natural persons to mask: given by the submitter and found in the text."""
    names = {name.strip() for name in [*defendants, *other_names] if len(name.strip()) >= 2}
    for text in texts:
        names.update(NAME_AFTER_PERSON_WORD.findall(text))
    # Longest first, so that 张三丰 is masked whole before 张三 is looked for.
    return sorted((name for name in names if not is_masked(name)), key=lambda n: (-len(n), n))


def mask_text(text: str, names: list[str]) -> str:
    """The text with every name masked and every identity number removed."""
    for name in names:
        text = text.replace(name, masked_name(name))
    return IDENTITY_NUMBER.sub(_("(removed)"), text)


def masked_content(case, outcomes) -> dict:
    """What would be shared: the case's text fields and its defendants, masked.

    Returns {"fields": {field: text}, "defendants": [names], "names": [(name, masked)],
    "identity_numbers": count}.
    """
    texts = [getattr(case, field) for field in SHARED_TEXT_FIELDS]
    names = names_to_mask(
        texts=texts,
        defendants=[outcome["defendant"] for outcome in outcomes],
        other_names=case.other_names.splitlines(),
    )
    return {
        "fields": {field: mask_text(getattr(case, field), names) for field in SHARED_TEXT_FIELDS},
        "keywords": [mask_text(keyword, names) for keyword in case.keywords],
        "defendants": [
            mask_text(outcome["defendant"], names)
            if not is_masked(outcome["defendant"])
            else outcome["defendant"]
            for outcome in outcomes
        ],
        "names": [(name, masked_name(name)) for name in names],
        "identity_numbers": sum(len(IDENTITY_NUMBER.findall(text)) for text in texts),
    }
