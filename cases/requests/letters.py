"""The formal letters of a request (协作请求函 at submission, 协作回复函 at completion) and the
record of a jurisdiction consultation's decision (管辖会商决定书)."""

from django.utils import timezone, translation

from cases.models import Completion, DecisionRecord, Letter
from cases.request_types import SPECS, details_display
from portal.pdf import render_pdf


def letter_pdf(letter: Letter) -> bytes:
    """Render one letter of a request as PDF bytes (always in Chinese: it is an official act)."""
    request = letter.request
    with translation.override("zh-hans"):
        type_label = request.get_request_type_display()
        context = {
            "letter": letter,
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
                    request.request_type, request.details, reveal=True
                )
            ],
            "slots": list(request.proposed_slots.all()),
            "has_slots": SPECS[request.request_type].has_slots,
            "attachments": list(request.attachments.filter(side=letter_side(letter))),
        }
        if letter.kind == Letter.Kind.REQUEST:
            context["title"] = f"关于请求协助{type_label}的函"
            context["addressee"] = request.requested_procuratorate.name_zh
            template = "cases/letters/request.html"
        else:
            context["title"] = f"关于{request.case_name}协作请求的复函"
            context["addressee"] = request.requesting_procuratorate.name_zh
            context["request_letter_number"] = request.number
            context["completion"] = request.get_reply_completion_display()
            context["completed_fully"] = request.reply_completion == Completion.FULL
            template = "cases/letters/reply.html"
        return render_pdf(template, context)


def letter_side(letter: Letter) -> str:
    return "requesting" if letter.kind == Letter.Kind.REQUEST else "requested"


def sentence(text: str) -> str:
    """What a user wrote, without its closing punctuation: the letter adds its own."""
    return text.strip().rstrip("。；;. ")


def decision_record_pdf(record: DecisionRecord) -> bytes:
    """Render the decision of a consultation, signed by every party, as PDF bytes (Chinese)."""
    consultation = record.consultation
    parties = list(consultation.parties.select_related("procuratorate", "signed_by"))
    for party in parties:
        party.reasons_text = sentence(party.reasons)
    messages = list(consultation.messages.select_related("procuratorate"))
    for message in messages:
        message.text = sentence(message.body)
    with translation.override("zh-hans"):
        return render_pdf(
            "cases/letters/consultation_decision.html",
            {
                "record": record,
                "consultation": consultation,
                "parties": parties,
                "messages": messages,
                "facts": sentence(consultation.facts),
                "reasons": sentence(consultation.decision_reasons),
                "issuer": record.issuer.name_zh,
                "doc_number": record.number,
                "title": f"关于{consultation.subject}管辖问题的会商决定",
                "addressee": "、".join(p.procuratorate.name_zh for p in parties),
                "signature": record.issuer.name_zh,
                "date": timezone.localtime(consultation.decided_at or record.created_at).date(),
                "handler": consultation.handling_procuratorate.name_zh,
            },
        )
