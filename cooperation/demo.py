"""Demo of the liaison mechanism: chair terms so far, last year's meeting with its minutes and
resolutions, this year's upcoming meeting, and a symposium of two neighbouring cities."""

import datetime as dt

from django.utils import timezone

from cooperation.campaigns import services as campaign_services
from cooperation.campaigns.models import Campaign, add_months
from cooperation.handover import services as handover_services
from cooperation.meetings import services as meeting_services
from cooperation.meetings.models import Invitation, Meeting
from cooperation.meetings.signoff import meeting_notice_transition
from cooperation.rotation import services as rotation_services
from cooperation.rotation.models import FIRST_YEAR, ChairTerm
from cooperation.symposiums import services as symposium_services
from cooperation.symposiums.models import Symposium
from portal.models import Procuratorate, User

PAST_TITLE = "西北五省（区）检察机关区域检察协作联席会议（年度）"
UPCOMING_TITLE = "区域检察协作年度联席会议"


def user(name: str) -> User:
    return User.objects.get(username=name)


def member(code: str) -> Procuratorate:
    return Procuratorate.objects.get(code=code)


def at(day: dt.date, hour: int) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=timezone.get_current_timezone())


def open_term(year: int) -> None:
    ChairTerm.objects.get_or_create(
        year=year, defaults={"province": rotation_services.chair_for(year)}
    )


def load() -> str:
    """Create the demo once; a second run changes nothing."""
    today = timezone.localdate()
    for year in range(FIRST_YEAR, today.year):
        open_term(year)  # the years before the portal, as history
    handover_services.chair_handover()
    if not Meeting.objects.filter(title=PAST_TITLE).exists():
        past_meeting(today.year - 1)
    if not Meeting.objects.filter(title=UPCOMING_TITLE).exists():
        upcoming_meeting(today)
    if not Symposium.objects.exists():
        symposium(today)
    if not Campaign.objects.filter(title=CAMPAIGN_TITLE).exists():
        campaign(today)
    return (
        f"{Meeting.objects.count()} meetings, {Symposium.objects.count()} symposiums, "
        f"{Campaign.objects.count()} campaigns"
    )


CAMPAIGN_TITLE = "西北五省（区）联合打击跨区域毒品犯罪专项行动"
# Results reported per member for each past month: (cases filed, persons prosecuted, 10,000 yuan).
CAMPAIGN_RESULTS = {
    "GS": [(12, 18, "356.40"), (9, 14, "120.00"), (11, 15, "88.50")],
    "SN": [(15, 22, "410.00"), (13, 17, "236.80"), (14, 20, "190.00")],
    "QH": [(6, 8, "75.20"), (5, 9, "42.00")],
    "NX": [(4, 6, "38.00"), (7, 10, "66.60"), (3, 5, "21.00")],
    "XJ": [(10, 16, "298.00"), (8, 12, "150.30")],
}


def campaign(today: dt.date) -> None:
    """A running campaign: launched by Gansu three months ago with four other members, and the
    monthly results each has reported (some still outstanding)."""
    start = add_months(today.replace(day=1), -3)
    launched = campaign_services.campaign_create(
        user=user("gs-liaison"),
        data={
            "title": CAMPAIGN_TITLE,
            "category": "drugs",
            "starts_on": start,
            "ends_on": add_months(start, 6) - dt.timedelta(days=1),
            "goals": (
                "一、摧毁跨省贩毒网络，打击制毒物品流通；\n"
                "二、依法追缴涉毒资产，斩断毒资链条；\n"
                "三、统一证据标准与量刑尺度，形成典型案例。"
            ),
            "frequency": "monthly",
        },
        participants=[member(code) for code in ("SN", "QH", "NX", "XJ")],
    )
    periods = launched.periods()
    for code, rows in CAMPAIGN_RESULTS.items():
        for period, (cases, persons, assets) in zip(periods, rows, strict=False):
            campaign_services.campaign_report_save(
                user=user(f"{code.lower()}-liaison"),
                campaign=launched,
                procuratorate=member(code),
                period_start=period.start,
                data={
                    "cases_filed": cases,
                    "persons_prosecuted": persons,
                    "assets_recovered": assets,
                    "note": "",
                },
            )
    campaign_services.campaign_report_save(
        user=user("sn-liaison"),
        campaign=launched,
        procuratorate=member("SN"),
        period_start=periods[0].start,
        data={"cases_filed": 16, "persons_prosecuted": 23, "assets_recovered": "410.00"},
        reason="补报西安市一起跨省运输毒品案",
    )


def publish(chair, meeting):
    """Publish the meeting and carry its notice through 核稿 (the head of the chair office's
    procuratorate) and 签发 (its chief), so that the members are invited."""
    meeting = meeting_services.meeting_publish(user=chair, meeting=meeting)
    code = meeting.host.lower()
    if meeting.status == Meeting.Status.NOTICE_IN_REVIEW:
        meeting = meeting_notice_transition(
            user=user(f"{code}-head"), meeting=meeting, action="review"
        )
    return meeting_notice_transition(user=user(f"{code}-chief"), meeting=meeting, action="sign_off")


def agenda(*items):
    return [
        {"title": title, "presenter": member(code), "duration_minutes": minutes}
        for title, code, minutes in items
    ]


def past_meeting(year: int) -> None:
    chair = user(f"{rotation_services.chair_for(year).lower()}-chair")
    start = at(dt.date(year, 6, 16), 9)
    meeting = meeting_services.meeting_create(
        user=chair,
        data={
            "title": PAST_TITLE,
            "starts_at": start,
            "ends_at": start + dt.timedelta(hours=4),
            "venue": "乌鲁木齐市",
            "online": True,
            "online_link": "检察专网视频会议系统",
        },
        agenda=agenda(
            ("通报上年度区域检察协作工作情况", rotation_services.chair_for(year), 30),
            ("交流跨省办案协作典型经验", "SN", 40),
            ("研究生态环境检察协作机制", "QH", 30),
        ),
    )
    meeting = publish(chair, meeting)
    # The answers were given before the meeting, which lies in the past: written as history,
    # since the service (rightly) takes no answer once a meeting is over.
    for invitation in meeting.invitations.select_related("procuratorate"):
        code = invitation.procuratorate.code.lower()
        chief, liaison = user(f"{code}-chief"), user(f"{code}-liaison")
        invitation.answer = Invitation.Answer.ATTENDING
        invitation.delegates = f"{chief.full_name}\n{liaison.full_name}"
        invitation.answered_by = liaison
        invitation.answered_at = start - dt.timedelta(days=10)
        invitation.save()
    meeting_services.minutes_save(
        user=chair,
        meeting=meeting,
        text="会议通报了区域检察协作工作情况，交流了跨省办案协作经验，研究了生态环境检察协作机制，"
        "形成议定事项两项。",
    )
    nx = meeting_services.resolution_create(
        user=chair,
        meeting=meeting,
        text="牵头起草黄河流域生态环境检察协作指引",
        owner=member("NX"),
        due_date=dt.date(year + 1, 6, 30),
    )
    meeting_services.resolution_create(
        user=chair,
        meeting=meeting,
        text="建立跨省涉案财物查控联络员制度",
        owner=member("XJ"),
        due_date=dt.date(year + 1, 3, 31),
    )
    meeting_services.resolution_report(
        user=user("nx-liaison"), resolution=nx, note="已形成征求意见稿，正征求各成员单位意见。"
    )


def upcoming_meeting(today: dt.date) -> None:
    start = at(today + dt.timedelta(days=14), 9)
    if start.year != today.year:
        open_term(start.year)  # late December: the next chair's year is scheduled ahead
    chair = user(f"{rotation_services.chair_for(start.year).lower()}-chair")
    meeting = meeting_services.meeting_create(
        user=chair,
        data={
            "title": UPCOMING_TITLE,
            "starts_at": start,
            "ends_at": start + dt.timedelta(hours=3),
            "venue": "兰州市黄河宾馆会议中心",
        },
        agenda=agenda(
            ("轮值召集方工作报告", rotation_services.chair_for(start.year), 30),
            ("审议《跨省协作办案工作规范》", "NX", 40),
            ("确定下一年度协作重点", "XJ", 20),
        ),
    )
    meeting = publish(chair, meeting)
    invitation = meeting.invitations.get(procuratorate__code="SN")
    if meeting.host != "SN":
        meeting_services.invitation_answer(
            user=user("sn-liaison"),
            invitation=invitation,
            answer="attending",
            delegates="赵军\n孙丽",
        )


def symposium(today: dt.date) -> None:
    lanzhou, haidong = member("GS-LZ"), member("QH-HD")  # neighbours across the border
    convener = user("gs-city-prosecutor")
    held = symposium_services.symposium_create(
        user=convener,
        data={
            "title": "甘青交界地区生态环境保护检察协作座谈会",
            "held_on": today - dt.timedelta(days=20),
            "venue": "兰州市人民检察院",
        },
        participants=[haidong],
    )
    symposium_services.symposium_record_agreement(
        user=convener,
        symposium=held,
        agreement="双方同意建立交界地区生态环境案件线索双向移送和联合巡查机制。",
    )
    symposium_services.symposium_add_follow_up(
        user=convener,
        symposium=held,
        text="每季度开展一次交界地区联合巡查",
        owner=haidong,
        due_date=today + dt.timedelta(days=70),
    )
    symposium_services.symposium_add_follow_up(
        user=convener,
        symposium=held,
        text="建立线索移送联络员名单",
        owner=lanzhou,
    )
