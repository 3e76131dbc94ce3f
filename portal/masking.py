"""How personal data are hidden wherever the portal shares them beyond those who handle a matter.

The rules follow those for publishing judgments on the Internet (最高人民法院关于人民法院在互联网
公布裁判文书的规定, art. 8-11) and the procuratorates' own practice for case documents: a
natural person's name keeps its surname (张某某); a home address keeps its province and city
(甘肃省兰州市××区××路××号); telephone numbers, bank accounts, e-mail addresses and chat
accounts are removed (×××); a vehicle plate keeps the province and the issuing office (甘A×××××).
Requests and typical cases both call these, so a name is masked the same way everywhere.
"""

import re

# What stands for a removed piece: 裁判文书 write ×××, and so do we.
REMOVED = "×××"
HIDDEN = "××"

# Surnames of two characters: the whole surname is kept (欧阳某某, not 欧某某某).
COMPOUND_SURNAMES = (
    "欧阳", "司马", "诸葛", "上官", "东方", "皇甫", "尉迟", "公孙", "慕容", "长孙", "宇文", "司徒",
    "夏侯", "令狐", "端木", "独孤", "南宫", "西门", "轩辕", "呼延", "澹台", "公冶", "太史", "申屠",
    "赫连", "钟离", "闻人", "万俟", "百里", "东郭", "拓跋", "完颜", "纳兰", "爱新觉罗",
)  # fmt: skip
# The common single-character surnames, with those frequent among the Hui, Dongxiang, Salar,
# Tu and Mongol people of the north-west (冶, 妥, 喇, 撒, 拜, 纳, 海, 锁, 祁, 鲁, 包…).
SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程"
    "苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝"
    "龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞"
    "左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕"
    "屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧"
    "闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝冶妥喇撒拜纳海锁虎敏"
)
SURNAME = "(?:" + "|".join(COMPOUND_SURNAMES) + f"|[{SURNAMES}])"
# The dot between the parts of a transliterated name (买买提·吐尔逊); one name, however written.
NAME_DOTS = "·・•．."
MASK_CHARACTERS = frozenset("某甲乙丙丁")


def surname_of(name: str) -> str:
    """The surname a mask keeps: a compound surname whole, else the first character."""
    for surname in COMPOUND_SURNAMES:
        if name.startswith(surname) and len(name) > len(surname):
            return surname
    return name[:1]


def masked_name(name: str) -> str:
    """张三 → 张某, 张三丰 → 张某某, 欧阳明华 → 欧阳某某, 买买提·吐尔逊 → 买某某.

    A transliterated name (with its dot) and a name of four characters or more without a
    compound surname (扎西多杰, 敖登格日勒) keep their first character and "某某", as judgments
    write them; a mask never has more than two 某, so it does not tell the name's length.
    """
    name = name.strip()
    if not name:
        return ""
    if any(dot in name for dot in NAME_DOTS):
        return name[0] + "某某"
    surname = surname_of(name)
    return surname + "某" * min(max(len(name) - len(surname), 1), 2)


def is_masked(name: str) -> bool:
    """Whether a name is masked already (张某, 欧阳某某, 王甲)."""
    rest = name[len(surname_of(name)) :]
    return bool(rest) and set(rest) <= MASK_CHARACTERS


def masked_number(value: str) -> str:
    """A number shown in part to those who may know of it: 138****5678, 620***********1234."""
    value = str(value or "").strip()
    if len(value) <= 7:
        return "*" * len(value)
    return value[:3] + "*" * (len(value) - 7) + value[-4:]


# An address is cut into its parts, each ending with the word that says its level.
TOP_LEVELS = ("特别行政区", "自治区", "省", "兵团")
CITY_LEVELS = ("自治州", "地区", "市", "盟", "师")
ADDRESS_LEVELS = (
    "特别行政区", "自治区", "自治州", "自治县", "自治旗", "兵团", "地区", "街道", "大道",
    "胡同", "社区", "小区", "号院", "号楼", "省", "市", "盟", "师", "县", "区", "旗", "镇",
    "乡", "路", "街", "巷", "村", "组", "社", "号", "栋", "幢", "单元", "楼", "层", "室",
)  # fmt: skip
LEVELS = "|".join(ADDRESS_LEVELS)
NUMBER = "[0-9０-９一二三四五六七八九十百零〇]+"
ADDRESS_PART = re.compile(rf"[^\s，。；、,;：:（）()]+?(?:{LEVELS})")
# A house number, a room or a village group ends an address written out in full.
NUMBERED_PART = re.compile(
    rf"^[A-Za-z0-9０-９\-－]*{NUMBER}(?:号院|号楼|号|组|社|栋|幢|单元|楼|室)$"
)
# An address written without a word before it: parts whose names hold none of the words that
# usually come just before an address (在, 于, 至…), ending with a house number or a group.
UNLABELLED_PART = rf"[^\W_在于从至到往住向的是将对与及被某等为把其了经×]{{1,10}}?(?:{LEVELS})"
UNLABELLED_ADDRESS = re.compile(rf"(?:{UNLABELLED_PART}){{2,}}")
# The words before a home address in a case's text (住甘肃省…, 家住…, 户籍地…).
ADDRESS_LABEL = re.compile(
    r"(住址|住所地|住所|家住|现住址|现住|住在|居住地|居住于|居住在|户籍所在地|户籍地|暂住地|暂住|"
    r"地址|住)[：:为在于是]?([^\s，。；、,;：:（）()]{2,60})"
)


def masked_address(address: str) -> str:
    """甘肃省兰州市城关区庆阳路123号 → 甘肃省兰州市××区××路××号: the province and the city
    (or the 兵团 division) are kept, every part below them hidden. Text that does not read as
    an address is returned as it is."""
    parts, position, keeping, city_kept = [], 0, True, False
    for match in ADDRESS_PART.finditer(address):
        if match.start() != position:
            break
        part = match.group()
        level = next(level for level in ADDRESS_LEVELS if part.endswith(level))
        if keeping and level in TOP_LEVELS and not city_kept:
            parts.append(part)
        elif keeping and level in CITY_LEVELS and not city_kept:
            parts.append(part)
            city_kept = True
        else:
            keeping = False
            parts.append(HIDDEN + level)
        position = match.end()
    if not parts:
        return address
    if address[position:]:
        parts.append(HIDDEN)
    return "".join(parts)


def mask_labelled_address(match: re.Match) -> str:
    label, address = match.groups()
    first = ADDRESS_PART.match(address)
    if first is None:
        return match.group()
    # A bare 住 (住院, 抓住…) starts an address only when a place of some level follows at once.
    if label == "住" and not first.group().endswith((*TOP_LEVELS, *CITY_LEVELS, "县", "区", "旗")):
        return match.group()
    return match.group()[: match.start(2) - match.start()] + masked_address(address)


def mask_unlabelled_address(match: re.Match) -> str:
    address = match.group()
    parts = ADDRESS_PART.findall(address)
    if not NUMBERED_PART.match(parts[-1]):
        return address
    return masked_address(address)


def mask_addresses(text: str) -> tuple[str, int]:
    """Every home address in the text masked (see `masked_address`), and how many there were."""
    masked = 0

    def counted(mask):
        def replace(match: re.Match) -> str:
            nonlocal masked
            result = mask(match)
            masked += result != match.group()
            return result

        return replace

    text = ADDRESS_LABEL.sub(counted(mask_labelled_address), text)
    return UNLABELLED_ADDRESS.sub(counted(mask_unlabelled_address), text), masked


# Resident identity numbers: 18 characters (the last may be X) or the old 15 digits.
IDENTITY_NUMBER = re.compile(r"(?<![0-9A-Za-z])(?:\d{17}[\dXx]|\d{15})(?![0-9A-Za-z])")
# Bank cards and accounts: 16 to 19 digits, perhaps in groups of four.
BANK_ACCOUNT = re.compile(
    r"(?<![0-9A-Za-z])(?:\d{16,19}|\d{4}(?:[ \-]\d{4}){3}(?:[ \-]?\d{1,3})?)(?![0-9A-Za-z])"
)
MOBILE = re.compile(r"(?<![0-9A-Za-z])(?:\+?86[\s\-]?)?1[3-9]\d[\s\-]?\d{4}[\s\-]?\d{4}(?!\d)")
LANDLINE = re.compile(r"(?<![0-9A-Za-z])(?:0\d{2,3}[\-－—]|[（(]0\d{2,3}[)）])\d{7,8}(?!\d)")
# A number right after the word that says it is a telephone, however it is written.
LABELLED_PHONE = re.compile(
    r"((?:联系)?(?:电话|手机|座机|联系方式)(?:号码|号)?[：:为是]?\s*)[0-9\-－ ]{7,15}\d"
)
EMAIL = re.compile(r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9.\-]+\.[A-Za-z]{2,}")
# Chat accounts only where the text says so: 微信号abc123, QQ号12345678.
CHAT_ACCOUNT = re.compile(
    r"((?:QQ|ＱＱ|qq|微信|WeChat|wechat)(?:号码|号|账号)?[：:为是]?\s*)[A-Za-z0-9_\-]{5,20}"
)
# Plates: the province, the office's letter, then five characters (six for new-energy cars).
PLATE = re.compile(
    r"([京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼][A-HJ-NP-Z][·•・.\s]?)"
    r"([A-HJ-NP-Z0-9]{5,6})(?![A-Za-z0-9])"
)

# Each kind of data a shared text must not carry, in the order they are removed (longer
# numbers before shorter ones), with what takes its place.
CONTACT_PATTERNS = (
    ("bank_accounts", BANK_ACCOUNT, REMOVED),
    ("phones", MOBILE, REMOVED),
    ("phones", LANDLINE, REMOVED),
    ("phones", LABELLED_PHONE, rf"\g<1>{REMOVED}"),
    ("emails", EMAIL, REMOVED),
    ("chat_accounts", CHAT_ACCOUNT, rf"\g<1>{REMOVED}"),
    ("plates", PLATE, lambda match: match.group(1) + "×" * len(match.group(2))),
)


def mask_personal_data(text: str) -> tuple[str, dict[str, int]]:
    """The text without telephone numbers, bank accounts, e-mail and chat accounts, vehicle
    plates and home addresses; and how many of each kind were found."""
    counts: dict[str, int] = {}
    for kind, pattern, replacement in CONTACT_PATTERNS:
        text, found = pattern.subn(replacement, text)
        counts[kind] = counts.get(kind, 0) + found
    text, counts["addresses"] = mask_addresses(text)
    return text, counts
