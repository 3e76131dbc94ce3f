"""One typical case as a print-quality PDF, rendered on request (a case is not a formal letter)."""

from django.http import Http404
from django.utils import timezone, translation

from casebank.library.models import TypicalCase
from casebank.library.permissions import case_policy
from portal.documents import rendering_record
from portal.models import User
from portal.pdf import render_pdf


def case_for_pdf(*, user: User, pk: int) -> TypicalCase:
    """The case, if the user may read it (404 otherwise, as on its page); never a sealed
    juvenile record, which is not to leave the portal. The audit log records the download."""
    case = case_policy.get_or_404(user, pk=pk)
    if case.sealed:
        raise Http404
    rendering_record(user=user, document=case, detail=f"{case.code or f'draft-{case.pk}'}.pdf")
    return case


def paragraphs(text: str) -> list[str]:
    """The text's paragraphs, blank lines dropped."""
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def case_pdf(case: TypicalCase) -> bytes:
    """Render the case as PDF bytes, in Chinese like every document of the library."""
    with translation.override("zh-hans"):
        context = {
            "case": case,
            "title": case.title,
            "status_label": case.get_status_display(),
            "category_label": case.get_category_display(),
            "province_label": case.get_province_display(),
            "outcomes": [
                {
                    "outcome": outcome,
                    "sentence": outcome.get_sentence_type_display()
                    + (
                        f"（{outcome.get_non_prosecution_display()}）"
                        if outcome.non_prosecution
                        else ""
                    ),
                    "adoption": outcome.get_recommendation_adopted_display(),
                }
                for outcome in case.outcomes.all()
            ],
            "sections": [
                (heading, paragraphs(text))
                for heading, text in (
                    ("要旨", case.key_points),
                    ("基本案情", case.facts),
                    ("检察机关履职过程", case.handling),
                    ("典型意义", case.significance),
                    ("相关规定", case.legal_provisions),
                )
                if paragraphs(text)
            ],
            "printed_at": timezone.localtime(),
        }
        return render_pdf("casebank/letters/case.html", context)
