"""The demo's joint work beyond requests: a restoration in progress, an active task force, a
decided jurisdiction consultation and one referred to the superior procuratorate, with the
helpers every demo step uses."""

import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from cases.consultations import referral as consultation_referral, services as consultation_services
from cases.models import (
    AssistanceRequest,
    Consultation,
    ConsultationMessage,
    TaskForce,
    TeamRole,
)
from cases.restorations import services as restoration_services
from cases.task_forces import services as task_force_services
from portal.models import Procuratorate, User

DEMO_PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def user(name: str) -> User:
    return User.objects.get(username=name)


def place(code: str) -> Procuratorate:
    return Procuratorate.objects.get(code=code)


def at(days: int, hour: int) -> dt.datetime:
    day = timezone.localdate() + dt.timedelta(days=days)
    return dt.datetime.combine(day, dt.time(hour), tzinfo=timezone.get_current_timezone())


RESTORATION_CASE = "演示-生态-01"
DEMO_PHOTO = b"\x89PNG\r\n\x1a\n demo photo"


def restoration() -> None:
    """A restoration in progress: a Gansu case whose damage lies in Xining, with measures in
    every state (one verified, one awaiting verification, one under way and late, one planned)."""
    handler, verifier = user("gs-prosecutor"), user("qh-city-prosecutor")
    today = timezone.localdate()
    item = restoration_services.restoration_create(
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
        measure = restoration_services.restoration_add_measure(
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
        restoration_services.measure_transition(user=handler, measure=measure, action="start")
        if state == "in_progress":
            continue
        restoration_services.measure_attach_evidence(
            user=handler,
            measure=measure,
            upload=SimpleUploadedFile("修复现场照片.png", DEMO_PHOTO, "image/png"),
        )
        restoration_services.measure_transition(user=handler, measure=measure, action="finish")
        if state == "verified":
            restoration_services.measure_attach_evidence(
                user=verifier,
                measure=measure,
                upload=SimpleUploadedFile("验收报告.pdf", DEMO_PDF, "application/pdf"),
            )
            restoration_services.measure_transition(user=verifier, measure=measure, action="verify")


TASK_FORCE_NAME = "“2026·丝路”跨省电信网络诈骗联合办案组"


def load_task_force() -> str:
    """An active task force led by Gansu with members from Shaanxi and Xinjiang."""
    if TaskForce.objects.filter(name=TASK_FORCE_NAME).exists():
        return f"{TaskForce.objects.count()} task forces (0 new)"
    leader, deputy, member = user("gs-prosecutor"), user("sn-prosecutor"), user("xj-prosecutor")
    task_force = task_force_services.task_force_propose(
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
    task_force = task_force_services.task_force_decide(
        user=user("gs-chief"), task_force=task_force, approve=True, comment="同意成立。"
    )
    task_force_services.task_force_add_case(
        user=leader, task_force=task_force, name="李某某帮助信息网络犯罪活动案", number=""
    )
    today = timezone.localdate()
    done = task_force_services.task_force_add_task(
        user=leader,
        task_force=task_force,
        title="梳理三地涉案银行账户资金流向",
        assignee=member,
        due_date=today + dt.timedelta(days=3),
    )
    task_force_services.task_force_complete_task(user=member, task=done)
    task_force_services.task_force_add_task(
        user=leader,
        task_force=task_force,
        title="审查西安窝点电子数据提取笔录",
        assignee=deputy,
        due_date=today + dt.timedelta(days=10),
    )
    task_force_services.task_force_post(
        user=leader, task_force=task_force, body="请各成员于本周五前报送本地证据清单。"
    )
    task_force_services.task_force_post(
        user=member, task_force=task_force, body="乌鲁木齐窝点资金流水已调取，已上传。"
    )
    document = task_force_services.task_force_upload(
        user=member,
        task_force=task_force,
        upload=SimpleUploadedFile("乌鲁木齐窝点资金流水.pdf", DEMO_PDF, "application/pdf"),
    )
    task_force_services.task_force_document_for_download(
        user=deputy, task_force_pk=task_force.pk, document_pk=document.pk
    )
    raised = AssistanceRequest.objects.filter(case_number="演示-02").first()
    if raised is not None and raised.task_force_id is None:
        task_force_services.task_force_link_request(
            user=deputy, task_force=task_force, request=raised
        )
    return f"{TaskForce.objects.count()} task forces (1 new)"


CONSULTATION_SUBJECT = "马某某等人跨省贩卖毒品案"


def load_consultation() -> str:
    """A consultation between Ningxia and Xinjiang, decided and signed by both."""
    if Consultation.objects.filter(subject=CONSULTATION_SUBJECT).exists():
        return f"{Consultation.objects.count()} consultations (0 new)"
    opener, other = user("nx-prosecutor"), user("xj-prosecutor")
    consultation = consultation_services.consultation_open(
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
    consultation_services.consultation_state_position(
        user=other,
        consultation=consultation,
        position="claims",
        reasons="犯罪嫌疑人在乌鲁木齐被抓获，部分毒品在新疆查获。",
    )
    consultation_services.consultation_post(
        user=other,
        consultation=consultation,
        kind=ConsultationMessage.Kind.MEETING,
        held_on=timezone.localdate() - dt.timedelta(days=1),
        body="双方视频会商，一致认为由主要犯罪地检察机关管辖更为适宜，新疆方面移送已收集证据。",
    )
    consultation_services.consultation_decide(
        user=opener,
        consultation=consultation,
        handling_procuratorate=place("NX"),
        reasons="主要犯罪地在宁夏，由宁夏回族自治区人民检察院管辖更有利于查明案件事实。",
    )
    # 核稿 at Ningxia, then each party's chief signs off: the last signature takes the number.
    consultation_services.consultation_signoff(
        user=user("nx-head"), consultation=consultation, action="review"
    )
    for chief in ("xj-chief", "nx-chief"):
        consultation_services.consultation_sign(user=user(chief), consultation=consultation)
    return f"{Consultation.objects.count()} consultations (1 new)"


REFERRAL_SUBJECT = "杨某某等人跨省非法采矿案"


def load_referral() -> str:
    """A consultation between Gansu and Shaanxi that found no agreement by its deadline: its
    请示 to the Supreme People's Procuratorate reviewed, signed off and issued, and the
    designation recorded."""
    if Consultation.objects.filter(subject=REFERRAL_SUBJECT).exists():
        return "1 referral (0 new)"
    opener, other = user("gs-prosecutor"), user("sn-prosecutor")
    today = timezone.localdate()
    consultation = consultation_services.consultation_open(
        user=opener,
        data={
            "subject": REFERRAL_SUBJECT,
            "case_number": "甘检刑诉〔2026〕31号",
            "category": "ecology",
            "dispute": Consultation.Dispute.BOTH_CLAIM,
            "facts": (
                "犯罪嫌疑人杨某某等人在甘陕交界的嘉陵江上游河段非法采砂，"
                "甘肃省徽县、陕西省略阳县公安机关分别立案侦查。"
            ),
            "due_date": today + dt.timedelta(days=1),
        },
        parties=[place("SN")],
        position="claims",
        reasons="采砂船停靠地和主要销赃地在甘肃徽县。",
    )
    # The story began three weeks ago: its deadline passed last week without agreement.
    Consultation.objects.filter(pk=consultation.pk).update(
        due_date=today - dt.timedelta(days=5), created_at=at(-21, 10)
    )
    consultation.refresh_from_db()
    consultation_services.consultation_state_position(
        user=other,
        consultation=consultation,
        position="claims",
        reasons="主要采砂河段位于陕西略阳县境内，生态损害结果发生地在陕西。",
    )
    consultation_services.consultation_post(
        user=other,
        consultation=consultation,
        kind=ConsultationMessage.Kind.MEETING,
        held_on=today - dt.timedelta(days=8),
        body="双方视频会商，均坚持由本院管辖，未能达成一致意见。",
    )
    consultation_referral.consultation_refer(
        user=opener,
        consultation=consultation,
        superior="最高人民检察院",
        facts=consultation.facts,
        question="请指定本案由甘肃省人民检察院或者陕西省人民检察院管辖",
    )
    # 核稿 at Gansu, then its chief signs off: the number comes from its referral register.
    consultation_referral.referral_signoff(
        user=user("gs-head"), consultation=consultation, action="review"
    )
    consultation_referral.referral_signoff(
        user=user("gs-chief"), consultation=consultation, action="sign_off"
    )
    consultation_referral.consultation_designate(
        user=opener,
        consultation=consultation,
        designated_procuratorate=place("GS"),
        reply_number="高检指管〔2026〕3号",
        reply_date=today - dt.timedelta(days=1),
    )
    return "1 referral (1 new)"
