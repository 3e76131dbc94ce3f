"""The record of a jurisdiction consultation's decision (管辖会商决定书)."""

from django.http import HttpResponse
from django.utils import timezone, translation

from cases.consultations.models import DecisionRecord
from portal.pdf import render_pdf, seal_context


def sentence(text: str) -> str:
    """What a user wrote, without its closing punctuation: the letter adds its own."""
    return text.strip().rstrip("。；;. ")


def decision_record_pdf(record: DecisionRecord, *, draft: bool = False) -> bytes:
    """Render the decision of a consultation, signed by every party, as PDF bytes (Chinese).

    A joint document (联合行文) in the general format: addressed to the parties, with every
    party's issuer mark, the organiser's first, and a signature block per party.
    `draft`: the unnumbered decision in sign-off, watermarked 草稿 and without the seal.
    """
    consultation = record.consultation
    parties = list(consultation.parties.select_related("procuratorate", "signed_by"))
    # 联合行文: the organiser (the record's issuer) first, the other parties after it.
    parties.sort(key=lambda party: party.procuratorate_id != record.issuer_id)
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
                "draft": draft,
                "consultation": consultation,
                "parties": parties,
                "messages": messages,
                "facts": sentence(consultation.facts),
                "reasons": sentence(consultation.decision_reasons),
                "general_format": True,
                "issuer": record.issuer.name_zh,
                "issuers": [party.procuratorate.name_zh for party in parties],
                "doc_number": record.number,
                "title": f"关于{consultation.subject}管辖问题的会商决定",
                "addressee": "、".join(p.procuratorate.name_zh for p in parties),
                "signature": record.issuer.name_zh,
                "date": timezone.localtime(consultation.decided_at or record.created_at).date(),
                "handler": consultation.handling_procuratorate.name_zh,
                **({} if draft else seal_context(record.issuer)),
            },
        )


def draft_response(record: DecisionRecord) -> HttpResponse:
    """The decision in sign-off as an inline PDF, never stored."""
    response = HttpResponse(decision_record_pdf(record, draft=True), content_type="application/pdf")
    response["Content-Disposition"] = (
        f'inline; filename="draft-decision-{record.consultation_id}.pdf"'
    )
    response["Cache-Control"] = "private, no-store"
    return response
