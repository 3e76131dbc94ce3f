"""The documents of a jurisdiction consultation: the record of its decision (管辖会商决定书) and
the 请示 to the parties' common superior procuratorate when they could not agree."""

from django.http import HttpResponse
from django.utils import timezone, translation

from cases.consultations.models import DecisionRecord, ReferralDocument
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


def referral_pdf(document: ReferralDocument, *, draft: bool = False) -> bytes:
    """Render the 请示 to the common superior procuratorate as PDF bytes (Chinese).

    A 请示 is an upward document (上行文), laid out in the general format of GB/T 9704-2012 (§7),
    as the 2012 standard has it for every document of that format: the issuer's mark 35 mm
    below the top of the text area (§7.2.4; the 80 mm that the 1999 edition gave documents sent
    up is gone); the number line two lines under it, with the number flush left one character
    in and 签发人 with the signer's name (in 楷体) flush right one character in (§7.2.5, §7.2.6);
    the red rule 4 mm below (§7.2.7); one addressee, the superior, as the rules on 请示 require
    (§7.3.2); the parties' positions from the consultation; 附注 naming the drafter as contact,
    which a 请示 must (§7.3.6); and the ruled 版记 with 抄送 the other parties and 印发机关和
    印发日期 (§7.4). The letter format (§10.1) is for 函 between equals and has no 签发人.
    `draft`: unnumbered and unsigned, watermarked 草稿 and without the seal.
    """
    referral = document.referral
    consultation = referral.consultation
    parties = list(consultation.parties.select_related("procuratorate"))
    parties.sort(key=lambda party: party.procuratorate_id != document.issuer_id)
    for party in parties:
        party.reasons_text = sentence(party.reasons)
    messages = list(consultation.messages.select_related("procuratorate"))
    for message in messages:
        message.text = sentence(message.body)
    drafter = referral.drafted_by
    contact = f"联系人：{drafter.get_full_name()}" + (
        f"，联系电话：{drafter.phone}" if drafter.phone else ""
    )
    date = timezone.localtime(document.signed_off_at or document.created_at).date()
    with translation.override("zh-hans"):
        return render_pdf(
            "cases/letters/consultation_referral.html",
            {
                "document": document,
                "draft": draft,
                "consultation": consultation,
                "parties": parties,
                "messages": messages,
                "facts": sentence(referral.facts),
                "question": sentence(referral.question),
                "general_format": True,
                "upward": True,
                "signer": "" if draft else document.signed_off_by.get_full_name(),
                "issuer": document.issuer.name_zh,
                "doc_number": document.number,
                "title": f"关于{consultation.subject}管辖问题的请示",
                "addressee": referral.superior,
                "signature": document.issuer.name_zh,
                "date": date,
                "note": contact,
                "copy_to": [p.procuratorate.name_zh for p in parties[1:]],
                "printed_by": f"{document.issuer.name_zh}办公室",
                "printed_on": date,
                **({} if draft else seal_context(document.issuer)),
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


def referral_draft_response(document: ReferralDocument) -> HttpResponse:
    """The 请示 in sign-off as an inline PDF, never stored."""
    response = HttpResponse(referral_pdf(document, draft=True), content_type="application/pdf")
    consultation_id = document.referral.consultation_id
    response["Content-Disposition"] = f'inline; filename="draft-referral-{consultation_id}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response
