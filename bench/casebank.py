"""Benchmark: search of the typical-case library, 100,000 cases. Prints numbers; asserts nothing.

Run with `make bench` (PostgreSQL at 127.0.0.1:5432). It creates a scratch database, writes
100,000 published typical cases in bulk (Chinese titles, facts, key points and outcomes built
from a vocabulary of real charges, places and sentences), times the bulk indexing, then times
searches as a researcher runs them: one-, two- and four-term queries, with and without
filters, as the median and 95th percentile of the search service (ranking, facet counts, one
page of hits with highlighted snippets) and of the search page. A search that misses its target
gets the plan of its slowest query. The scratch database is dropped at the end.
"""

import datetime as dt
import os
import random
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

# Python puts this file's folder first on the path, where this file would shadow the `casebank`
# app: the project folder takes its place.
HERE = Path(__file__).resolve().parent
sys.path[:] = [entry for entry in sys.path if Path(entry or ".").resolve() != HERE]
sys.path.insert(0, str(HERE.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/portal_bench")
os.environ["DEBUG"] = "0"

import django  # noqa: E402
from django.conf import settings  # noqa: E402

django.setup()

from django.contrib.auth.models import Group  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import (  # noqa: E402
    CaptureQueriesContext,
    setup_databases,
    teardown_databases,
)
from django.utils import timezone  # noqa: E402

from casebank.comparison.selectors import sentencing_comparison  # noqa: E402
from casebank.library.models import CaseStatus, DefendantOutcome, SentenceType, TypicalCase  # noqa: E402
from casebank.search.selectors import search_cases  # noqa: E402
from casebank.search.services import reindex  # noqa: E402
from portal.models import Procuratorate, Role, User  # noqa: E402

CASES = int(os.environ.get("BENCH_CASES", "100000"))
# BENCH_KEEP=1 keeps the scratch database, and reuses one kept before (to tune the queries).
KEEP = os.environ.get("BENCH_KEEP") == "1"
SEED = 2026
RUNS = 40
WARM_UP = 3
BATCH = 5_000
TARGET_P95_MS = 100
PROVINCES = ["GS", "SN", "QH", "NX", "XJ", "BT"]
CITIES = {
    "GS": ["兰州市", "天水市", "酒泉市", "张掖市", "武威市"],
    "SN": ["西安市", "宝鸡市", "咸阳市", "延安市", "汉中市"],
    "QH": ["西宁市", "海东市", "格尔木市", "德令哈市"],
    "NX": ["银川市", "石嘴山市", "吴忠市", "固原市"],
    "XJ": ["乌鲁木齐市", "喀什市", "伊宁市", "库尔勒市", "哈密市"],
    "BT": ["石河子市", "阿拉尔市", "五家渠市", "图木舒克市"],
}
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡魏薛叶"
# (title form, charge, category, how the facts go, sentence range in months, fine range)
CRIMES = [
    ("非法集资", "非法吸收公众存款罪", "illegal_fundraising", "fundraising", (24, 96), (5, 50)),
    ("集资诈骗", "集资诈骗罪", "illegal_fundraising", "fundraising", (60, 180), (10, 100)),
    ("电信网络诈骗", "诈骗罪", "cybercrime", "fraud", (36, 144), (3, 30)),
    ("帮助信息网络犯罪活动", "帮助信息网络犯罪活动罪", "cybercrime", "fraud", (6, 30), (1, 5)),
    ("贩卖毒品", "贩卖毒品罪", "drugs", "drugs", (12, 180), (1, 20)),
    ("运输毒品", "运输毒品罪", "drugs", "drugs", (36, 180), (2, 20)),
    ("非法采矿", "非法采矿罪", "ecology", "ecology", (6, 48), (5, 50)),
    ("污染环境", "污染环境罪", "ecology", "ecology", (6, 36), (5, 80)),
    ("盗掘古墓葬", "盗掘古文化遗址、古墓葬罪", "cultural_relics", "relics", (36, 144), (2, 20)),
    ("倒卖文物", "倒卖文物罪", "cultural_relics", "relics", (12, 60), (2, 30)),
    ("走私文物", "走私文物罪", "cultural_relics", "relics", (60, 150), (5, 50)),
    ("组织、领导传销活动", "组织、领导传销活动罪", "pyramid_selling", "fundraising", (24, 84), (5, 60)),  # noqa: E501
    ("危险驾驶", "危险驾驶罪", "road_traffic", "traffic", (1, 6), (1, 2)),
    ("交通肇事", "交通肇事罪", "road_traffic", "traffic", (6, 48), None),
    ("非法猎捕、杀害珍贵、濒危野生动物", "危害珍贵、濒危野生动物罪", "nature_reserves", "wildlife", (12, 60), (1, 10)),  # noqa: E501
    ("假冒注册商标", "假冒注册商标罪", "intellectual_property", "trademark", (12, 48), (5, 100)),
    ("内幕交易", "内幕交易罪", "insider_trading", "securities", (12, 60), (20, 500)),
    ("生产、销售有毒、有害食品", "生产、销售有毒、有害食品罪", "food_drug_safety", "food", (12, 60), (2, 30)),  # noqa: E501
    ("重大责任事故", "重大责任事故罪", "production_safety", "safety", (12, 48), None),
    ("破坏铁路设施", "破坏交通设施罪", "railway_transport", "railway", (36, 120), None),
    ("组织、领导黑社会性质组织", "组织、领导黑社会性质组织罪", "organized_crime", "gang", (84, 240), (10, 200)),  # noqa: E501
    ("寻衅滋事", "寻衅滋事罪", "organized_crime", "gang", (6, 48), None),
    ("故意毁坏红色文物", "故意损毁文物罪", "red_culture", "relics", (6, 36), (1, 5)),
    ("盗窃", "盗窃罪", "juvenile", "juvenile", (3, 24), (1, 3)),
]  # fmt: skip
STORIES = {
    "fundraising": [
        "{name}以{city}某投资公司名义，以年化{rate}%的高额回报为诱饵，通过微信群、推介会等方式向社会公众宣传",
        "先后向{people}余名群众吸收资金共计人民币{amount}万元，案发时尚有{left}万元未能兑付",
        "所吸收资金主要用于支付前期投资人本息、公司运营及个人挥霍",
    ],
    "fraud": [
        "{name}伙同他人在境外设立诈骗窝点，冒充电商客服和公检法工作人员实施电信网络诈骗",
        "为诈骗团伙提供银行卡{cards}张并帮助转移资金，涉案流水达人民币{amount}万元",
        "被害人遍及{city}等{people}个地区，部分赃款经虚拟货币转移出境",
    ],
    "drugs": [
        "{name}从境外购入甲基苯丙胺{grams}克，藏匿于货车夹层内运至{city}",
        "在{city}某宾馆附近向吸毒人员贩卖毒品海洛因{small}克时被公安机关当场抓获",
        "公安机关在其住处另查获毒品{small}克及电子秤、分装袋等物品",
    ],
    "ecology": [
        "{name}未取得采矿许可证，在{city}黄河河道内使用挖掘机非法开采砂石{tons}吨",
        "经鉴定造成矿产资源破坏价值人民币{amount}万元，河道生态环境严重受损",
        "{name}将未经处理的工业废水直接排入{city}某河流，造成下游水体污染",
    ],
    "relics": [
        "{name}纠集他人携带洛阳铲、探测仪等工具，在{city}某汉代古墓葬群盗掘",
        "盗得陶罐、铜镜等文物{items}件，经鉴定其中三级文物{small}件",
        "{name}明知系出土文物仍予以收购，并以人民币{amount}万元倒卖给他人",
    ],
    "traffic": [
        "{name}醉酒后驾驶小型轿车行驶至{city}某路段，与正常行驶的电动车相撞",
        "经检测其血液酒精含量为{alcohol}毫克/100毫升，事故造成一人受伤",
        "{name}驾车发生事故后弃车逃逸，次日到公安机关投案",
    ],
    "wildlife": [
        "{name}在{city}祁连山国家级自然保护区内架设猎套，非法猎捕岩羊{items}只",
        "经鉴定涉案野生动物系国家二级保护动物，价值人民币{amount}万元",
    ],
    "trademark": [
        "{name}未经注册商标所有人许可，在{city}某厂房生产假冒知名品牌白酒{items}箱",
        "非法经营数额达人民币{amount}万元，部分产品已销往{city}等地",
    ],
    "securities": [
        "{name}系某上市公司董事，在重大资产重组信息公开前利用他人账户买入该公司股票",
        "获利人民币{amount}万元，在信息敏感期内交易金额达{big}万元",
    ],
    "food": [
        "{name}在{city}某作坊内使用工业明胶加工肉制品并对外销售",
        "销售金额达人民币{amount}万元，经检测产品中含有国家禁止添加的有毒、有害物质",
    ],
    "safety": [
        "{name}作为{city}某煤矿安全负责人，明知井下通风设施存在重大隐患仍违规组织生产",
        "致使发生瓦斯爆炸事故，造成{small}人死亡、直接经济损失人民币{amount}万元",
    ],
    "railway": [
        "{name}为出售废铁，在{city}某铁路区间盗割铁路信号电缆{items}米",
        "致使列车信号中断，{small}趟旅客列车晚点，足以使火车发生倾覆危险",
    ],
    "gang": [
        "以{name}为首的犯罪组织长期盘踞{city}某镇，以暴力、威胁手段强揽工程、强迫交易",
        "先后实施寻衅滋事、故意伤害、敲诈勒索等违法犯罪活动{items}起",
        "非法攫取经济利益人民币{amount}万元，严重破坏当地经济、社会生活秩序",
    ],
    "juvenile": [
        "未成年人{name}因家庭监护缺失辍学在社会上闲逛，伙同他人在{city}多次入户盗窃",
        "盗得手机、现金等财物价值人民币{small}千元，到案后如实供述并退赔全部损失",
    ],
}
POINTS = [
    "行为人以非法占有为目的，使用诈骗方法非法集资，数额较大的，应当认定为集资诈骗罪。",
    "对于跨省作案的，办案检察机关应当加强协作，统一证据标准和法律适用。",
    "认定犯罪数额时应当以行为人实际吸收的资金计算，案发前已归还的数额可以在量刑时酌情考虑。",
    "检察机关应当依法引导侦查取证，全面审查电子数据的真实性、完整性。",
    "对未成年人犯罪案件，应当坚持教育、感化、挽救的方针，落实特殊保护措施。",
    "在办理破坏生态环境资源犯罪案件中，应当同步推进生态修复，实现惩治犯罪与修复生态并重。",
    "文物犯罪案件应当注重追缴流失文物，并依法提起公益诉讼追究生态环境和文物损害赔偿责任。",
    "对毒品犯罪案件，应当准确认定毒品数量和含量，依法严厉惩处源头性毒品犯罪。",
]
SIGNIFICANCE = [
    "本案系西北五省区检察机关跨区域协作办理的典型案件，体现了“一把尺子”统一司法尺度的要求。",
    "本案对于依法惩治涉众型经济犯罪、维护人民群众合法财产权益具有示范意义。",
    "检察机关通过提前介入、引导取证，确保了案件办理的政治效果、法律效果和社会效果相统一。",
    "本案的办理为同类案件的证据审查和量刑提供了参考，有利于实现类案同判。",
    "检察机关积极开展追赃挽损工作，最大限度减少了人民群众的经济损失。",
]
KEYWORDS = {
    "fundraising": ["非法集资", "追赃挽损", "涉众型犯罪"],
    "fraud": ["电信网络诈骗", "帮信罪", "跨境犯罪"],
    "drugs": ["毒品犯罪", "源头治理", "跨省运输"],
    "ecology": ["生态修复", "黄河流域", "公益诉讼"],
    "relics": ["文物保护", "古墓葬", "追缴文物"],
    "traffic": ["醉驾", "认罪认罚", "交通安全"],
    "wildlife": ["野生动物", "自然保护区", "生态修复"],
    "trademark": ["知识产权", "商标保护", "营商环境"],
    "securities": ["内幕交易", "证券犯罪", "金融安全"],
    "food": ["食品安全", "有毒有害食品", "公益诉讼"],
    "safety": ["安全生产", "重大责任事故", "监督"],
    "railway": ["铁路安全", "交通设施", "协作"],
    "gang": ["扫黑除恶", "黑社会性质组织", "打财断血"],
    "juvenile": ["未成年人", "附条件不起诉", "帮教"],
}
# What the researcher types: one, two and four terms.
QUERIES = {
    "1 term": ["毒品", "文物", "集资", "诈骗", "生态修复", "古墓葬", "醉驾", "未成年人"],
    "2 terms": ["毒品 缓刑", "文物 公益诉讼", "非法集资 追赃挽损", "诈骗 银行卡", "采矿 黄河"],
    "4 terms": [
        "非法集资 高额回报 群众 兑付",
        "毒品 甲基苯丙胺 货车 抓获",
        "文物 古墓葬 盗掘 鉴定",
        "诈骗 银行卡 流水 境外",
    ],
}
FILTER_SETS = [{"province": "GS"}, {"year": "2023"}, {"category": "drugs", "province": "SN"}]


def write_cases(rng: random.Random) -> None:
    """100,000 published cases with their outcomes, in bulk."""
    author = User.objects.create(username="bench-author", full_name="基准测试")
    author.procuratorate = Procuratorate.objects.get(code="GS")
    author.save()
    author.groups.add(Group.objects.get(name=Role.PROSECUTOR))
    procuratorates = {}
    for province in PROVINCES:
        root = Procuratorate.objects.get(code=province)
        cities = [
            Procuratorate.objects.create(
                code=f"{province}-B{index}",
                name_zh=f"{city}人民检察院",
                short_name=f"{province}{index}",
                name_en=f"Bench {province} {index}",
                level=Procuratorate.Level.PREFECTURE,
                parent=root,
                province=province,
            )
            for index, city in enumerate(CITIES[province])
        ]
        county = Procuratorate.objects.create(
            code=f"{province}-BC",
            name_zh=f"{CITIES[province][0][:-1]}县人民检察院",
            short_name=f"{province}县",
            name_en=f"Bench {province} county",
            level=Procuratorate.Level.COUNTY,
            parent=cities[0],
            province=province,
        )
        procuratorates[province] = [root, *cities, county]
    now = timezone.now()
    written = 0
    while written < CASES:
        cases, outcomes = [], []
        for index in range(written, min(written + BATCH, CASES)):
            case, defendants = one_case(rng, index, procuratorates, author, now)
            cases.append(case)
            outcomes.append(defendants)
        TypicalCase.objects.bulk_create(cases)
        DefendantOutcome.objects.bulk_create(
            outcome
            for case, defendants in zip(cases, outcomes, strict=True)
            for outcome in defendants(case)
        )
        written += len(cases)


def one_case(rng, index, procuratorates, author, now):
    province = rng.choice(PROVINCES)
    procuratorate = rng.choice(procuratorates[province])
    title_form, charge, category, story, months, fines = rng.choice(CRIMES)
    surname = rng.choice(SURNAMES)
    count = rng.choice([1, 1, 1, 2, 3, 5])
    name = f"{surname}某某" if count == 1 else f"{surname}某某等{count}人"
    city = rng.choice(CITIES[province])
    values = {
        "name": f"被告人{surname}某某",
        "city": city,
        "rate": rng.randint(12, 60),
        "people": rng.randint(30, 3000),
        "amount": rng.randint(10, 9000),
        "left": rng.randint(5, 3000),
        "cards": rng.randint(5, 80),
        "grams": rng.randint(50, 20000),
        "small": rng.randint(1, 30),
        "tons": rng.randint(500, 90000),
        "items": rng.randint(3, 200),
        "alcohol": rng.randint(80, 260),
        "big": rng.randint(500, 90000),
    }
    decided = dt.date(2019, 1, 1) + dt.timedelta(days=rng.randint(0, 7 * 365))
    facts = "。".join(sentence.format(**values) for sentence in STORIES[story]) + "。"
    facts += f"{decided.year}年{decided.month}月，{city}人民法院以{charge}判处{name}刑罚。"
    case = TypicalCase(
        code=f"{province}-{decided.year}-{index:06d}",
        title=f"{name}{title_form}案",
        keywords=rng.sample(KEYWORDS[story], 2),
        key_points=rng.choice(POINTS),
        facts=facts,
        handling="检察机关依法提前介入，引导公安机关收集、固定证据，以"
        f"{charge}提起公诉，并开展追赃挽损和释法说理工作。",
        significance=rng.choice(SIGNIFICANCE),
        legal_provisions=f"《中华人民共和国刑法》关于{charge}的规定",
        source_procuratorate=procuratorate,
        province=province,
        category=category,
        charges=[charge],
        decided_on=decided,
        status=CaseStatus.PUBLISHED,
        version=1,
        created_by=author,
        created_at=now,
        submitted_at=now,
        published_at=now - dt.timedelta(minutes=index),
    )

    def defendants(saved_case):
        for position in range(count):
            term = rng.randint(*months)
            suspended = term <= 36 and rng.random() < 0.3
            sentence = SentenceType.DETENTION if term <= 6 else SentenceType.IMPRISONMENT
            yield DefendantOutcome(
                case=saved_case,
                defendant=f"{surname}某{'某甲乙丙丁戊'[position]}",
                charge=charge,
                sentence_type=sentence,
                term_months=term,
                suspended=suspended,
                probation_months=term + 12 if suspended else None,
                fine_yuan=rng.randint(*fines) * 10_000 if fines else None,
                position=position,
            )

    return case, defendants


def percentile_95(samples: list[float]) -> float:
    return statistics.quantiles(samples, n=20)[-1]


def time_search(user: User, query: str, filters: dict) -> list[float]:
    for _ in range(WARM_UP):
        search_cases(user=user, query=query, filters=filters)
    samples = []
    for _ in range(RUNS):
        began = time.perf_counter()
        search_cases(user=user, query=query, filters=filters)
        samples.append((time.perf_counter() - began) * 1000)
    return samples


def time_page(client: Client, url: str) -> list[float]:
    for _ in range(WARM_UP):
        response = client.get(url)
        if response.status_code != 200:
            raise SystemExit(f"{url} answered {response.status_code}")
    samples = []
    for _ in range(RUNS // 2):
        began = time.perf_counter()
        client.get(url)
        samples.append((time.perf_counter() - began) * 1000)
    return samples


def report_searches(user: User) -> None:
    """Median and p95 of the search service per kind of query, with and without filters."""
    print(
        f"\n{'search':<34} {'hits':>7} {'median':>7} {'p95':>7} {'target':>7}"
        f"   (ms, {RUNS} runs of each query after {WARM_UP} warm-up)"
    )
    slowest = None
    for kind, queries in QUERIES.items():
        for label, filter_sets in (("", [{}]), (" + filters", FILTER_SETS)):
            samples, hits = [], []
            for query in queries:
                for filters in filter_sets:
                    samples += time_search(user, query, filters)
                    hits.append(search_cases(user=user, query=query, filters=filters).total)
                    worst = max(samples[-RUNS:])
                    if slowest is None or worst > slowest[0]:
                        slowest = (worst, query, filters)
            p95 = percentile_95(samples)
            verdict = "ok" if p95 <= TARGET_P95_MS else "MISSED"
            print(
                f"{kind + label:<34} {round(statistics.mean(hits)):>7} "
                f"{statistics.median(samples):>7.1f} {p95:>7.1f} {'≤' + str(TARGET_P95_MS):>7} "
                f"{verdict}",
                flush=True,
            )
    explain(*slowest)


def report_pages(user: User) -> None:
    """The search page and the API as the browser and a client get them."""
    client = Client(HTTP_ACCEPT_LANGUAGE="zh-hans")
    client.force_login(user)
    print(f"\n{'page':<44} {'median':>7} {'p95':>7} {'queries':>7}")
    for url in (
        "/library/search/?q=毒品",
        "/library/search/?q=非法集资+追赃挽损&province=GS",
        "/library/search/?q=文物&sort=date&page=3",
        "/api/v1/cases/search/?q=诈骗+银行卡",
    ):
        samples = time_page(client, url)
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        print(
            f"{url:<44} {statistics.median(samples):>7.1f} {percentile_95(samples):>7.1f} "
            f"{len(queries.captured_queries):>7}"
        )


def explain(worst_ms: float, query: str, filters: dict) -> None:
    """The plans of the queries of the slowest search, as it runs them."""
    statements = []

    def capture(execute, sql, params, many, context):
        statements.append((sql, params))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(capture):
        search_cases(
            user=User.objects.get(username="bench-researcher"), query=query, filters=filters
        )
    print(f"\nslowest: {query!r} {filters} ({worst_ms:.1f} ms once); its queries:")
    with connection.cursor() as cursor:
        for sql, params in statements:
            if "casebank_casesearchentry" not in sql or sql.lstrip().upper().startswith("SET"):
                continue
            cursor.execute("BEGIN")
            cursor.execute(
                "SET LOCAL enable_seqscan = off; SET LOCAL jit = off; SET LOCAL work_mem = '32MB'"
            )
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql, params)
            plan = [row[0] for row in cursor.fetchall()]
            cursor.execute("ROLLBACK")
            print(f"  {' '.join(sql.split())[:110]}…")
            for line in plan[:30]:
                print(f"    {line[:150]}")


def report_comparison(user: User) -> None:
    """The sentencing comparison of the most and the least common charge: the service, the
    page (its charge suggestions cached after the first) and the API."""
    charges = list(
        DefendantOutcome.objects.values_list("charge", flat=True)
        .annotate(n=Count("id"))
        .order_by("-n")
    )
    client = Client(HTTP_ACCEPT_LANGUAGE="zh-hans")
    client.force_login(user)
    print(f"\n{'comparison':<44} {'median':>7} {'p95':>7} {'queries':>7}")
    for charge in (charges[0], charges[-1]):
        samples = []
        for _ in range(WARM_UP + RUNS // 2):
            began = time.perf_counter()
            sentencing_comparison(user=user, charge=charge)
            samples.append((time.perf_counter() - began) * 1000)
        samples = samples[WARM_UP:]
        print(
            f"{'service: ' + charge:<44} {statistics.median(samples):>7.1f} "
            f"{percentile_95(samples):>7.1f} {'':>7}"
        )
        for url in (
            f"/library/compare/?{urlencode({'charge': charge})}",
            f"/api/v1/cases/compare/?{urlencode({'charge': charge})}",
        ):
            samples = time_page(client, url)
            with CaptureQueriesContext(connection) as queries:
                client.get(url)
            print(
                f"{url[:44]:<44} {statistics.median(samples):>7.1f} "
                f"{percentile_95(samples):>7.1f} {len(queries.captured_queries):>7}"
            )


def main() -> None:
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    old_config = setup_databases(
        verbosity=0, interactive=False, keepdb=KEEP, serialized_aliases=set()
    )
    try:
        if not TypicalCase.objects.exists():
            began = time.perf_counter()
            write_cases(random.Random(SEED))  # noqa: S311 - test data
            print(
                f"{TypicalCase.objects.count()} published cases, "
                f"{DefendantOutcome.objects.count()} defendants written in "
                f"{time.perf_counter() - began:.0f} s",
                flush=True,
            )
            began = time.perf_counter()
            indexed = reindex()
            indexing = time.perf_counter() - began
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE")
            print(
                f"bulk indexing: {indexed} cases in {indexing:.1f} s "
                f"({indexed / indexing:.0f} cases/s)",
                flush=True,
            )
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_size_pretty(pg_total_relation_size('casebank_casesearchentry'))"
            )
            size = cursor.fetchone()[0]
        print(
            f"PostgreSQL {connection.pg_version}; index table with its indexes: {size}; "
            "load average " + " ".join(f"{load:.1f}" for load in os.getloadavg()),
            flush=True,
        )
        researcher, _ = User.objects.get_or_create(
            username="bench-researcher",
            defaults={
                "full_name": "研究人员",
                "procuratorate": Procuratorate.objects.get(code="GS"),
            },
        )
        researcher.groups.add(Group.objects.get(name=Role.RESEARCHER))
        report_searches(researcher)
        report_pages(researcher)
        report_comparison(researcher)
    finally:
        if not KEEP:
            teardown_databases(old_config, verbosity=0)


if __name__ == "__main__":
    main()
