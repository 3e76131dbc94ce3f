"""Demo assistance requests in every state, an active joint task force and a decided
jurisdiction consultation, made through the same services as real ones."""

import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from cases import services
from cases.models import (
    AssistanceRequest,
    Consultation,
    ConsultationMessage,
    Restoration,
    TaskForce,
    TeamRole,
)
from portal.models import Procuratorate, User

DEMO_PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def user(name: str) -> User:
    return User.objects.get(username=name)


def place(code: str) -> Procuratorate:
    return Procuratorate.objects.get(code=code)


def at(days: int, hour: int) -> dt.datetime:
    day = timezone.localdate() + dt.timedelta(days=days)
    return dt.datetime.combine(day, dt.time(hour), tzinfo=timezone.get_current_timezone())


DETAILS = {
    "remote_interrogation": {
        "suspect_name": "李明华",
        "suspect_id_number": "11010519491231002X",
        "detention_place": "西宁市第一看守所",
        "questions": "1. 资金来源与去向；2. 同案人员分工；3. 涉案账户控制情况。",
        "video_link": True,
    },
    "witness_questioning": {
        "witness_name": "马文杰",
        "witness_id_number": "",
        "witness_address": "宁夏银川市兴庆区",
        "questions": "案发当晚所见情况；与犯罪嫌疑人的关系。",
        "video_link": True,
    },
    "evidence_gathering": {
        "evidence_sought": "涉案公司 2024 年至 2026 年银行流水及会计凭证。",
        "evidence_location": "甘肃省兰州市城关区某银行支行",
        "method": "调取书证，制作调取证据清单",
    },
    "information_query": {
        "query_subject": "西安某商贸有限公司",
        "query_content": "工商登记信息、股东变更记录及行政处罚记录。",
        "purpose": "核实涉案公司实际控制人",
    },
    "probation_supervision": {
        "person_name": "周某",
        "person_id_number": "",
        "judgment": "银川市兴庆区人民法院（2026）宁0104刑初123号",
        "probation_start": "2026-03-01",
        "probation_end": "2027-02-28",
        "residence": "新疆生产建设兵团第十二师",
    },
    "juvenile_education": {
        "juvenile_name": "陈小明",
        "juvenile_id_number": "",
        "guardian_name": "陈建国",
        "guardian_phone": "13800000000",
        "residence": "乌鲁木齐市沙依巴克区",
        "education_plan": "每月一次心理辅导与法治教育，联系学校落实复学。",
    },
    "procuratorial_suggestion": {
        "addressee_unit": "西安市某区市场监督管理局",
        "problems_found": "对网络食品销售平台入网审查不严。",
        "suggested_measures": "建立平台入网商户定期核查机制。",
    },
    "ecological_restoration": {
        "damage_place": "青海省海东市某河段",
        "damage_description": "非法采砂造成河道及岸坡植被破坏约 3 公顷。",
        "proposed_measures": "补植复绿、恢复河道原貌，由侵权人承担修复费用。",
    },
}

# (case number, type, requester, requested, category, case name, what happens)
STORIES = [
    (
        "演示-01",
        "remote_interrogation",
        "gs-prosecutor",
        "QH",
        "illegal_fundraising",
        "张某某非法集资案",
        "confirmed",
    ),
    (
        "演示-02",
        "evidence_gathering",
        "sn-prosecutor",
        "GS",
        "illegal_fundraising",
        "王某某集资诈骗案",
        "in_progress",
    ),
    (
        "演示-03",
        "witness_questioning",
        "xj-prosecutor",
        "NX",
        "organized_crime",
        "马某某等人寻衅滋事案",
        "accepted",
    ),
    (
        "演示-04",
        "information_query",
        "qh-prosecutor",
        "SN",
        "cybercrime",
        "赵某某帮助信息网络犯罪活动案",
        "submitted",
    ),
    (
        "演示-05",
        "probation_supervision",
        "nx-prosecutor",
        "BT",
        "road_traffic",
        "周某交通肇事案",
        "returned",
    ),
    (
        "演示-06",
        "juvenile_education",
        "bt-prosecutor",
        "XJ",
        "juvenile",
        "陈某某盗窃案",
        "completed",
    ),
    (
        "演示-07",
        "procuratorial_suggestion",
        "gs-prosecutor",
        "SN",
        "food_drug_safety",
        "网络食品安全公益诉讼案",
        "withdrawn",
    ),
    (
        "演示-08",
        "ecological_restoration",
        "sn-prosecutor",
        "QH",
        "ecology",
        "非法采砂生态破坏案",
        "draft",
    ),
    (
        "演示-09",
        "evidence_gathering",
        "xj-prosecutor",
        "GS",
        "cultural_relics",
        "刘某某倒卖文物案",
        "overdue",
    ),
]


def load() -> str:
    """Create the demo requests once; a second run changes nothing."""
    made = 0
    for case_number, kind, requester, requested, category, case_name, story in STORIES:
        if AssistanceRequest.objects.filter(case_number=case_number).exists():
            continue
        tell(case_number, kind, user(requester), place(requested), category, case_name, story)
        made += 1
    if not Restoration.objects.filter(case_number=RESTORATION_CASE).exists():
        restoration()
    teams = load_task_force()
    consultations = load_consultation()
    return (
        f"{AssistanceRequest.objects.count()} assistance requests ({made} new), "
        f"{Restoration.objects.count()} restorations, {teams}, {consultations}"
    )


RESTORATION_CASE = "演示-生态-01"
DEMO_PHOTO = b"\x89PNG\r\n\x1a\n demo photo"


def restoration() -> None:
    """A restoration in progress: a Gansu case whose damage lies in Xining, with measures in
    every state (one verified, one awaiting verification, one under way and late, one planned)."""
    handler, verifier = user("gs-prosecutor"), user("qh-city-prosecutor")
    today = timezone.localdate()
    item = services.restoration_create(
        user=handler,
        data={
            "case_name": "李某某等人非法采矿破坏湟水河生态案",
            "case_number": RESTORATION_CASE,
            "category": "ecology",
            "damage_place": "青海省西宁市湟水河北川段",
            "damage_description": "非法采砂致河道约 3 公顷受损，岸坡植被破坏，鱼类栖息地受影响。",
            "damage_procuratorate": place("QH-XN"),
        },
    )
    measures = [
        ("eliminate_pollution", "清理河道堆积砂石及废弃物", "北川段 2 号采砂坑", -40, "verified"),
        ("replanting", "补植青海云杉 2000 株、沙棘 5000 丛", "北川段北岸坡地", -5, "done"),
        ("restocking_fish", "增殖放流花斑裸鲤鱼苗 5 万尾", "湟水河北川段", -3, "in_progress"),
        ("land_reclamation", "回填采砂坑并复垦为林地", "北川段 1 号、2 号采砂坑", 120, "planned"),
        ("compensation", "缴纳生态环境损害赔偿金 86 万元", "西宁市生态修复专户", 60, "planned"),
    ]
    for kind, description, location, days, state in measures:
        measure = services.restoration_add_measure(
            user=handler,
            restoration=item,
            data={
                "kind": kind,
                "description": description,
                "location": location,
                "responsible_party": "李某某等 3 人",
                "deadline": today + dt.timedelta(days=days),
            },
        )
        if state == "planned":
            continue
        services.measure_transition(user=handler, measure=measure, action="start")
        if state == "in_progress":
            continue
        services.measure_attach_evidence(
            user=handler,
            measure=measure,
            upload=SimpleUploadedFile("修复现场照片.png", DEMO_PHOTO, "image/png"),
        )
        services.measure_transition(user=handler, measure=measure, action="finish")
        if state == "verified":
            services.measure_attach_evidence(
                user=verifier,
                measure=measure,
                upload=SimpleUploadedFile("验收报告.pdf", DEMO_PDF, "application/pdf"),
            )
            services.measure_transition(user=verifier, measure=measure, action="verify")


TASK_FORCE_NAME = "“2026·丝路”跨省电信网络诈骗联合办案组"


def load_task_force() -> str:
    """An active task force led by Gansu with members from Shaanxi and Xinjiang."""
    if TaskForce.objects.filter(name=TASK_FORCE_NAME).exists():
        return f"{TaskForce.objects.count()} task forces (0 new)"
    leader, deputy, member = user("gs-prosecutor"), user("sn-prosecutor"), user("xj-prosecutor")
    task_force = services.task_force_propose(
        user=leader,
        data={
            "name": TASK_FORCE_NAME,
            "category": "cybercrime",
            "purpose": (
                "犯罪团伙在甘肃、陕西、新疆三地设立窝点，以虚假投资平台实施电信网络诈骗，"
                "涉案金额逾八千万元。经甘肃省人民检察院提议，统一调用三省（区）检察人员"
                "组成联合办案组，提前介入、引导侦查取证，统一证据标准。"
            ),
        },
        members=[
            (deputy, TeamRole.DEPUTY),
            (member, TeamRole.MEMBER),
            (user("gs-city-prosecutor"), TeamRole.MEMBER),
        ],
        case_name="王某某等人电信网络诈骗案",
        case_number="甘检刑诉〔2026〕31号",
    )
    task_force = services.task_force_decide(
        user=user("gs-chief"), task_force=task_force, approve=True, comment="同意成立。"
    )
    services.task_force_add_case(
        user=leader, task_force=task_force, name="李某某帮助信息网络犯罪活动案", number=""
    )
    today = timezone.localdate()
    done = services.task_force_add_task(
        user=leader,
        task_force=task_force,
        title="梳理三地涉案银行账户资金流向",
        assignee=member,
        due_date=today + dt.timedelta(days=3),
    )
    services.task_force_complete_task(user=member, task=done)
    services.task_force_add_task(
        user=leader,
        task_force=task_force,
        title="审查西安窝点电子数据提取笔录",
        assignee=deputy,
        due_date=today + dt.timedelta(days=10),
    )
    services.task_force_post(
        user=leader, task_force=task_force, body="请各成员于本周五前报送本地证据清单。"
    )
    services.task_force_post(
        user=member, task_force=task_force, body="乌鲁木齐窝点资金流水已调取，已上传。"
    )
    document = services.task_force_upload(
        user=member,
        task_force=task_force,
        upload=SimpleUploadedFile("乌鲁木齐窝点资金流水.pdf", DEMO_PDF, "application/pdf"),
    )
    services.task_force_document_for_download(
        user=deputy, task_force_pk=task_force.pk, document_pk=document.pk
    )
    raised = AssistanceRequest.objects.filter(case_number="演示-02").first()
    if raised is not None and raised.task_force_id is None:
        services.task_force_link_request(user=deputy, task_force=task_force, request=raised)
    return f"{TaskForce.objects.count()} task forces (1 new)"


CONSULTATION_SUBJECT = "马某某等人跨省贩卖毒品案"


def load_consultation() -> str:
    """A consultation between Ningxia and Xinjiang, decided and signed by both."""
    if Consultation.objects.filter(subject=CONSULTATION_SUBJECT).exists():
        return f"{Consultation.objects.count()} consultations (0 new)"
    opener, other = user("nx-prosecutor"), user("xj-prosecutor")
    consultation = services.consultation_open(
        user=opener,
        data={
            "subject": CONSULTATION_SUBJECT,
            "case_number": "宁检刑诉〔2026〕12号",
            "category": "drugs",
            "dispute": Consultation.Dispute.BOTH_CLAIM,
            "facts": (
                "犯罪嫌疑人马某某等人自2025年起在银川、乌鲁木齐两地贩卖甲基苯丙胺，"
                "银川市、乌鲁木齐市公安机关先后立案侦查。"
            ),
            "due_date": timezone.localdate() + dt.timedelta(days=10),
        },
        parties=[place("XJ")],
        position="claims",
        reasons="主要犯罪地、毒品来源地在宁夏，主要证据在银川。",
    )
    services.consultation_state_position(
        user=other,
        consultation=consultation,
        position="claims",
        reasons="犯罪嫌疑人在乌鲁木齐被抓获，部分毒品在新疆查获。",
    )
    services.consultation_post(
        user=other,
        consultation=consultation,
        kind=ConsultationMessage.Kind.MEETING,
        held_on=timezone.localdate() - dt.timedelta(days=1),
        body="双方视频会商，一致认为由主要犯罪地检察机关管辖更为适宜，新疆方面移送已收集证据。",
    )
    services.consultation_decide(
        user=opener,
        consultation=consultation,
        handling_procuratorate=place("NX"),
        reasons="主要犯罪地在宁夏，由宁夏回族自治区人民检察院管辖更有利于查明案件事实。",
    )
    for chief in ("xj-chief", "nx-chief"):
        services.consultation_sign(user=user(chief), consultation=consultation)
    return f"{Consultation.objects.count()} consultations (1 new)"


def tell(case_number, kind, requester, requested, category, case_name, story):
    act = services.request_transition
    code = requested.code.lower()
    request = services.request_create(
        user=requester,
        data={
            "request_type": kind,
            "requested_procuratorate": requested,
            "urgency": "urgent" if story in {"accepted", "overdue"} else "normal",
            "due_date": timezone.localdate() + dt.timedelta(days=25),
            "case_name": case_name,
            "case_number": case_number,
            "category": category,
            "legal_basis": "《中华人民共和国刑事诉讼法》《人民检察院刑事诉讼规则》",
            "description": f"因办理{case_name}需要，请贵院依法协助。",
            "contact_person": requester.full_name,
            "contact_phone": "0931-8888888",
            "needs_venue": kind in {"remote_interrogation", "witness_questioning"},
            "needs_equipment": kind in {"remote_interrogation", "witness_questioning"},
            "needs_coordination": kind == "ecological_restoration",
        },
        details=dict(DETAILS[kind]),
        slots=[(at(8, 9), at(8, 11)), (at(9, 14), at(9, 16))],
        upload=SimpleUploadedFile("立案决定书.pdf", DEMO_PDF, "application/pdf"),
    )
    if story == "draft":
        return
    request = act(user=requester, request=request, action="submit")
    liaison = user(f"{code}-liaison")
    if story == "submitted":
        return
    if story == "overdue":
        AssistanceRequest.objects.filter(pk=request.pk).update(
            due_date=timezone.localdate() - dt.timedelta(days=3)
        )
        return
    if story == "withdrawn":
        act(user=requester, request=request, action="withdraw", comment="案件已作撤案处理。")
        return
    if story == "returned":
        act(
            user=liaison,
            request=request,
            action="return",
            reason="incomplete",
            comment="请补充判决书及社区矫正决定书。",
        )
        return
    request = act(user=liaison, request=request, action="accept")
    act(user=liaison, request=request, action="message", comment="已收到，正在安排办理。")
    handler = liaison
    if story == "confirmed":
        city = Procuratorate.objects.get(code=f"{requested.code}-XN")
        request = act(user=liaison, request=request, action="forward", target=city)
        handler = user(f"{code}-city-prosecutor")
    if story == "accepted":
        slot = request.proposed_slots.first()
        act(
            user=liaison,
            request=request,
            action="agree_slot",
            slot=slot,
            venue="银川市人民检察院远程视频询问室",
            equipment="远程视频系统、同步录音录像设备",
        )
        return
    request = act(user=handler, request=request, action="start")
    if story == "in_progress":
        act(
            user=handler,
            request=request,
            action="ask_extension",
            proposed_due_date=request.due_date + dt.timedelta(days=15),
            comment="银行调取手续需省级分行审批。",
        )
        return
    if kind == "remote_interrogation":
        request = act(
            user=handler,
            request=request,
            action="agree_slot",
            slot=request.proposed_slots.first(),
            venue="西宁市人民检察院讯问室",
            equipment="远程视频讯问系统",
        )
    request = act(
        user=handler,
        request=request,
        action="complete",
        result="已按请求事项办理完毕，相关笔录及材料随函附送。",
        completion="full",
        upload=SimpleUploadedFile("讯问笔录.pdf", DEMO_PDF, "application/pdf"),
    )
    if story == "confirmed":
        act(user=requester, request=request, action="confirm", comment="已收悉，谢谢协助。")
