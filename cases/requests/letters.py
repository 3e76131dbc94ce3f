"""The formal letters of a request (协作请求函 at submission, 协作回复函 at completion,
补充函 / 更正函 to a request sent)."""

from django.http import HttpResponse
from django.utils import timezone, translation

from cases.requests.models import Completion, Letter, Urgency
from cases.requests.types import SPECS, details_display
from portal.pdf import render_pdf, seal_context

# GB/T 9704-2012 §7.2.3 knows two marks of urgency; "紧急" is none of them.
URGENCY_MARKS = {Urgency.URGENT: "加急", Urgency.VERY_URGENT: "特急"}


def letter_pdf(letter: Letter, *, draft: bool = False) -> bytes:
    """Render one letter of a request as PDF bytes (always in Chinese: it is an official act).

    `draft`: the unnumbered letter in sign-off, watermarked 草稿, for its reviewer and signer.
    """
    request = letter.request
    with translation.override("zh-hans"):
        type_label = request.get_request_type_display()
        context = {
            "letter": letter,
            "draft": draft,
            "request": request,
            "issuer": letter.issuer.name_zh,
            "doc_number": letter.number,
            "date": timezone.localtime(letter.created_at).date(),
            "signature": letter.issuer.name_zh,
            "type_label": type_label,
            # Each detail ends with the letter's own punctuation, not the writer's.
            "details": [
                (label, str(value).rstrip("。；;. "))
                for label, value in details_display(
                    request.request_type, request.details, category=request.category, reveal=True
                )
            ],
            "slots": list(request.proposed_slots.all()),
            "has_slots": SPECS[request.request_type].has_slots,
            "attachments": list(request.attachments.filter(side=letter_side(letter))),
            **seal_context(letter.issuer),
        }
        if letter.supplement_id:
            context.update(supplement_context(letter, type_label))
            template = "cases/letters/supplement.html"
        elif letter.kind == Letter.Kind.REQUEST:
            context["title"] = f"关于请求协助{type_label}的函"
            context["addressee"] = request.requested_procuratorate.name_zh
            context["urgency"] = URGENCY_MARKS.get(request.urgency, "")
            context["note"] = f"联系人：{request.contact_person}；联系电话：{request.contact_phone}"
            template = "cases/letters/request.html"
        else:
            context["title"] = f"关于{request.case_name}协作请求的复函"
            context["addressee"] = request.requesting_procuratorate.name_zh
            context["request_letter_number"] = request.number
            context["completion"] = request.get_reply_completion_display()
            context["completed_fully"] = request.reply_completion == Completion.FULL
            if request.handler_id:
                handler = request.handler
                context["note"] = f"联系人：{handler.get_full_name()}；联系电话：{handler.phone}"
            template = "cases/letters/reply.html"
        return render_pdf(template, context)


def letter_side(letter: Letter) -> str:
    return "requested" if letter.kind == Letter.Kind.REPLY else "requesting"


def letter_title(letter: Letter, type_label: str) -> str:
    """The title a letter of the request bears (what another letter quotes it by)."""
    request = letter.request
    if letter.kind == Letter.Kind.REQUEST:
        return f"关于请求协助{type_label}的函"
    if letter.kind == Letter.Kind.REPLY:
        return f"关于{request.case_name}协作请求的复函"
    ending = "补充函" if letter.kind == Letter.Kind.SUPPLEMENT else "更正函"
    return f"关于{request.case_name}协作请求的{ending}"


def supplement_context(letter: Letter, type_label: str) -> dict:
    """A 补充函 or 更正函: addressed to the requested procuratorate, naming the letter it
    supplements or corrects, copied to the procuratorate the request was forwarded to."""
    request, supplement = letter.request, letter.supplement
    referred = supplement.refers_to
    return {
        "title": letter_title(letter, type_label),
        "addressee": request.requested_procuratorate.name_zh,
        "urgency": URGENCY_MARKS.get(request.urgency, ""),
        "note": f"联系人：{request.contact_person}；联系电话：{request.contact_phone}",
        "correction": letter.kind == Letter.Kind.CORRECTION,
        "referred_title": letter_title(referred, type_label),
        "referred_number": referred.number,
        "referred_date": timezone.localtime(referred.signed_off_at or referred.created_at).date(),
        "body_paragraphs": [line.strip() for line in supplement.body.splitlines() if line.strip()],
        "attachments": [],
        "copy_to": [request.forwarded_to.name_zh] if request.forwarded_to_id else [],
    }


def draft_response(letter: Letter) -> HttpResponse:
    """The draft of a letter in sign-off as an inline PDF, never stored."""
    response = HttpResponse(letter_pdf(letter, draft=True), content_type="application/pdf")
    response["Content-Disposition"] = (
        f'inline; filename="draft-{letter.kind}-{letter.request_id}.pdf"'
    )
    response["Cache-Control"] = "private, no-store"
    return response
