"""The annual joint meeting from scheduling to resolutions, in headless Chromium."""

import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.utils import timezone
from icalendar import Calendar

from cooperation.handover import services as handover_services
from cooperation.meetings.models import Invitation, Meeting, Resolution
from cooperation.rotation import services as rotation_services
from cooperation.rotation.models import ChairTerm

# A working Monday of 2026, whose chair is Gansu: the meeting a week ahead is in the chair's year.
pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("clock"),
]

SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots" / "meeting-journey"
SHANGHAI = ZoneInfo("Asia/Shanghai")
NAMES = {
    "GS": "甘肃省人民检察院",
    "SN": "陕西省人民检察院",
    "QH": "青海省人民检察院",
    "NX": "宁夏回族自治区人民检察院",
    "XJ": "新疆维吾尔自治区人民检察院",
    "BT": "新疆生产建设兵团人民检察院",
}


def shot(page, name):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / f"{name}.png", full_page=True)


def unfold(page, testid):
    """Open the <details> holding a form, if it is closed."""
    details = page.locator(f"details:has([data-testid={testid}])")
    if details.get_attribute("open") is None:
        details.locator("> summary").click()
    page.wait_for_selector(f"[data-testid={testid}] button")


def test_the_chair_office_runs_the_annual_meeting(sign_in):
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    Meeting.objects.all().delete()  # only this journey's meeting in the calendar
    today = timezone.localdate()
    handover_services.chair_handover()  # this year's chair term is open
    chair_code = ChairTerm.objects.get(year=today.year).province
    assert chair_code == rotation_services.chair_for(today.year)
    chair = f"{chair_code.lower()}-chair"
    answering = "sn" if chair_code != "SN" else "gs"
    day = today + dt.timedelta(days=7)
    others = [code for code in NAMES if code != chair_code]

    # 1. The chair office schedules the meeting with three agenda items and publishes it.
    page = sign_in(chair)
    page.click("[data-testid=nav-meetings]")
    page.wait_for_selector("[data-testid=calendar]")
    page.click("[data-testid=new-meeting]")
    page.fill("input[name=title]", "区域检察协作年度联席会议")
    page.fill("input[name=starts_at]", f"{day.isoformat()}T09:30")
    page.fill("input[name=ends_at]", f"{day.isoformat()}T12:00")
    page.fill("input[name=venue]", "黄河宾馆会议中心")
    agenda = [
        ("轮值召集方年度工作报告", chair_code, "30"),
        ("审议《跨省协作办案工作规范》", others[0], "40"),
        ("确定下一年度协作重点", others[1], "20"),
    ]
    for i, (title, code, minutes) in enumerate(agenda):
        page.fill(f"input[name=agenda-{i}-title]", title)
        page.select_option(f"select[name=agenda-{i}-presenter]", label=NAMES[code])
        page.fill(f"input[name=agenda-{i}-duration_minutes]", minutes)
    # A meeting that ends before it starts is refused next to the field; nothing is saved.
    page.fill("input[name=ends_at]", f"{day.isoformat()}T08:00")
    page.click("[data-testid=save-meeting]")
    page.wait_for_selector("[data-testid=error-ends_at]")
    assert not Meeting.objects.exists()
    shot(page, "0-chair-form-error")
    page.fill("input[name=ends_at]", f"{day.isoformat()}T12:00")
    shot(page, "1-chair-schedules")
    page.click("[data-testid=save-meeting]")
    page.wait_for_selector("[data-testid=publish-meeting]")
    meeting = Meeting.objects.get()
    assert meeting.status == Meeting.Status.DRAFT and meeting.agenda.count() == 3
    meeting_url = page.url
    assert meeting_url.endswith(meeting.get_absolute_url())
    shot(page, "2-chair-draft")
    page.click("[data-testid=publish-meeting] button")
    page.wait_for_selector("[data-testid=signoff]")
    meeting.refresh_from_db()
    assert meeting.status in {
        Meeting.Status.NOTICE_IN_REVIEW,
        Meeting.Status.NOTICE_AWAITING_SIGNATURE,
    }
    # The notice goes through sign-off at the chair office's procuratorate before anyone is
    # invited: its department head reviews, its chief signs it off.
    if meeting.status == Meeting.Status.NOTICE_IN_REVIEW:
        reviewer = sign_in(f"{chair_code.lower()}-head")
        reviewer.goto(meeting_url)
        reviewer.wait_for_selector("[data-testid=draft-notice]")
        shot(reviewer, "3a-reviewer-reads-the-notice")
        reviewer.click("[data-testid=signoff-review]")
        reviewer.wait_for_selector("[data-testid=meeting-status] [data-status=signature]")
    signer = sign_in(f"{chair_code.lower()}-chief")
    signer.goto(meeting_url)
    signer.click("[data-testid=signoff-sign_off]")
    signer.wait_for_selector("[data-testid=meeting-status] [data-status=published]")
    page.reload()
    page.wait_for_selector("[data-testid=download-notice]")
    with page.expect_download() as notice:
        page.click("[data-testid=download-notice]")
    assert Path(notice.value.path()).read_bytes().startswith(b"%PDF")
    shot(page, "3-chair-published")

    # 2. A member's liaison officer answers: attending, with two delegates.
    page = sign_in(f"{answering}-liaison")
    page.click("[data-testid=nav-meetings]")
    page.click("[data-testid=tab-list]")
    page.click(f"[data-testid=meeting-row-{meeting.pk}] a")
    page.check("input[name=answer][value=attending]")
    page.fill("textarea[name=delegates]", "赵军\n孙丽" if answering == "sn" else "张伟\n李静")
    shot(page, "4-liaison-answers")
    page.click("[data-testid=answer-form] button")
    page.wait_for_selector(f"[data-testid=invitation-{answering.upper()}][data-answer=attending]")
    invitation = meeting.invitations.get(procuratorate__code=answering.upper())
    assert invitation.answer == Invitation.Answer.ATTENDING
    assert len(invitation.delegate_names) == 2
    shot(page, "5-liaison-answered")

    # The meeting's .ics, downloaded through the page link, is in Beijing time.
    with page.expect_download() as ics:
        page.click("[data-testid=download-ics]")
    event = Calendar.from_ical(Path(ics.value.path()).read_bytes()).walk("VEVENT")[0]
    start = event.decoded("dtstart")
    assert start == dt.datetime.combine(day, dt.time(9, 30), tzinfo=SHANGHAI)
    assert start.astimezone(SHANGHAI).strftime("%H:%M") == "09:30"
    assert "区域检察协作年度联席会议" in str(event["summary"])

    # 3. The chair office sees who has not answered, reminds them, writes the minutes and
    # records two resolutions, owned by Ningxia and Xinjiang.
    page = sign_in(chair)
    page.goto(meeting_url)
    assert page.locator("[data-testid=not-answered]").count() == 5
    page.click("[data-testid=remind] button")
    page.wait_for_selector(".alert-success")
    assert meeting.invitations.filter(reminded_at__isnull=False).count() == 5
    unfold(page, "minutes-form")
    page.fill(
        "[data-testid=minutes-form] textarea[name=minutes]",
        "会议听取了轮值召集方年度工作报告，审议通过《跨省协作办案工作规范》，形成议定事项两项。",
    )
    page.click("[data-testid=minutes-form] button")
    page.wait_for_selector("[data-testid=minutes-history]")
    due = today + dt.timedelta(days=90)
    for text, code in [
        ("牵头起草黄河流域生态环境检察协作指引", "NX"),
        ("建立跨省涉案财物查控联络员制度", "XJ"),
    ]:
        unfold(page, "resolution-form")
        page.fill("[data-testid=resolution-form] textarea[name=text]", text)
        page.select_option("[data-testid=resolution-form] select[name=owner]", label=NAMES[code])
        page.fill("[data-testid=resolution-form] input[name=due_date]", due.isoformat())
        page.click("[data-testid=resolution-form] button")
        page.wait_for_selector(f"text={text}")
    resolutions = {r.owner.code: r for r in Resolution.objects.select_related("owner")}
    assert set(resolutions) == {"NX", "XJ"}
    shot(page, "6-chair-minutes-and-resolutions")

    # 4. Ningxia's liaison officer reports progress on its resolution.
    page = sign_in("nx-liaison")
    page.goto(meeting_url)
    nx = resolutions["NX"]
    item = page.locator(f"[data-testid=resolution-{nx.pk}]")
    assert (
        page.locator(
            f"[data-testid=resolution-{resolutions['XJ'].pk}] [data-testid=report-form]"
        ).count()
        == 0
    )
    item.locator("summary").click()
    item.locator("textarea").fill("已形成征求意见稿，正征求各成员单位意见。")
    item.locator("[data-testid=report-form] button").click()
    page.wait_for_selector("text=已形成征求意见稿，正征求各成员单位意见。")
    assert nx.progress.count() == 1
    shot(page, "7-nx-liaison-reports")

    # The rotation and the personal calendar feed, as the chair office sees them.
    page = sign_in(chair)
    page.click("[data-testid=nav-meetings]")
    page.click("[data-testid=tab-rotation]")
    assert page.get_attribute("[data-testid=current-chair-member]", "data-code") == chair_code
    shot(page, "8-chair-rotation")
    page.click("[data-testid=tab-feed]")
    feed_url = page.input_value("[data-testid=feed-url]")
    shot(page, "9-chair-feed")
    anonymous = page.context.browser.new_context(base_url=page.url)
    try:
        response = anonymous.request.get(feed_url)
        assert response.status == 200 and b"BEGIN:VEVENT" in response.body()
        assert anonymous.request.get(feed_url.replace(".ics", "x.ics")).status == 404
    finally:
        anonymous.close()

    # 5. A prosecutor of another member reads the meeting but cannot change it.
    page = sign_in("qh-prosecutor")
    page.goto(meeting_url)
    page.wait_for_selector("[data-testid=meeting-number]")
    assert page.locator("[data-testid=edit-meeting]").count() == 0
    assert page.locator("[data-testid=minutes-form]").count() == 0
    assert page.locator("[data-testid=resolution-form]").count() == 0
    response = page.request.get(f"{meeting.get_absolute_url()}edit/")
    assert response.status in (403, 404)
    page.goto(f"/meetings/?month={day:%Y-%m}")
    page.wait_for_selector(f"[data-testid=calendar-meeting-{meeting.pk}]")
    shot(page, "10-qh-prosecutor-calendar")
