"""Demo assistance requests in every state, an active joint task force and a decided
jurisdiction consultation, made through the same services as real ones."""

import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from cases.demo_joint_work import (
    DEMO_PDF,
    RESTORATION_CASE,
    at,
    load_consultation,
    load_referral,
    load_task_force,
    place,
    restoration,
    user,
)
from cases.models import (
    AssistanceRequest,
    Restoration,
    Status,
)
from cases.requests import services
from portal.models import Procuratorate, SigningDelegation
from portal.signoff import signing_delegation_create

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
        "张某某非法吸收公众存款案",
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
    # Letters at each stage of sign-off (拟稿 is the draft above), one signed by a deputy, and
    # one re-sent after a return as a second version of its letter.
    ("演示-10", "information_query", "gs-prosecutor", "QH", "drugs", "毛某贩卖毒品案", "in_review"),
    (
        "演示-11",
        "witness_questioning",
        "nx-prosecutor",
        "GS",
        "illegal_fundraising",
        "某投资公司非法吸收公众存款案",
        "awaiting_signature",
    ),
    (
        "演示-12",
        "information_query",
        "sn-prosecutor",
        "XJ",
        "cybercrime",
        "黄某某电信网络诈骗案",
        "delegated",
    ),
    (
        "演示-13",
        "evidence_gathering",
        "qh-prosecutor",
        "NX",
        "production_safety",
        "某矿业公司重大责任事故案",
        "corrected",
    ),
    # A request sent, accepted and forwarded, to which Gansu sent a 补充函 (signed off, issued).
    (
        "演示-14",
        "evidence_gathering",
        "gs-prosecutor",
        "QH",
        "illegal_fundraising",
        "杨某某集资诈骗案",
        "supplemented",
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
    referrals = load_referral()
    return (
        f"{AssistanceRequest.objects.count()} assistance requests ({made} new), "
        f"{Restoration.objects.count()} restorations, {teams}, {consultations}, {referrals}"
    )


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
    if story == "in_review":
        return
    if story == "awaiting_signature":
        act(
            user=user(f"{requester.procuratorate.code.lower()}-head"),
            request=request,
            action="review",
        )
        return
    request = sign_off(request, delegated=story == "delegated")
    liaison = user(f"{code}-liaison")
    if story in {"submitted", "delegated"}:
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
    if story == "corrected":
        request = act(
            user=liaison,
            request=request,
            action="return",
            reason="incomplete",
            comment="请补充调取证据的具体范围。",
        )
        request.description += "调取范围：2025年1月至2026年3月的安全生产检查记录。"
        request = act(
            user=requester,
            request=request,
            action="edit",
            data={"description": request.description},
        )
        request = act(user=requester, request=request, action="submit")
        sign_off(request)
        return
    request = act(user=liaison, request=request, action="accept")
    act(user=liaison, request=request, action="message", comment="已收到，正在安排办理。")
    if story == "supplemented":
        supplement(request, requester, liaison)
        return
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
    request = sign_off(request)
    if story == "confirmed":
        act(user=requester, request=request, action="confirm", comment="已收悉，谢谢协助。")


def supplement(request, requester, liaison):
    """Forwarded to Xining; Gansu adds an account found since, by a 补充函 through 核稿 and
    签发 (copied to Xining, which handles the request)."""
    city = Procuratorate.objects.get(code="QH-XN")
    request = services.request_transition(
        user=liaison, request=request, action="forward", target=city
    )
    services.request_transition(
        user=requester,
        request=request,
        action="draft_supplement",
        kind="supplement",
        body="经进一步侦查，发现涉案资金另经青海某商贸有限公司账户（开户行：青海银行西宁分行）"
        "转移，请一并调取该账户2025年1月至今的交易流水。",
    )
    letter = request.supplements.get()
    for person, step in [(requester, "submit"), ("gs-head", "review"), ("gs-chief", "sign_off")]:
        person = user(person) if isinstance(person, str) else person
        letter = services.supplement_transition(user=person, supplement=letter, action=step)


def sign_off(request, *, delegated=False):
    """Carry the letter in sign-off through 核稿 and 签发 at its procuratorate: the department
    head reviews (where 核稿 is on), the chief signs, or the deputy the chief delegated to."""
    issuer = services.signing_procuratorate(request)
    province = issuer.province.lower()
    if request.status in {Status.IN_REVIEW, Status.REPLY_IN_REVIEW}:
        request = act_as(user(f"{province}-head"), request, "review")
    chief = user(f"{province}-city-chief" if issuer.parent_id else f"{province}-chief")
    signer = chief
    if delegated:
        signer = user(f"{province}-liaison")
        if not SigningDelegation.objects.filter(delegate=signer).exists():
            today = timezone.localdate()
            signing_delegation_create(
                user=chief,
                delegate=signer,
                valid_from=today,
                valid_until=today + dt.timedelta(days=30),
            )
    return act_as(signer, request, "sign_off")


def act_as(person, request, action):
    return services.request_transition(user=person, request=request, action=action)
