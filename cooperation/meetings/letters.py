"""The meeting notice (会议通知): a letter-format notice with the attendance form attached."""

from django.http import HttpResponse
from django.utils import timezone, translation

from cooperation.meetings.models import MeetingNotice
from portal.models import Procuratorate
from portal.numerals import chinese_numeral
from portal.pdf import render_pdf, seal_context

# The mechanism as the 2019 opinion names it (§10: 每年轮值召集), and the opinion itself.
MECHANISM = "服务保障“丝绸之路经济带”（国内西北段）建设检察协作机制"
OPINION = "《关于服务保障“丝绸之路经济带”（国内西北段）建设加强区域检察协作的意见》"
MEMBERS = "西北五省（区）、新疆生产建设兵团检察机关"


def meeting_name(meeting) -> str:
    """第七次联席会议: the series in Chinese numerals, as documents write it."""
    return f"{MECHANISM}第{chinese_numeral(meeting.number)}次联席会议"


def notice_pdf(notice: MeetingNotice, *, draft: bool = False) -> bytes:
    """The meeting notice as PDF, in Chinese as every official document.

    An issued notice was signed off, so it carries the chair office's seal image; `draft`: the
    unnumbered notice in sign-off, watermarked 草稿 and unsealed, for its reviewer and signer.
    """
    meeting = notice.meeting
    chair = Procuratorate.objects.get(code=meeting.host)
    with translation.override("zh-hans"):
        invited = [
            invitation.procuratorate.name_zh
            for invitation in meeting.invitations.select_related("procuratorate")
            if invitation.procuratorate_id != chair.pk
        ]
        contact = "；".join(
            part
            for part in (
                meeting.contact_person and f"联系人：{meeting.contact_person}",
                meeting.contact_phone and f"联系电话：{meeting.contact_phone}",
            )
            if part
        )
        return render_pdf(
            "cooperation/letters/notice.html",
            {
                "meeting": meeting,
                "meeting_name": meeting_name(meeting),
                "mechanism": MECHANISM,
                "opinion": OPINION,
                "members": MEMBERS,
                "agenda": list(meeting.agenda.select_related("presenter")),
                "issuer": chair.name_zh,
                "doc_number": notice.number,
                "title": f"关于召开{meeting_name(meeting)}的通知",
                "addressee": "、".join(invited),
                "signature": chair.name_zh,
                "date": timezone.localtime(notice.created_at).date(),
                "starts_at": timezone.localtime(meeting.starts_at),
                "ends_at": timezone.localtime(meeting.ends_at),
                "attachments": ["参会回执"],
                "note": contact,
                "draft": draft,
                **({} if draft else seal_context(chair)),
            },
        )


def notice_draft_response(notice: MeetingNotice) -> HttpResponse:
    """The draft of a notice in sign-off as an inline PDF, never stored."""
    response = HttpResponse(notice_pdf(notice, draft=True), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="draft-notice-{notice.meeting_id}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response
