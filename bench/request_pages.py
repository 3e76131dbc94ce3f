"""Benchmark: the assistance-request pages over 10,000 requests. Prints numbers; asserts nothing.

Run with `make bench` (PostgreSQL at 127.0.0.1:5432). It creates a scratch database, loads the
demo procuratorates and users, fills in 10,000 requests between all ordered pairs of the six
provinces (and to and from their capital-city procuratorates) in a realistic mix of states,
each with its number, letters, timeline and messages (written in bulk: see `Builder`), then
times what a user waits for: the received list (plain, filtered, searched), a request's page,
and the API list, through Django's test client in-process with DEBUG off, the process prepared
as each web-server worker is (`portal.wsgi.warm_up`), as the median and 95th percentile of
repeated requests after a warm-up, with the number and time of the SQL
queries of each and the median processor time of this process per request (the portal's own
work without PostgreSQL's: steadier than the wall clock on a shared machine); a page that
misses its target gets a profile and its slowest query's plan.
Last, it times the PDF letter of one of the requests. The scratch database is dropped at the
end, unless BENCH_KEEP=1: then it is kept, and a later run with BENCH_KEEP=1 reuses it instead of
building it again (to tune the pages).
"""

import atexit
import cProfile
import datetime as dt
import logging
import os
import pstats
import random
import shutil
import statistics
import sys
import tempfile
import time
from collections import Counter
from io import StringIO
from pathlib import Path

# Python puts this file's folder first on the path, where this file would shadow the `requests`
# library (which Django REST framework imports): the project folder takes its place.
HERE = Path(__file__).resolve().parent
sys.path[:] = [entry for entry in sys.path if Path(entry or ".").resolve() != HERE]
sys.path.insert(0, str(HERE.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/portal_bench")
# Timed as in production: DEBUG off (no SQL log kept in memory, no debug pages).
os.environ["DEBUG"] = "0"

from django.conf import settings  # noqa: E402

# Files (the demo's letters and attachments) go to a folder of this run, removed at the end;
# set before the models are imported, since their storage reads it once.
PRIVATE_ROOT = Path(tempfile.mkdtemp(prefix="portal-bench-"))
atexit.register(shutil.rmtree, PRIVATE_ROOT, ignore_errors=True)
settings.PRIVATE_STORAGE_ROOT = PRIVATE_ROOT
settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"

import django  # noqa: E402

django.setup()
# The portal logs at INFO, where WeasyPrint reports every rendering step: keep the output to
# the numbers.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)
# The demo data runs its Celery tasks in-process, each logged at INFO.
logging.getLogger("celery").setLevel(logging.WARNING)

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import CharField, F, Max, OuterRef, Subquery, Value  # noqa: E402
from django.db.models.functions import Concat  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_databases, teardown_databases  # noqa: E402
from django.utils import timezone  # noqa: E402

from cases.models import (  # noqa: E402
    AssistanceRequest,
    Completion,
    DeadlineExtension,
    DocumentRegister,
    Letter,
    ProposedSlot,
    RequestAttachment,
    RequestEvent,
    RequestMessage,
    RequestType,
    ReturnReason,
    Side,
    Status,
    Urgency,
)
from cases.requests.letters import letter_pdf  # noqa: E402
from cases.requests.types import SPECS, clean_details  # noqa: E402
from portal.models import CaseCategory, Procuratorate, User  # noqa: E402
from portal.wsgi import warm_up  # noqa: E402

REQUESTS = 10_000
# BENCH_KEEP=1 keeps the scratch database, and reuses one kept before (to tune the pages).
KEEP = os.environ.get("BENCH_KEEP") == "1"
SEED = 2026
# Requests timed per page: the 95th percentile of 50 samples rests on the slowest three, so one
# hiccup of a shared machine moved it by 10 ms from run to run; 200 samples give a steady one.
RUNS = 200
WARM_UP = 10
LETTER_RUNS = 30
BATCH = 2_000
PROVINCES = ["GS", "SN", "QH", "NX", "XJ", "BT"]
CITIES = {"GS": "GS-LZ", "SN": "SN-XA", "QH": "QH-XN", "NX": "NX-YC", "XJ": "XJ-UR", "BT": "BT-12"}
# The share of each final state, and how many days back such a request was filed (open ones are
# recent, closed ones spread over a year and a half).
STATES = [
    (Status.DRAFT, 5, (0, 30)),
    (Status.SUBMITTED, 12, (0, 20)),
    (Status.RETURNED, 4, (2, 40)),
    (Status.ACCEPTED, 10, (1, 30)),
    (Status.IN_PROGRESS, 15, (3, 60)),
    (Status.COMPLETED, 8, (5, 90)),
    (Status.CONFIRMED, 40, (10, 540)),
    (Status.WITHDRAWN, 6, (3, 540)),
]
TYPE_WEIGHTS = {
    RequestType.REMOTE_INTERROGATION: 25,
    RequestType.WITNESS_QUESTIONING: 12,
    RequestType.EVIDENCE_GATHERING: 20,
    RequestType.INFORMATION_QUERY: 15,
    RequestType.PROCURATORIAL_SUGGESTION: 6,
    RequestType.JUVENILE_EDUCATION: 5,
    RequestType.PROBATION_SUPERVISION: 9,
    RequestType.ECOLOGICAL_RESTORATION: 8,
}
# Targets of the 95th percentile of the server time, in ms.
TARGET_LIST_MS, TARGET_DETAIL_MS = 60, 40

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡魏薛叶"
GIVEN = [
    "伟", "芳", "娜", "敏", "静", "强", "磊", "军", "洋", "勇", "艳", "杰", "涛", "明", "超",
    "秀英", "建国", "文华", "海燕", "志强", "玉兰", "德胜", "春梅", "国庆", "学军", "晓东",
    # Names are where rare characters turn up; the letter must print every one of them.
    "堃", "喆", "犇", "赟", "燊", "淼", "垚", "䶮", "𠇔", "𬱖", "𬇙", "𬘡", "子𬊈", "㛃",
]  # fmt: skip
CRIMES = [
    ("非法集资", "illegal_fundraising"), ("集资诈骗", "illegal_fundraising"),
    ("帮助信息网络犯罪活动", "cybercrime"), ("电信网络诈骗", "cybercrime"),
    ("非法采矿", "ecology"), ("非法采砂", "ecology"), ("污染环境", "ecology"),
    ("贩卖毒品", "drugs"), ("寻衅滋事", "organized_crime"),
    ("组织、领导黑社会性质组织", "organized_crime"),
    ("交通肇事", "road_traffic"), ("危险驾驶", "road_traffic"), ("盗窃", "juvenile"),
    ("组织、领导传销活动", "pyramid_selling"), ("倒卖文物", "cultural_relics"),
    ("生产、销售有毒、有害食品", "food_drug_safety"), ("重大责任事故", "production_safety"),
    ("非法猎捕、杀害珍贵、濒危野生动物", "nature_reserves"),
    ("假冒注册商标", "intellectual_property"),
    ("内幕交易", "insider_trading"), ("破坏铁路设施", "railway_transport"),
]  # fmt: skip
# Area codes that start the identity numbers of each province's people.
ID_PREFIX = {
    "GS": "620102", "SN": "610104", "QH": "630102", "NX": "640104", "XJ": "650102",
    "BT": "659001",
}  # fmt: skip
PLACES = {
    "GS": "兰州市", "SN": "西安市", "QH": "西宁市", "NX": "银川市", "XJ": "乌鲁木齐市",
    "BT": "新疆生产建设兵团第十二师",
}  # fmt: skip
LEGAL_BASES = [
    "《中华人民共和国刑事诉讼法》《人民检察院刑事诉讼规则》",
    "《人民检察院刑事诉讼规则》第十四条",
    "《中华人民共和国刑事诉讼法》第五十四条",
    "《西北五省（区）及新疆生产建设兵团检察机关跨区域协作框架协议》",
]


def id_number(rng: random.Random, province: str, born_from: int, born_to: int) -> str:
    """A resident identity number with a valid check digit."""
    born = dt.date(born_from, 1, 1) + dt.timedelta(
        days=rng.randrange((dt.date(born_to, 1, 1) - dt.date(born_from, 1, 1)).days)
    )
    body = f"{ID_PREFIX[province]}{born:%Y%m%d}{rng.randrange(1000):03d}"
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    return body + "10X98765432"[sum(int(d) * w for d, w in zip(body, weights, strict=True)) % 11]


def person(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + rng.choice(GIVEN)


def raw_details(rng: random.Random, kind: str, place: str, province: str, day: dt.date) -> dict:
    """What a user types into the details form of the type (cleaned by the type's form)."""
    if kind == RequestType.REMOTE_INTERROGATION:
        return {
            "suspect_name": person(rng),
            "suspect_id_number": id_number(rng, province, 1960, 2004),
            "detention_place": f"{PLACES[province]}第{rng.randint(1, 3)}看守所",
            "questions": "1. 资金来源与去向；2. 同案人员分工；3. 涉案账户控制情况。",
            "video_link": rng.random() < 0.8,
        }
    if kind == RequestType.WITNESS_QUESTIONING:
        return {
            "witness_name": person(rng),
            "witness_id_number": id_number(rng, province, 1955, 2005) if rng.random() < 0.6 else "",
            "witness_address": f"{PLACES[province]}某区某街道",
            "questions": "案发当晚所见情况；与犯罪嫌疑人的关系。",
            "video_link": rng.random() < 0.7,
        }
    if kind == RequestType.EVIDENCE_GATHERING:
        return {
            "evidence_sought": "涉案公司近三年银行流水及会计凭证。",
            "evidence_location": f"{PLACES[province]}某银行支行",
            "method": rng.choice(["调取书证，制作调取证据清单", "现场勘验", ""]),
        }
    if kind == RequestType.INFORMATION_QUERY:
        return {
            "query_subject": f"{place}某商贸有限公司",
            "query_content": "工商登记信息、股东变更记录及行政处罚记录。",
            "purpose": "核实涉案公司实际控制人",
        }
    if kind == RequestType.PROCURATORIAL_SUGGESTION:
        return {
            "addressee_unit": f"{PLACES[province]}某区市场监督管理局",
            "problems_found": "对网络食品销售平台入网审查不严。",
            "suggested_measures": "建立平台入网商户定期核查机制。",
        }
    if kind == RequestType.JUVENILE_EDUCATION:
        return {
            "juvenile_name": person(rng),
            "juvenile_id_number": id_number(rng, province, 2009, 2013)
            if rng.random() < 0.5
            else "",
            "guardian_name": person(rng),
            "guardian_phone": f"13{rng.randrange(10**9):09d}",
            "residence": f"{PLACES[province]}某区",
            "education_plan": "每月一次心理辅导与法治教育，联系学校落实复学。",
        }
    if kind == RequestType.PROBATION_SUPERVISION:
        start = day - dt.timedelta(days=rng.randint(30, 300))
        return {
            "person_name": person(rng),
            "person_id_number": id_number(rng, province, 1965, 2000) if rng.random() < 0.7 else "",
            "judgment": f"{place}人民法院（{start.year}）刑初{rng.randint(1, 999)}号",
            "probation_start": start.isoformat(),
            "probation_end": (start + dt.timedelta(days=365 * rng.randint(1, 3))).isoformat(),
            "residence": f"{PLACES[province]}某区",
        }
    return {
        "damage_place": f"{PLACES[province]}某河段",
        "damage_description": "非法采砂造成河道及岸坡植被破坏约 3 公顷。",
        "proposed_measures": "补植复绿、恢复河道原貌，由侵权人承担修复费用。",
    }


class Builder:
    """Rows exactly as the services leave them, written with `bulk_create`.

    Filing 10,000 requests through `services.request_create` and `request_transition` would
    take an hour here: every submission and completion renders a PDF letter (about 0.2 s), and
    every step locks, diffs and notifies one request at a time. The pages only read rows, so
    the bench writes the same rows in bulk: the request in its final state with its number from
    its procuratorate's register, the proposed and agreed slots, the letters (issued), the
    timeline events with the fields each step changes (as `services.diff` records them), the
    messages and internal notes, pending extensions, attachments and the registers themselves.
    """

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.now = timezone.now()
        self.nodes = {p.code: p for p in Procuratorate.objects.all()}
        self.users = {u.username: u for u in User.objects.all()}
        # (procuratorate id, year, series): last number issued, after the demo's own requests
        self.registers: Counter = Counter(
            {
                (row.procuratorate_id, row.year, row.series): row.last_number
                for row in DocumentRegister.objects.all()
            }
        )
        self.requests: list[AssistanceRequest] = []
        self.plans: list[dict] = []

    def user(self, name: str) -> User:
        return self.users[name]

    def code_of(self, node: Procuratorate) -> str:
        return node.province.lower()

    def prosecutor_of(self, node: Procuratorate) -> User:
        """The prosecutor who files or handles for this procuratorate."""
        suffix = "prosecutor" if node.level == Procuratorate.Level.PROVINCIAL else "city-prosecutor"
        return self.user(f"{self.code_of(node)}-{suffix}")

    def liaison_of(self, node: Procuratorate) -> User:
        """The liaison officer who receives for it (the provincial one: the hierarchy rule)."""
        return self.user(f"{self.code_of(node)}-liaison")

    def next_number(self, node: Procuratorate, when: dt.datetime, series: str) -> str:
        year = timezone.localtime(when).year
        self.registers[(node.pk, year, series)] += 1
        infix = "检协" if series == DocumentRegister.Series.REQUEST else "检协复"
        return f"{node.abbreviation}{infix}〔{year}〕{self.registers[(node.pk, year, series)]}号"

    def times(self, start: dt.datetime, count: int, state: str) -> list[dt.datetime]:
        """When each of `count` steps happened: `start`, then later moments, none in the future.

        An open request's steps run up to a minute ago; a closed one's within a few weeks.
        """
        end = self.now - dt.timedelta(minutes=1)
        if state in (Status.COMPLETED, Status.CONFIRMED, Status.WITHDRAWN):
            end = min(end, start + dt.timedelta(days=self.rng.uniform(3, 45)))
        span = (end - start).total_seconds()
        points = sorted(self.rng.uniform(0.02, 1.0) ** 2 for _ in range(count - 1))
        return [start, *(start + dt.timedelta(seconds=span * p) for p in points)]

    def plan(self, index: int) -> None:
        """Decide one request: its two sides, type, final state and the steps to get there."""
        rng = self.rng
        state, _, (least, most) = rng.choices(STATES, weights=[s[1] for s in STATES])[0]
        pair = index % 30
        source = PROVINCES[pair // 5]
        target = [p for p in PROVINCES if p != source][pair % 5]
        requesting = self.nodes[CITIES[source] if rng.random() < 0.15 else source]
        requested = self.nodes[CITIES[target] if rng.random() < 0.10 else target]
        kind = rng.choices(list(TYPE_WEIGHTS), weights=list(TYPE_WEIGHTS.values()))[0]
        crime, category = rng.choice(CRIMES)
        if kind == RequestType.ECOLOGICAL_RESTORATION:
            crime, category = "非法采砂", CaseCategory.ECOLOGY
        creator = (
            self.user(f"{source.lower()}-liaison")
            if requesting.level == Procuratorate.Level.PROVINCIAL and rng.random() < 0.2
            else self.prosecutor_of(requesting)
        )
        created = self.now - dt.timedelta(days=rng.uniform(least, most))
        urgency = rng.choices(list(Urgency), weights=[80, 15, 5])[0]
        day = timezone.localtime(created).date()
        request = AssistanceRequest(
            request_type=kind,
            status=Status.DRAFT,
            requesting_procuratorate=requesting,
            requested_procuratorate=requested,
            created_by=creator,
            urgency=urgency,
            due_date=day + dt.timedelta(days={"normal": 30, "urgent": 15}.get(urgency, 7)),
            case_name=f"{rng.choice(SURNAMES)}某某{crime}案",
            case_number=f"{requesting.abbreviation}检刑诉〔{day.year}〕{rng.randint(1, 400)}号",
            category=category,
            legal_basis=rng.choice(LEGAL_BASES),
            description=f"因办理本案需要，请贵院依法协助{RequestType(kind).label}相关事项。",
            contact_person=creator.full_name,
            contact_phone=creator.phone,
            needs_venue=SPECS[kind].has_slots,
            needs_equipment=SPECS[kind].has_slots,
            needs_coordination=kind == RequestType.ECOLOGICAL_RESTORATION,
            details=clean_details(kind, raw_details(rng, kind, requested.name_zh[:3], target, day)),
            created_at=created,
        )
        self.requests.append(request)
        self.plans.append({"state": state, "steps": self.steps(request, state)})

    def steps(self, request: AssistanceRequest, state: str) -> list[tuple]:
        """The request's life up to `state`: (action, actor, extra) in order, applied now."""
        rng = self.rng
        creator = request.created_by
        liaison = self.liaison_of(request.requested_procuratorate)
        slots = SPECS[request.request_type].has_slots
        steps = [("create", creator, {})]
        if state == Status.DRAFT:
            return steps
        steps.append(("submit", creator, {}))
        if state == Status.SUBMITTED:
            return steps
        if state == Status.RETURNED:
            reason = rng.choice(ReturnReason.values)
            return [*steps, ("return", liaison, {"reason": reason})]
        if state == Status.WITHDRAWN and rng.random() < 0.5:
            return [*steps, ("withdraw", creator, {})]
        steps.append(("accept", liaison, {}))
        steps.append(("message", liaison, {"body": "已收到，正在安排办理。"}))
        handling = request.requested_procuratorate
        provincial = handling.level == Procuratorate.Level.PROVINCIAL
        if provincial and rng.random() < 0.2:
            handling = self.nodes[CITIES[handling.province]]
            steps.append(("forward", liaison, {"target": handling}))
        handler = self.prosecutor_of(handling)
        if rng.random() < 0.3:
            steps.append(("assign", liaison, {"handler": handler}))
        if rng.random() < 0.4:
            steps.append(("message", creator, {"body": "请尽快安排，如需补充材料请告知。"}))
        if slots and (state != Status.ACCEPTED or rng.random() < 0.5):
            steps.append(("agree_slot", handler if state != Status.ACCEPTED else liaison, {}))
        if state == Status.ACCEPTED:
            return steps
        if state == Status.WITHDRAWN:
            return [*steps, ("withdraw", creator, {})]
        steps.append(("start", handler, {}))
        if rng.random() < 0.3:
            steps.append(("note", handler, {"body": "已与看守所联系，待确认提讯时间。"}))
        if state == Status.IN_PROGRESS:
            if rng.random() < 0.2:
                steps.append(("ask_extension", handler, {}))
            return steps
        completion = rng.choices(list(Completion), weights=[85, 10, 5])[0]
        steps.append(("complete", handler, {"completion": completion}))
        if state == Status.CONFIRMED:
            steps.append(("confirm", creator, {}))
        return steps

    def write(self) -> None:
        """Apply every plan to its request and write all rows in bulk."""
        numbered = []
        for request, plan in zip(self.requests, self.plans, strict=True):
            plan["times"] = self.times(request.created_at, len(plan["steps"]), plan["state"])
            self.apply_scalars(request, plan)
            for (action, _, _), when in zip(plan["steps"], plan["times"], strict=True):
                if action in ("submit", "complete"):
                    numbered.append((when, action, request, plan))
        # Registers hand out numbers in the order letters are issued.
        for when, action, request, plan in sorted(numbered, key=lambda row: row[0]):
            if action == "submit":
                series, issuer = DocumentRegister.Series.REQUEST, request.requesting_procuratorate
                request.number = self.next_number(issuer, when, series)
            else:
                series = DocumentRegister.Series.REPLY
                issuer = request.forwarded_to or request.requested_procuratorate
                plan["reply_number"] = self.next_number(issuer, when, series)
        AssistanceRequest.objects.bulk_create(self.requests, batch_size=BATCH)
        slots, events, messages, letters, extensions, attachments = [], [], [], [], [], []
        slot_rows = {}
        for request in self.requests:
            if SPECS[request.request_type].has_slots:
                day = request.created_at + dt.timedelta(days=self.rng.randint(5, 15))
                base = timezone.localtime(day).replace(hour=9, minute=0, second=0, microsecond=0)
                rows = [
                    ProposedSlot(
                        request=request, starts_at=start, ends_at=start + dt.timedelta(hours=2)
                    )
                    for start in (base, base + dt.timedelta(hours=5), base + dt.timedelta(days=1))[
                        : self.rng.randint(1, 3)
                    ]
                ]
                slot_rows[request.pk] = rows
                slots.extend(rows)
        ProposedSlot.objects.bulk_create(slots, batch_size=BATCH)
        agreed = []
        for request, plan in zip(self.requests, self.plans, strict=True):
            snapshot = {"handler_id": None, "forwarded_to_id": None}
            for (action, actor, extra), when in zip(plan["steps"], plan["times"], strict=True):
                events.append(
                    self.event(request, snapshot, action, actor, extra, when, slot_rows, agreed)
                )
                side = (
                    Side.REQUESTING
                    if actor.procuratorate_id == request.requesting_procuratorate_id
                    or actor == request.created_by
                    else Side.REQUESTED
                )
                if action in ("message", "note"):
                    messages.append(
                        RequestMessage(
                            request=request,
                            author=actor,
                            side=side,
                            internal=action == "note",
                            body=extra["body"],
                            created_at=when,
                        )
                    )
                elif action == "submit":
                    letters.append(self.letter(request, Letter.Kind.REQUEST, request.number, when))
                    if self.rng.random() < 0.6:
                        attachments.append(
                            self.attachment(request, actor, side, "立案决定书.pdf", when)
                        )
                elif action == "complete":
                    replier = request.forwarded_to or request.requested_procuratorate
                    number = plan["reply_number"]
                    letters.append(self.letter(request, Letter.Kind.REPLY, number, when, replier))
                    attachments.append(self.attachment(request, actor, side, "讯问笔录.pdf", when))
                elif action == "ask_extension":
                    extensions.append(
                        DeadlineExtension(
                            request=request,
                            asked_by=actor,
                            proposed_due_date=request.due_date + dt.timedelta(days=15),
                            reason="银行调取手续需省级分行审批。",
                            created_at=when,
                        )
                    )
        AssistanceRequest.objects.bulk_update(agreed, ["agreed_slot"], batch_size=BATCH)
        RequestEvent.objects.bulk_create(events, batch_size=BATCH)
        RequestMessage.objects.bulk_create(messages, batch_size=BATCH)
        Letter.objects.bulk_create(letters, batch_size=BATCH)
        DeadlineExtension.objects.bulk_create(extensions, batch_size=BATCH)
        RequestAttachment.objects.bulk_create(attachments, batch_size=BATCH)
        DocumentRegister.objects.bulk_create(
            [
                DocumentRegister(procuratorate_id=pk, year=year, series=series, last_number=last)
                for (pk, year, series), last in self.registers.items()
            ],
            update_conflicts=True,
            unique_fields=["procuratorate", "year", "series"],
            update_fields=["last_number"],
        )
        # As `render_letter` names the issued PDFs; `updated_at` is the time of the last step
        # (bulk_create stamps every row with now).
        first = self.requests[0].pk
        Letter.objects.filter(request_id__gte=first).update(
            file=Concat(
                Value("letters/"),
                F("kind"),
                Value("-"),
                F("request_id"),
                Value("-"),
                F("id"),
                Value(".pdf"),
                output_field=CharField(),
            )
        )
        last_step = (
            RequestEvent.objects.filter(request=OuterRef("pk"))
            .values("request")
            .annotate(last=Max("created_at"))
            .values("last")
        )
        AssistanceRequest.objects.filter(pk__gte=first).update(updated_at=Subquery(last_step))
        # Statistics for the planner, and the visibility map autovacuum would have set by now.
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")

    def apply_scalars(self, request: AssistanceRequest, plan: dict) -> None:
        """Set the request's own columns as its steps leave them."""
        for (action, actor, extra), when in zip(plan["steps"], plan["times"], strict=True):
            if action == "submit":
                request.submitted_at = when
                request.status = Status.SUBMITTED
            elif action == "return":
                request.status = Status.RETURNED
                request.return_reason = extra["reason"]
                request.return_comment = "请补充判决书及相关法律文书。"
            elif action == "accept":
                request.status = Status.ACCEPTED
            elif action == "forward":
                request.forwarded_to = extra["target"]
                request.handler = None
            elif action == "assign":
                request.handler = extra["handler"]
            elif action == "start":
                request.status = Status.IN_PROGRESS
                if request.handler_id is None:
                    request.handler = actor
            elif action == "agree_slot":
                request.agreed_venue = "远程视频讯问室"
                request.agreed_equipment = "远程视频系统、同步录音录像设备"
            elif action == "complete":
                request.status = Status.COMPLETED
                request.reply_completion = extra["completion"]
                request.reply_result = "已按请求事项办理完毕，相关笔录及材料随函附送。"
                if extra["completion"] != Completion.FULL:
                    request.reply_alternative = "部分人员已离开本地，改为调取书面材料。"
                request.completed_at = when
            elif action == "confirm":
                request.status = Status.CONFIRMED
            elif action == "withdraw":
                request.status = Status.WITHDRAWN

    def event(self, request, snapshot, action, actor, extra, when, slot_rows, agreed):
        """The timeline row of one step, with the tracked fields it changed."""
        before = dict(snapshot)
        changes, comment = {}, ""
        from_status = snapshot.get("status", "") if action != "create" else ""
        to_status = {
            "create": Status.DRAFT,
            "submit": Status.SUBMITTED,
            "return": Status.RETURNED,
            "accept": Status.ACCEPTED,
            "start": Status.IN_PROGRESS,
            "complete": Status.COMPLETED,
            "confirm": Status.CONFIRMED,
            "withdraw": Status.WITHDRAWN,
        }.get(action, from_status)
        if action == "return":
            changes["return_reason"] = ["", request.return_reason]
            comment = request.return_comment
        elif action == "forward":
            snapshot["forwarded_to_id"] = extra["target"].pk
            snapshot["handler_id"] = None
        elif action == "assign":
            snapshot["handler_id"] = extra["handler"].pk
        elif action == "start" and snapshot["handler_id"] is None:
            snapshot["handler_id"] = actor.pk
        elif action == "agree_slot":
            slot = slot_rows[request.pk][0]
            request.agreed_slot = slot
            agreed.append(request)
            changes = {
                "agreed_slot_id": [None, slot.pk],
                "agreed_venue": ["", request.agreed_venue],
                "agreed_equipment": ["", request.agreed_equipment],
            }
        elif action == "complete":
            changes = {
                "reply_completion": ["", request.reply_completion],
                "reply_result": ["", request.reply_result],
            }
            if request.reply_alternative:
                changes["reply_alternative"] = ["", request.reply_alternative]
                comment = request.reply_alternative
        elif action in ("message", "note"):
            comment = extra["body"]
        elif action == "ask_extension":
            comment = "银行调取手续需省级分行审批。"
        elif action == "withdraw":
            comment = "案件已作撤案处理。"
        elif action == "confirm":
            comment = "已收悉，谢谢协助。"
        for name in ("forwarded_to_id", "handler_id"):
            if before[name] != snapshot[name]:
                changes[name] = [before[name], snapshot[name]]
        snapshot["status"] = to_status
        return RequestEvent(
            request=request,
            actor=actor,
            action=action,
            from_status=from_status,
            to_status=to_status,
            comment=comment,
            changes=changes,
            created_at=when,
        )

    def letter(self, request, kind, number, when, issuer=None) -> Letter:
        return Letter(
            request=request,
            kind=kind,
            number=number,
            issuer=issuer or request.requesting_procuratorate,
            state=Letter.State.ISSUED,
            created_at=when,
            issued_at=when + dt.timedelta(seconds=self.rng.uniform(1, 20)),
        )

    def attachment(self, request, actor, side, name, when) -> RequestAttachment:
        return RequestAttachment(
            request=request,
            uploaded_by=actor,
            side=side,
            file=f"requests/{request.pk}/{self.rng.getrandbits(128):032x}",
            original_name=name,
            content_type="application/pdf",
            size=self.rng.randint(40_000, 3_000_000),
            created_at=when,
        )


def percentile_95(samples: list[float]) -> float:
    return statistics.quantiles(samples, n=20)[-1]


class SQLTimer:
    """Every query of a request with its exact time (CaptureQueriesContext rounds to 1 ms)."""

    def __init__(self):
        self.queries: list[tuple[str, tuple, float]] = []

    def __call__(self, execute, sql, params, many, context):
        began = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.queries.append((sql, params, (time.perf_counter() - began) * 1000))

    @property
    def total_ms(self) -> float:
        return sum(ms for _, _, ms in self.queries)


def measure(client: Client, url: str) -> dict:
    """Median and p95 of the server time of `url`, and its SQL queries (one more request)."""
    for _ in range(WARM_UP):
        response = client.get(url)
        if response.status_code != 200:
            raise SystemExit(f"{url} answered {response.status_code}")
    samples, cpu = [], []
    for _ in range(RUNS):
        began, began_cpu = time.perf_counter(), time.process_time()
        client.get(url)
        samples.append((time.perf_counter() - began) * 1000)
        cpu.append((time.process_time() - began_cpu) * 1000)
    timer = SQLTimer()
    with CaptureQueriesContext(connection) as queries, connection.execute_wrapper(timer):
        response = client.get(url)
    return {
        "median": statistics.median(samples),
        "p95": percentile_95(samples),
        "cpu": statistics.median(cpu),
        "queries": len(queries.captured_queries),
        "sql_ms": timer.total_ms,
        "timer": timer,
        "bytes": len(response.content),
    }


def signed_in(user: User) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="zh-hans")
    client.force_login(user)
    return client


def main() -> None:
    old_config = setup_databases(
        verbosity=0, interactive=False, keepdb=KEEP, serialized_aliases=set()
    )
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    try:
        if AssistanceRequest.objects.count() < REQUESTS:
            build()
        # The pages are timed in a process prepared as each web-server worker is, holding what
        # a server holds (not the 10,000 requests just built: `build`'s objects are gone).
        warm_up()
        report()
    finally:
        if not KEEP:
            teardown_databases(old_config, verbosity=0)


def build() -> None:
    """Load the demo and write the 10,000 requests (see `Builder`)."""
    began = time.perf_counter()
    call_command("load_demo", stdout=StringIO())
    builder = Builder(random.Random(SEED))  # noqa: S311 - test data
    for index in range(REQUESTS):
        builder.plan(index)
    builder.write()
    states = Counter(r.status for r in builder.requests)
    print(
        f"{AssistanceRequest.objects.count()} requests, {RequestEvent.objects.count()} events, "
        f"{RequestMessage.objects.count()} messages, {ProposedSlot.objects.count()} slots, "
        f"{Letter.objects.count()} letters in {time.perf_counter() - began:.0f} s; "
        f"PostgreSQL {connection.pg_version}; load average "
        + " ".join(f"{load:.1f}" for load in os.getloadavg())
    )
    print("states: " + ", ".join(f"{s} {n}" for s, n in sorted(states.items())))


def report() -> None:
    liaison = User.objects.get(username="qh-liaison")
    handler = User.objects.get(username="qh-prosecutor")
    received = Procuratorate.objects.get(code="QH")
    # A request of Qinghai's prosecutor at work: a remote interrogation in progress with slots,
    # messages and a timeline, as its handler opens it.
    detail = (
        AssistanceRequest.objects.filter(
            requested_procuratorate=received,
            forwarded_to=None,
            handler=handler,
            status=Status.IN_PROGRESS,
            request_type=RequestType.REMOTE_INTERROGATION,
        )
        .order_by("-created_at")
        .first()
    )
    in_box = AssistanceRequest.objects.filter(requested_procuratorate__province="QH").exclude(
        status=Status.DRAFT
    )
    print(
        f"qh-liaison's received box: {in_box.count()} requests; detail page: request "
        f"{detail.pk} ({detail.events.count()} events, {detail.messages.count()} messages); "
        "load average " + " ".join(f"{load:.1f}" for load in os.getloadavg())
    )
    pages = [
        ("received list", "/requests/received/", liaison, TARGET_LIST_MS),
        (
            "received ?status=accepted",
            "/requests/received/?status=accepted",
            liaison,
            TARGET_LIST_MS,
        ),
        ("received search ?q=", "/requests/received/?q=集资", liaison, TARGET_LIST_MS),
        ("detail (handler)", f"/requests/{detail.pk}/", handler, TARGET_DETAIL_MS),
        ("detail (liaison)", f"/requests/{detail.pk}/", liaison, TARGET_DETAIL_MS),
        ("API ?box=received", "/api/v1/requests/?box=received", liaison, TARGET_LIST_MS),
    ]
    clients = {user.pk: signed_in(user) for _, _, user, _ in pages}
    users = {label: user for label, _, user, _ in pages}
    results = []
    print(
        f"\n{'page':<28} {'user':<14} {'median':>7} {'p95':>7} {'target':>7} {'':<6} "
        f"{'queries':>7} {'SQL ms':>7} {'CPU ms':>7} {'KiB':>5}   "
        f"(ms, {RUNS} runs after {WARM_UP} warm-up)"
    )
    for label, url, user, target in pages:
        result = measure(clients[user.pk], url)
        results.append((label, url, result, target))
        verdict = "ok" if result["p95"] <= target else "MISSED"
        print(
            f"{label:<28} {user.username:<14} {result['median']:>7.1f} {result['p95']:>7.1f} "
            f"{'≤' + str(target):>7} {verdict:<6} {result['queries']:>7} "
            f"{result['sql_ms']:>7.1f} {result['cpu']:>7.1f} {result['bytes'] // 1024:>5}"
        )
    for label, url, result, target in results:
        if result["p95"] > target:
            explain(label, url, clients[users[label].pk], result)
    letter = Letter.objects.select_related("request", "issuer").get(
        request=detail, kind=Letter.Kind.REQUEST
    )
    samples = letter_times(letter)
    suspect = detail.details["suspect_name"]
    print(
        f"\nletter PDF of {letter.number}, suspect {suspect} "
        f"({len(letter_pdf(letter)) // 1024} KiB): median "
        f"{statistics.median(samples):.1f} ms, p95 {percentile_95(samples):.1f} ms over "
        f"{len(samples)} renders (target: median ≤ 150 ms)"
    )


def letter_times(letter: Letter) -> list[float]:
    """Milliseconds of rendering one request's letter, after a warm-up (fonts loaded)."""
    for _ in range(3):
        letter_pdf(letter)
    samples = []
    for _ in range(LETTER_RUNS):
        began = time.perf_counter()
        letter_pdf(letter)
        samples.append((time.perf_counter() - began) * 1000)
    return samples


def explain(label: str, url: str, client: Client, result: dict) -> None:
    """Why a page missed its target: where its time goes, and the plan of its slowest query."""
    print(
        f"\n{label} ({url}) missed its target: SQL {result['sql_ms']:.1f} ms in "
        f"{result['queries']} queries of a {result['median']:.1f} ms median; profiled:"
    )
    for name, share in profile_shares(client, url):
        print(f"  {share:5.1%}  {name}")
    sql, params, ms = max(result["timer"].queries, key=lambda query: query[2])
    if not sql.lstrip().upper().startswith("SELECT"):
        return
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN ANALYZE " + sql, params)
        plan = [row[0] for row in cursor.fetchall()]
    print(f"  slowest query ({ms:.1f} ms from Python): {sql[:120]}…")
    execution = float(plan[-1].split()[-2])
    if execution < 2:  # the server's part is small: the time is the ORM's and the driver's
        print(f"    {plan[-2].strip()}, {plan[-1].strip()}")
        return
    for line in plan[:30]:
        print(f"    {line[:150]}")


# What the profile summary names: the project's own functions, and these of the libraries.
PROFILED = {
    ("shortcuts.py", "render"): "template rendering (django.shortcuts.render)",
    ("response.py", "rendered_content"): "JSON rendering (DRF Response.rendered_content)",
    ("serializers.py", "data"): "serializers (DRF Serializer.data)",
    ("paginator.py", "count"): "paginator count",
    ("~", "<method 'execute' of 'psycopg2.extensions.cursor' objects>"): "SQL (psycopg2 execute)",
}


def profile_shares(client: Client, url: str, runs: int = 20) -> list[tuple[str, float]]:
    """The share of the profiled time spent in the page's main functions, largest first."""
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(runs):
        client.get(url)
    profiler.disable()
    stats = pstats.Stats(profiler).stats
    total = max(cumulative for _, _, _, cumulative, _ in stats.values())
    project = str(HERE.parent) + os.sep
    shares = {}
    for (filename, _, function), (_, _, _, cumulative, _) in stats.items():
        label = PROFILED.get((Path(filename).name if filename != "~" else "~", function))
        if filename.startswith(project) and ".venv" not in filename and "bench" not in filename:
            label = f"{filename.removeprefix(project)}:{function}"
        if label:
            shares[label] = max(shares.get(label, 0), cumulative / total)
    return sorted(shares.items(), key=lambda item: item[1], reverse=True)[:10]


if __name__ == "__main__":
    main()
