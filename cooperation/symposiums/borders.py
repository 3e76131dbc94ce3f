"""Which prefectures of the six members border each other across a provincial line: the
neighbours a symposium of §10 brings together. The form warns, and does not refuse, when a
participant borders none of the others: a symposium may have its reasons (a shared river,
a railway), but most are between neighbours.

Each prefecture (地级市、自治州、地区、兵团师) is named as its procuratorate's name begins; a
county procuratorate counts as its prefecture's. The XPCC's divisions are listed beside the
prefectures they lie in or next to.
"""

from itertools import combinations

from portal.models import Procuratorate

ADJACENT_PREFECTURES = frozenset(
    frozenset(pair)
    for pair in [
        # Gansu – Shaanxi
        ("庆阳市", "延安市"),
        ("庆阳市", "榆林市"),
        ("庆阳市", "咸阳市"),
        ("庆阳市", "铜川市"),
        ("平凉市", "宝鸡市"),
        ("平凉市", "咸阳市"),
        ("天水市", "宝鸡市"),
        ("陇南市", "宝鸡市"),
        ("陇南市", "汉中市"),
        # Gansu – Ningxia
        ("庆阳市", "吴忠市"),
        ("庆阳市", "固原市"),
        ("平凉市", "固原市"),
        ("白银市", "中卫市"),
        ("白银市", "固原市"),
        ("武威市", "中卫市"),
        # Gansu – Qinghai
        ("兰州市", "海东市"),
        ("临夏回族自治州", "海东市"),
        ("临夏回族自治州", "黄南藏族自治州"),
        ("甘南藏族自治州", "黄南藏族自治州"),
        ("甘南藏族自治州", "果洛藏族自治州"),
        ("甘南藏族自治州", "海东市"),
        ("武威市", "海东市"),
        ("武威市", "海北藏族自治州"),
        ("张掖市", "海北藏族自治州"),
        ("酒泉市", "海西蒙古族藏族自治州"),
        ("酒泉市", "海北藏族自治州"),
        # Gansu – Xinjiang
        ("酒泉市", "哈密市"),
        ("酒泉市", "巴音郭楞蒙古自治州"),
        # Shaanxi – Ningxia
        ("榆林市", "吴忠市"),
        # Qinghai – Xinjiang
        ("海西蒙古族藏族自治州", "巴音郭楞蒙古自治州"),
        ("海西蒙古族藏族自治州", "和田地区"),
        # Xinjiang – the XPCC's divisions
        ("乌鲁木齐市", "第十二师"),
        ("乌鲁木齐市", "第六师"),
        ("昌吉回族自治州", "第六师"),
        ("哈密市", "第十三师"),
        ("石河子市", "第八师"),
        ("塔城地区", "第八师"),
        ("塔城地区", "第九师"),
        ("伊犁哈萨克自治州", "第四师"),
        ("博尔塔拉蒙古自治州", "第五师"),
        ("阿克苏地区", "第一师"),
        ("喀什地区", "第三师"),
        ("和田地区", "第十四师"),
        ("巴音郭楞蒙古自治州", "第二师"),
        ("阿勒泰地区", "第十师"),
        # Gansu – the XPCC (the 13th Division lies along Hami's border with Jiuquan)
        ("酒泉市", "第十三师"),
    ]
)
PREFECTURE_ENDINGS = ("自治州", "地区", "市", "州", "师")


def prefecture_of(procuratorate: Procuratorate) -> str:
    """The prefecture a procuratorate stands for: its own name's, or its parent's for a county."""
    node = procuratorate
    if node.level in (Procuratorate.Level.COUNTY, Procuratorate.Level.BASIC) and node.parent:
        node = node.parent
    name = node.name_zh.replace("人民检察院", "").replace("新疆生产建设兵团", "")
    name = name.split("分院")[0]
    for ending in PREFECTURE_ENDINGS:
        if ending in name:
            return name[: name.index(ending) + len(ending)]
    return name


def adjacent(first: Procuratorate, second: Procuratorate) -> bool:
    """Whether two procuratorates' prefectures border each other across a provincial line."""
    pair = frozenset({prefecture_of(first), prefecture_of(second)})
    return first.province != second.province and pair in ADJACENT_PREFECTURES


def without_neighbour(procuratorates: list[Procuratorate]) -> list[Procuratorate]:
    """Those that border none of the others across a provincial line (empty: all do, or all
    are of one province, which the services refuse for a reason of their own)."""
    if len({node.province for node in procuratorates}) < 2:
        return []
    neighbours = {
        node.pk
        for first, second in combinations(procuratorates, 2)
        if adjacent(first, second)
        for node in (first, second)
    }
    return [node for node in procuratorates if node.pk not in neighbours]
