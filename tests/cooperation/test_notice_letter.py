"""The meeting notice: letter format, 第七次 and the mechanism's name, attendance and reply."""

import datetime as dt
import io

import pdfplumber
import pytest

from cases.models import DocumentRegister
from cooperation.handover import services as handover_services
from cooperation.meetings import services as meeting_services
from cooperation.meetings.letters import MECHANISM
from cooperation.meetings.models import Meeting, MeetingNotice
from portal.models import Role
from tests.factories import UserFactory, member, publish_meeting

MM = 25.4 / 72
TZ = dt.timezone(dt.timedelta(hours=8))


@pytest.fixture
def notice_pdf(db, clock, django_capture_on_commit_callbacks):
    gs_chair = UserFactory(username="t-gs-chair", procuratorate=member("GS"), roles=[Role.CHAIR])
    handover_services.chair_handover()
    meeting = meeting_services.meeting_create(
        user=gs_chair,
        data={
            "title": "区域检察协作联席会议",
            "starts_at": dt.datetime(2026, 6, 10, 9, tzinfo=TZ),
            "ends_at": dt.datetime(2026, 6, 10, 17, tzinfo=TZ),
            "venue": "兰州市",
            "attendees": "各成员单位分管副检察长及相关部门负责人",
            "reply_by": dt.date(2026, 6, 1),
            "contact_person": "王某某",
            "contact_phone": "0931-1234567",
        },
        agenda=[{"title": "通报年度协作情况", "presenter": member("GS")}],
    )
    Meeting.objects.filter(pk=meeting.pk).update(number=7)  # the seventh of the series
    meeting.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        publish_meeting(gs_chair, meeting)
    notice = MeetingNotice.objects.get(meeting=meeting)
    assert notice.state == MeetingNotice.State.ISSUED
    with pdfplumber.open(io.BytesIO(notice.file.read())) as pdf:
        yield [page for page in pdf.pages]


def test_notice_takes_its_number_from_the_chair_offices_register(notice_pdf):
    # The meeting is the seventh of the series; the notice is Gansu's first notice of 2026.
    notice = MeetingNotice.objects.get()
    assert notice.number == "甘检协通〔2026〕1号"
    register = DocumentRegister.objects.get(procuratorate=member("GS"), series="notice")
    assert (register.year, register.last_number) == (2026, 1)
    assert "甘检协通〔2026〕1号" in flat(notice_pdf[0])


def flat(page) -> str:
    return "".join(page.extract_text().split())


def test_notice_names_the_meeting_in_chinese_numerals_and_the_mechanism(notice_pdf):
    text = "".join(flat(page) for page in notice_pdf)
    assert f"关于召开{MECHANISM}第七次联席会议的通知" in text
    assert "西北五省（区）、新疆生产建设兵团检察机关" in text
    assert "第7次" not in text


def test_notice_says_who_attends_the_reply_deadline_and_the_contact(notice_pdf):
    text = "".join(flat(page) for page in notice_pdf)
    assert "四、参会人员。各成员单位分管副检察长及相关部门负责人。" in text
    assert "于2026年6月1日前填写参会回执（见附件）" in text
    assert "（联系人：王某某；联系电话：0931-1234567）" in text
    assert "附件：参会回执" in text


def test_attendance_form_is_a_page_of_its_own(notice_pdf):
    *_, receipt = notice_pdf
    text = flat(receipt)
    assert text.startswith("附件参会回执单位名称姓名职务联系电话备注")
    assert len(receipt.find_tables()[0].rows) == 6


def test_notice_is_in_the_letter_format(notice_pdf):
    first = notice_pdf[0]
    mark = next(w for w in first.extract_words() if w["text"] == "甘肃省人民检察院")
    assert mark["top"] * MM == pytest.approx(30, abs=1.5)
    number = next(w for w in first.extract_words() if w["text"].startswith("甘检协通"))
    assert number["x1"] * MM == pytest.approx(184, abs=1)
    assert "—1—" not in flat(first)
    assert "—2—" in flat(notice_pdf[1])


def test_chair_office_gives_attendance_reply_date_and_contact_in_the_form(db, client, clock):
    from django.urls import reverse

    from tests.cooperation.test_pages import meeting_payload

    gs_chair = UserFactory(username="t-gs-chair", procuratorate=member("GS"), roles=[Role.CHAIR])
    handover_services.chair_handover()
    client.force_login(gs_chair)
    form = client.get(reverse("cooperation:meeting-create")).content.decode()
    for name in ("attendees", "reply_by", "contact_person", "contact_phone"):
        assert f'name="{name}"' in form
    payload = meeting_payload(
        attendees="各成员单位分管副检察长",
        reply_by="2026-06-01",
        contact_person="王某某",
        contact_phone="0931-1234567",
    )
    response = client.post(reverse("cooperation:meeting-create"), payload)
    assert response.status_code == 302, response.content.decode()[:2000]
    meeting = Meeting.objects.get()
    assert (meeting.attendees, meeting.reply_by, meeting.contact_person, meeting.contact_phone) == (
        "各成员单位分管副检察长",
        dt.date(2026, 6, 1),
        "王某某",
        "0931-1234567",
    )
    edit = client.get(reverse("cooperation:meeting-edit", args=[meeting.pk])).content.decode()
    assert 'value="2026-06-01"' in edit and 'value="0931-1234567"' in edit
