"""Pages of jurisdiction consultations: the list, opening one, the consultation with its
actions, the decision record's and the 请示's PDFs (checked and logged)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _, gettext_lazy
from django.views.decorators.http import require_POST

from cases.consultations import referral, services
from cases.consultations.forms import (
    ConsultationDecisionForm,
    ConsultationForm,
    ConsultationPostForm,
    DesignationForm,
    PositionForm,
    ReferralForm,
    SignoffCommentForm,
)
from cases.consultations.letters import draft_response, referral_draft_response
from cases.consultations.models import Consultation
from cases.consultations.permissions import may_open_consultation, party_of
from cases.consultations.selectors import consultation_detail, consultation_list
from cases.consultations.services import WORKFLOW
from cases.consultations.signoff import REFERRAL_SIGNOFF_STATES, SIGNOFF_STATES, decision_draft
from portal.documents import file_response
from portal.forms import PER_PAGE, StatusFilterForm, add_errors

Status = Consultation.Status


def consultation_list_view(request):
    """The consultations the user's procuratorates take part in."""
    filter_form = StatusFilterForm(request.GET or None, choices=Status.choices)
    status = filter_form.cleaned_data["status"] if filter_form.is_valid() else ""
    page = Paginator(consultation_list(user=request.user, status=status), PER_PAGE).get_page(
        request.GET.get("page")
    )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "cases/consultation_list.html",
        {
            "page": page,
            "filter_form": filter_form,
            "query": query.urlencode(),
            "may_create": may_open_consultation(request.user),
        },
    )


def consultation_form_view(request):
    """Open a consultation with the procuratorates of other provinces concerned."""
    if not may_open_consultation(request.user):
        raise PermissionDenied
    form = ConsultationForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            consultation = services.consultation_open(
                user=request.user,
                data=form.data_fields(),
                parties=list(form.cleaned_data["parties"]),
                position=form.cleaned_data["position"],
                reasons=form.cleaned_data["reasons"],
            )
            messages.success(request, _("Consultation opened; the others concerned are told."))
            return redirect(consultation)
        except ValidationError as error:
            add_errors(error, form)
    return render(
        request,
        "cases/consultation_form.html",
        {"form": form},
        status=400 if request.method == "POST" else 200,
    )


def offered_forms(user, consultation: Consultation, party) -> dict:
    """The forms of the steps this user may take now, unbound."""
    forms = {}
    steps = WORKFLOW.available(user, consultation)
    if "position" in steps:
        forms["position"] = PositionForm(
            initial={"position": party.position, "reasons": party.reasons}
        )
    if "post" in steps:
        forms["post"] = ConsultationPostForm()
    if "decide" in steps:
        forms["decide"] = ConsultationDecisionForm(
            consultation=consultation,
            initial={
                "handling_procuratorate": consultation.handling_procuratorate_id,
                "reasons": consultation.decision_reasons,
            },
        )
    if "refer" in steps:
        draft = getattr(consultation, "referral", None)
        forms["refer"] = ReferralForm(
            initial={
                "superior": draft.superior if draft else referral.DEFAULT_SUPERIOR,
                "facts": draft.facts if draft else consultation.facts,
                "question": draft.question if draft else "",
            }
        )
    if "designate" in steps:
        forms["designate"] = DesignationForm(consultation=consultation)
    return forms


# The decision's card shows while it is drafted, in sign-off or in force; not once referred.
DECISION_SHOWN = frozenset({Status.OPEN, Status.DECIDED}) | SIGNOFF_STATES


def consultation_detail_view(request, pk: int, failed: dict | None = None, status: int = 200):
    """The facts, each party's position and signature, the thread, the decision and record."""
    consultation = consultation_detail(user=request.user, pk=pk)
    party = party_of(request.user, consultation)
    forms = offered_forms(request.user, consultation, party)
    forms.update(failed or {})
    signoff = services.offered_signoff_steps(request.user, consultation)
    return render(
        request,
        "cases/consultation_detail.html",
        {
            "consultation": consultation,
            "party": party,
            "forms": forms,
            "may_sign": "sign_off" in signoff,
            "signoff_steps": signoff,
            "in_signoff": consultation.status in SIGNOFF_STATES,
            "in_referral_signoff": consultation.status in REFERRAL_SIGNOFF_STATES,
            "show_decision": bool(consultation.handling_procuratorate_id)
            and consultation.status in DECISION_SHOWN,
            "referral": getattr(consultation, "referral", None),
            "comment_form": SignoffCommentForm(),
        },
        status=status,
    )


STEP_FORMS = {
    "position": lambda consultation, data: PositionForm(data),
    "post": lambda consultation, data: ConsultationPostForm(data),
    "decide": lambda consultation, data: ConsultationDecisionForm(data, consultation=consultation),
    "refer": lambda consultation, data: ReferralForm(data),
    "designate": lambda consultation, data: DesignationForm(data, consultation=consultation),
}
STEP_SERVICES = {
    "position": services.consultation_state_position,
    "post": services.consultation_post,
    "decide": services.consultation_decide,
    "refer": referral.consultation_refer,
    "designate": referral.consultation_designate,
}


def run_step(user, consultation, step: str, data: dict):
    return STEP_SERVICES[step](user=user, consultation=consultation, **data)


STEP_DONE = {
    "position": gettext_lazy("Position recorded."),
    "post": gettext_lazy("Recorded."),
    "decide": gettext_lazy(
        "Decision recorded; it is reviewed, then each party's signer is asked to sign it off."
    ),
    "refer": gettext_lazy(
        "Referral drafted; it is reviewed, then your chief procurator is asked to sign it off."
    ),
    "designate": gettext_lazy("Designation recorded; the consultation is closed."),
}


@require_POST
def consultation_step_view(request, pk: int, step: str):
    """State a position, write or record a meeting, record the decision, draft the 请示, or
    record the superior's designation."""
    if step not in STEP_FORMS:
        raise Http404
    consultation = consultation_detail(user=request.user, pk=pk)
    form = STEP_FORMS[step](consultation, request.POST)
    if form.is_valid():
        try:
            run_step(request.user, consultation, step, form.cleaned_data)
            messages.success(request, str(STEP_DONE[step]))
            return redirect(consultation)
        except PermissionDenied as error:
            form.add_error(None, str(error) or _("You may not do this."))
        except ValidationError as error:
            add_errors(error, form)
    return consultation_detail_view(request, pk, failed={step: form}, status=400)


@require_POST
def consultation_sign_view(request, pk: int):
    """A party's chief procurator signs the decision."""
    consultation = consultation_detail(user=request.user, pk=pk)
    try:
        services.consultation_sign(user=request.user, consultation=consultation)
        messages.success(request, _("Decision signed."))
    except (PermissionDenied, ValidationError) as error:
        messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
    return redirect(consultation)


SIGNOFF_DONE = {
    "review": gettext_lazy("Review passed; the parties' signers are asked to sign."),
    "review_return": gettext_lazy("Returned to the drafter."),
    "sign_off": gettext_lazy("Decision signed."),
    "signature_return": gettext_lazy("Returned to the drafter unsigned."),
}


REFERRAL_SIGNOFF_DONE = {
    "review": gettext_lazy("Review passed; your chief procurator is asked to sign the referral."),
    "review_return": gettext_lazy("Returned to the drafter."),
    "sign_off": gettext_lazy("Referral signed off; it is issued to the superior procuratorate."),
    "signature_return": gettext_lazy("Returned to the drafter unsigned."),
}


@require_POST
def consultation_signoff_view(request, pk: int, action: str, document: str = "decision"):
    """A step of the sign-off of the decision (or of the 请示): pass the review, sign off, or
    return it."""
    done = REFERRAL_SIGNOFF_DONE if document == "referral" else SIGNOFF_DONE
    if action not in done:
        raise Http404
    consultation = consultation_detail(user=request.user, pk=pk)
    form = SignoffCommentForm(request.POST)
    comment = form.cleaned_data["comment"] if form.is_valid() else ""
    try:
        services.consultation_signoff(
            user=request.user,
            consultation=consultation,
            action=action,
            comment=comment,
            document=document,
        )
        messages.success(request, str(done[action]))
    except (PermissionDenied, ValidationError) as error:
        messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
    return redirect(consultation)


def decision_draft_download(request, pk: int):
    """The decision in sign-off as a PDF watermarked 草稿, to its reviewer and signers only."""
    return draft_response(decision_draft(user=request.user, consultation_pk=pk))


def decision_record_download(request, pk: int):
    """The decision record's PDF, to the parties only; every download is logged."""
    record = services.decision_record_for_download(user=request.user, consultation_pk=pk)
    return file_response(record)


def referral_draft_download(request, pk: int):
    """The 请示 in sign-off as a PDF watermarked 草稿, to its reviewer and signer only."""
    return referral_draft_response(referral.referral_draft(user=request.user, consultation_pk=pk))


def referral_document_download(request, pk: int):
    """The issued 请示's PDF, to the parties only; every download is logged."""
    document = referral.referral_document_for_download(user=request.user, consultation_pk=pk)
    return file_response(document)
