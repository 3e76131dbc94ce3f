"""A typical case as a PDF, for whoever may read the case."""

from django.http import HttpResponse

from casebank.case_pdf import case_for_pdf, case_pdf


def case_pdf_view(request, pk: int):
    """The case as a PDF, rendered now (a draft only to its own province: 404 to the others)."""
    case = case_for_pdf(user=request.user, pk=pk)
    response = HttpResponse(case_pdf(case), content_type="application/pdf")
    name = case.code or f"draft-{case.pk}"
    response["Content-Disposition"] = f'inline; filename="{name}.pdf"'
    return response
