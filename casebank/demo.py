"""Demo typical cases (fictional, marked as such) across every category and province.

They are written, submitted and published through the same services as real ones, so that
they are masked, numbered, indexed and announced like real ones. A few are left in review, a
draft, a returned and a withdrawn one, so that every state can be seen.
"""

import datetime as dt
import random
from decimal import Decimal

from casebank.library import services
from casebank.library.models import TypicalCase
from portal.models import User

DEMO_KEYWORD = "演示案例（虚构）"

PLACES = {
    "GS": ["兰州市", "天水市", "酒泉市", "武威市"],
    "SN": ["西安市", "宝鸡市", "咸阳市", "榆林市"],
    "QH": ["西宁市", "海东市", "格尔木市", "玉树州"],
    "NX": ["银川市", "石嘴山市", "吴忠市", "中卫市"],
    "XJ": ["乌鲁木齐市", "喀什地区", "伊犁州", "哈密市"],
    "BT": ["第十二师", "第八师石河子市", "第一师阿拉尔市", "第六师五家渠市"],
}
SURNAMES = "王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗郑梁谢宋唐韩冯邓曹彭曾田董袁"
GIVEN = "伟强磊军勇杰涛明超刚平辉鹏华飞鑫波斌宇浩凯健俊帆帅旭宁龙林洋"

# category: (charge, title after the name, key points, facts, handling, significance, law,
#            sentence: (type, term range in months, chance suspended, fine range in yuan))
STORIES = {
    "violent_terrorism": (
        "非法持有宣扬恐怖主义、极端主义物品罪",
        "非法持有宣扬恐怖主义、极端主义物品案",
        "明知是宣扬恐怖主义、极端主义的音视频资料而非法持有，情节严重的，应依法惩处。",
        "{y}年，被告人{n}在{p}家中通过境外网络下载宣扬恐怖主义、极端主义的视频资料{k}段并存储于手机中，经鉴定均属宣扬恐怖主义、极端主义的物品。",
        "检察机关提前介入侦查，引导公安机关固定电子数据，依法提起公诉，并开展以案释法。",
        "依法严惩涉恐涉暴违法犯罪，从源头上遏制暴恐音视频传播。",
        "《中华人民共和国刑法》第一百二十条之六",
        ("imprisonment", (12, 36), 0.0, (3000, 10000)),
    ),
    "organized_crime": (
        "组织、领导、参加黑社会性质组织罪",
        "等人组织、领导、参加黑社会性质组织案",
        "以暴力、威胁手段垄断当地砂石运输市场，形成非法控制的，构成黑社会性质组织犯罪。",
        "{y}年以来，被告人{n}纠集多人，在{p}采用暴力、威胁等手段强揽砂石运输业务，先后实施寻衅滋事、强迫交易等违法犯罪活动{k}起，称霸一方。",
        "检察机关依法提前介入，准确认定组织特征，同步审查涉案财产，依法提起公诉并追缴违法所得。",
        "坚持“打财断血”，铲除黑恶势力经济基础，维护市场秩序。",
        "《中华人民共和国刑法》第二百九十四条；《中华人民共和国反有组织犯罪法》",
        ("imprisonment", (60, 180), 0.0, (50000, 500000)),
    ),
    "drugs": (
        "贩卖毒品罪",
        "贩卖毒品案",
        "跨省贩卖毒品，通过物流寄递方式交付的，应当认定为贩卖毒品既遂。",
        "{y}年，被告人{n}通过网络联系买家，将甲基苯丙胺（冰毒）{k}克藏匿于快递包裹中，从外省寄往{p}，后被公安机关查获。",
        "检察机关与寄出地检察机关开展异地协作，调取物流及资金流证据，依法提起公诉。",
        "依托区域协作打击寄递渠道毒品犯罪，统一跨省毒品案件证据标准。",
        "《中华人民共和国刑法》第三百四十七条",
        ("imprisonment", (36, 180), 0.0, (5000, 100000)),
    ),
    "cybercrime": (
        "帮助信息网络犯罪活动罪",
        "帮助信息网络犯罪活动案",
        "明知他人利用信息网络实施犯罪，出租、出售银行卡供其转移资金的，构成帮助信息网络犯罪活动罪。",
        "{y}年，被告人{n}在{p}将本人及收购的银行卡{k}张出售给电信网络诈骗团伙使用，流经资金逾三百万元。",
        "检察机关联合公安机关开展“断卡”行动，核查资金流水，依法提起公诉并开展校园宣传。",
        "斩断电信网络诈骗资金链条，教育公众切勿出租出借银行卡。",
        "《中华人民共和国刑法》第二百八十七条之二",
        ("imprisonment", (6, 24), 0.5, (2000, 20000)),
    ),
    "food_drug_safety": (
        "生产、销售有毒、有害食品罪",
        "生产、销售有毒、有害食品案",
        "在食品中掺入国家禁止添加的非食用物质并销售的，构成生产、销售有毒、有害食品罪。",
        "{y}年，被告人{n}在{p}经营卤肉作坊，为延长保质期在卤制品中添加工业用防腐剂，共销售有毒食品{k}余公斤。",
        "检察机关依法提起公诉，同时提起刑事附带民事公益诉讼，请求判令支付十倍惩罚性赔偿金。",
        "以“四个最严”守护人民群众“舌尖上的安全”。",
        "《中华人民共和国刑法》第一百四十四条；《中华人民共和国食品安全法》第一百四十八条",
        ("imprisonment", (6, 36), 0.4, (10000, 80000)),
    ),
    "road_traffic": (
        "危险驾驶罪",
        "危险驾驶案",
        "醉酒驾驶机动车，血液酒精含量较高并发生事故的，不宜适用缓刑。",
        "{y}年，被告人{n}酒后驾驶小型轿车行驶至{p}某路段，与对向车辆发生碰撞，经检测其血液酒精含量为{k}毫克/100毫升。",
        "检察机关适用认罪认罚从宽制度，依法提出量刑建议并获法院采纳。",
        "统一醉驾案件办理标准，做到罚当其罪。",
        "《中华人民共和国刑法》第一百三十三条之一",
        ("detention", (1, 6), 0.3, (2000, 10000)),
    ),
    "railway_transport": (
        "盗窃罪",
        "盗窃铁路运输物资案",
        "盗窃正在使用中的铁路器材，危及行车安全的，应当从重处罚。",
        "{y}年，被告人{n}多次在{p}境内铁路沿线盗窃铁路通信电缆，共计{k}米，影响列车正常运行。",
        "铁路运输检察机关与属地检察机关协作，调取沿线监控及销赃证据，依法提起公诉。",
        "保障铁路运输安全，服务丝绸之路经济带交通大动脉。",
        "《中华人民共和国刑法》第二百六十四条",
        ("imprisonment", (6, 48), 0.3, (2000, 20000)),
    ),
    "production_safety": (
        "重大责任事故罪",
        "重大责任事故案",
        "在生产、作业中违反安全管理规定，发生重大伤亡事故的，构成重大责任事故罪。",
        "{y}年，被告人{n}作为{p}某煤矿的安全负责人，明知井下瓦斯超限仍违规组织生产，导致发生事故，造成{k}人死亡。",
        "检察机关提前介入事故调查，准确区分责任，依法提起公诉并制发检察建议。",
        "以案促治，推动企业落实安全生产主体责任。",
        "《中华人民共和国刑法》第一百三十四条",
        ("imprisonment", (12, 60), 0.4, None),
    ),
    "illegal_fundraising": (
        "非法吸收公众存款罪",
        "非法吸收公众存款案",
        "以投资养殖、种植项目为名，向不特定公众承诺高额回报吸收资金的，构成非法吸收公众存款罪。",
        "{y}年至案发，被告人{n}以在{p}投资牛羊养殖项目为名，承诺年化百分之二十的回报，向{k}余名群众非法吸收资金，至案发未兑付本息。",
        "检察机关与资金流入地检察机关协作查明资金去向，依法提起公诉，全力追赃挽损。",
        "坚持追赃挽损与惩治犯罪并重，最大限度减少群众损失。",
        "《中华人民共和国刑法》第一百七十六条",
        ("imprisonment", (12, 96), 0.3, (50000, 500000)),
    ),
    "pyramid_selling": (
        "组织、领导传销活动罪",
        "组织、领导传销活动案",
        "以网络平台为载体，要求参加者缴纳费用并按发展人员数量计酬的，属于传销活动。",
        "{y}年，被告人{n}在{p}搭建“共享电商”网络平台，以推荐返利为诱饵发展会员{k}余人，层级达十余层。",
        "检察机关会同多地检察机关统一证据标准，依法提起公诉。",
        "打击新型网络传销，维护经济秩序和社会稳定。",
        "《中华人民共和国刑法》第二百二十四条之一",
        ("imprisonment", (24, 84), 0.1, (50000, 300000)),
    ),
    "insider_trading": (
        "内幕交易罪",
        "内幕交易案",
        "内幕信息知情人在内幕信息敏感期内买入相关股票的，构成内幕交易罪。",
        "{y}年，被告人{n}作为{p}某上市公司重大资产重组的知情人，在信息公开前利用他人账户买入该公司股票{k}万股，获利丰厚。",
        "检察机关依法提起公诉，追缴违法所得。",
        "维护资本市场公开、公平、公正。",
        "《中华人民共和国刑法》第一百八十条",
        ("imprisonment", (12, 60), 0.5, (100000, 2000000)),
    ),
    "intellectual_property": (
        "假冒注册商标罪",
        "假冒注册商标案",
        "未经许可在同一种商品上使用与他人注册商标相同的商标，情节严重的，构成假冒注册商标罪。",
        "{y}年，被告人{n}在{p}租用厂房，生产假冒某知名品牌的枸杞礼盒{k}余盒并通过网络销售。",
        "检察机关依法提起公诉，并向权利人送达权利义务告知书，保障其参与诉讼。",
        "加强知识产权司法保护，护航地方特色产业品牌。",
        "《中华人民共和国刑法》第二百一十三条",
        ("imprisonment", (6, 36), 0.5, (20000, 200000)),
    ),
    "ecology": (
        "污染环境罪",
        "污染环境案",
        "违反国家规定向河流排放含重金属的废水，严重污染环境的，构成污染环境罪。",
        "{y}年，被告人{n}经营的选矿厂在{p}将未经处理的含重金属废水通过暗管排入黄河支流，经监测超标{k}倍。",
        "检察机关提起刑事附带民事公益诉讼，督促被告人承担生态环境修复费用，并跨省协作开展修复。",
        "以最严密法治守护黄河流域生态安全。",
        "《中华人民共和国刑法》第三百三十八条；《中华人民共和国黄河保护法》",
        ("imprisonment", (6, 48), 0.4, (20000, 300000)),
    ),
    "nature_reserves": (
        "危害珍贵、濒危野生动物罪",
        "危害珍贵、濒危野生动物案",
        "在自然保护区内非法猎捕国家重点保护野生动物的，应依法从重处罚。",
        "{y}年，被告人{n}在{p}境内的国家级自然保护区内架设猎套，非法猎捕国家一级保护野生动物藏原羚{k}只。",
        "检察机关依法提起公诉，同时提起民事公益诉讼，请求赔偿生态服务功能损失。",
        "守护三江源和祁连山生物多样性。",
        "《中华人民共和国刑法》第三百四十一条；《中华人民共和国野生动物保护法》",
        ("imprisonment", (12, 60), 0.3, (10000, 100000)),
    ),
    "cultural_relics": (
        "盗掘古墓葬罪",
        "等人盗掘古墓葬案",
        "盗掘具有历史、艺术、科学价值的古墓葬的，不论是否盗得文物，均构成盗掘古墓葬罪。",
        "{y}年，被告人{n}等人在{p}境内使用探测设备和炸药，盗掘汉代古墓葬一座，盗得陶器、铜镜等文物{k}件。",
        "检察机关与文物出境地检察机关协作追查文物流向，依法提起公诉，推动追缴文物移交文物部门。",
        "依法严惩文物犯罪，守护丝绸之路历史文化遗产。",
        "《中华人民共和国刑法》第三百二十八条；《中华人民共和国文物保护法》",
        ("imprisonment", (36, 144), 0.0, (20000, 200000)),
    ),
    "red_culture": (
        "故意损毁文物罪",
        "故意损毁革命文物案",
        "故意损毁被确定为全国重点文物保护单位的革命旧址的，构成故意损毁文物罪。",
        "{y}年，被告人{n}在{p}擅自拆除红军西路军革命旧址附属建筑{k}间用于自建房。",
        "检察机关依法提起公诉，同时督促文物主管部门履职，推动旧址修缮保护。",
        "保护红色文化资源，传承红色基因。",
        "《中华人民共和国刑法》第三百二十四条；《中华人民共和国英雄烈士保护法》",
        ("imprisonment", (6, 36), 0.6, (5000, 50000)),
    ),
    "juvenile": (
        "盗窃罪",
        "盗窃案（未成年人犯罪）",
        "对罪行较轻、有悔罪表现的未成年人，依法适用附条件不起诉或从宽处理，并开展异地帮教。",
        "{y}年，被告人{n}（作案时十六周岁）在{p}多次盗窃电动车电瓶共计{k}块，案发后如数退赔。",
        "检察机关与其户籍地检察机关开展异地帮教协作，落实监护责任，依法从宽处理。",
        "坚持“教育、感化、挽救”方针，跨省协作帮教涉罪未成年人。",
        "《中华人民共和国刑法》第二百六十四条；《中华人民共和国未成年人保护法》",
        ("detention", (2, 6), 0.8, (1000, 3000)),
    ),
}
# Categories without a criminal sentence: supervision and public-interest cases.
NON_CRIMINAL = {
    "civil_administrative": (
        "某公司与{n}劳动争议执行监督案",
        "执行法院怠于执行劳动报酬支付判决的，检察机关依法提出检察建议。",
        "{y}年，{n}等{k}名农民工在{p}某建设工程中的劳动报酬经判决确认后，长期未获执行。",
        "检察机关依法受理监督申请，向执行法院制发检察建议，推动欠薪全部兑付。",
        "以民事检察监督保障农民工合法权益。",
        "《中华人民共和国民事诉讼法》第二百一十六条",
    ),
    "public_interest": (
        "{p}某化工企业固体废物污染行政公益诉讼案",
        "行政机关对固体废物违法堆存不依法履职的，检察机关依法提起行政公益诉讼。",
        "{y}年，{p}某化工企业在厂区外违规堆存工业固体废物{k}余吨，相关行政机关未依法处置。",
        "检察机关发出诉前检察建议后，督促行政机关依法履职，固体废物全部合规处置。",
        "以公益诉讼推动跨区域生态环境协同治理。",
        "《中华人民共和国行政诉讼法》第二十五条；《中华人民共和国固体废物污染环境防治法》",
    ),
}
KEYWORDS = {
    "violent_terrorism": "暴恐音视频", "organized_crime": "扫黑除恶", "drugs": "毒品",
    "cybercrime": "断卡行动", "food_drug_safety": "食品安全", "road_traffic": "醉驾",
    "railway_transport": "铁路安全", "production_safety": "安全生产",
    "illegal_fundraising": "非法集资", "pyramid_selling": "网络传销",
    "insider_trading": "证券犯罪", "intellectual_property": "商标保护", "ecology": "黄河保护",
    "nature_reserves": "野生动物", "cultural_relics": "文物保护", "red_culture": "革命文物",
    "juvenile": "异地帮教", "civil_administrative": "欠薪执行", "public_interest": "公益诉讼",
}  # fmt: skip
# More cases of the most common charges, so that the sentencing comparison has data to show.
REPEATS = ["drugs", "illegal_fundraising", "cultural_relics", "ecology", "drugs",
           "illegal_fundraising", "cultural_relics", "cybercrime", "drugs", "road_traffic",
           "illegal_fundraising", "ecology", "cultural_relics", "drugs", "cybercrime",
           "road_traffic"]  # fmt: skip
PROVINCES = ["GS", "SN", "QH", "NX", "XJ", "BT"]


def person(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))


def outcome(rng: random.Random, name: str, charge: str, sentence) -> dict:
    kind, (low, high), suspended_chance, fine = sentence
    term = rng.randint(low, high)
    suspended = term <= 36 and rng.random() < suspended_chance
    return {
        "defendant": name,
        "charge": charge,
        "sentence_type": kind,
        "term_months": term,
        "suspended": suspended,
        "probation_months": max(term, 12) + rng.choice((0, 6, 12)) if suspended else None,
        "fine_yuan": Decimal(rng.randrange(fine[0], fine[1], 1000)) if fine else None,
    }


def case_plan(number: int, rng: random.Random) -> tuple[str, dict, list[dict]]:
    """The province, fields and outcomes of the demo case with this number."""
    categories = [*STORIES, *NON_CRIMINAL, *REPEATS]
    category = categories[number % len(categories)]
    province = PROVINCES[number % len(PROVINCES)]
    name = person(rng)
    fill = {
        "n": name,
        "p": rng.choice(PLACES[province]),
        "y": rng.randint(2020, 2025),
        "k": rng.randint(3, 300),
    }
    if category in NON_CRIMINAL:
        title, key_points, facts, handling, significance, law = NON_CRIMINAL[category]
        charge, outcomes = None, []
        other_names = name
    else:
        charge, suffix, key_points, facts, handling, significance, law, sentence = STORIES[category]
        title = "{n}" + suffix
        names = [name] + [person(rng) for _ in range(rng.choice((0, 0, 1, 2)))]
        outcomes = [outcome(rng, each, charge, sentence) for each in names]
        other_names = ""
    data = {
        "title": title.format(**fill),
        "keywords": [KEYWORDS[category], "跨省协作", DEMO_KEYWORD],
        "key_points": key_points,
        "facts": facts.format(**fill),
        "handling": handling,
        "significance": significance,
        "legal_provisions": law,
        "category": category,
        "charges": [charge] if charge else [],
        "decided_on": dt.date(min(fill["y"] + 1, 2026), rng.randint(1, 12), rng.randint(1, 28)),
        "other_names": other_names,
    }
    return province, data, outcomes


def load() -> str:
    """Create the demo cases once; a second run changes nothing."""
    if TypicalCase.objects.filter(created_by__email__endswith="@demo.invalid").exists():
        return f"{TypicalCase.objects.count()} typical cases (0 new)"
    rng = random.Random(2019_12_12)  # noqa: S311 - the same demo text on every machine
    made = 0
    for number in range(40):
        province, data, outcomes = case_plan(number, rng)
        # Cases come from the provincial procuratorate and, every other one, from the capital.
        author = User.objects.get(
            username=f"{province.lower()}-{'city-prosecutor' if number % 2 else 'prosecutor'}"
        )
        reviewer = User.objects.get(username=f"{province.lower()}-liaison")
        case = services.case_create(user=author, data=data, outcomes=outcomes)
        made += 1
        if number == 36:
            continue  # a draft
        services.case_submit(user=author, case=case, confirmed=True)
        if number == 37:
            continue  # waiting for review
        if number == 38:
            services.case_return(
                user=reviewer, case=case, comment="请补充被告人退赃退赔情况及量刑建议采纳情况。"
            )
            continue
        services.case_publish(user=reviewer, case=case)
        if number == 39:
            services.case_withdraw(
                user=reviewer,
                case=case,
                reason="相关司法解释已修订，本案例的裁判要旨不再适用。",
            )
    return f"{TypicalCase.objects.count()} typical cases ({made} new)"
