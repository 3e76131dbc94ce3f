"""Pages of the coordination symposiums of adjacent procuratorates (§10)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cooperation.meetings.forms import DocumentForm
from cooperation.symposiums import services
from cooperation.symposiums.borders import without_neighbour
from cooperation.symposiums.forms import AgreementForm, FollowUpForm, SymposiumForm
from cooperation.symposiums.permissions import may_convene, may_mark_done, symposium_policy
from cooperation.symposiums.selectors import symposium_detail, symposium_list
from portal.documents import file_response
from portal.forms import add_errors

PER_PAGE = 20


def symposium_list_view(request):
    """The symposiums of the user's procuratorates (and of those below them)."""
    page = Paginator(symposium_list(user=request.user), PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "cooperation/symposium_list.html",
        {"page": page, "may_create": may_convene(request.user)},
    )


def symposium_form_view(request):
    """A prefecture or county procuratorate convenes its neighbours."""
    if not may_convene(request.user):
        raise PermissionDenied
    form = SymposiumForm(request.POST or None, convener=request.user.procuratorate)
    strangers = []
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in ("title", "held_on", "venue")}
        participants = [request.user.procuratorate, *form.cleaned_data["participants"]]
        strangers = without_neighbour(participants)
        if strangers and not request.POST.get("not_neighbours_confirmed"):
            return render(
                request, "cooperation/symposium_form.html", {"form": form, "strangers": strangers}
            )
        try:
            symposium = services.symposium_create(
                user=request.user, data=data, participants=list(form.cleaned_data["participants"])
            )
            messages.success(request, _("Symposium recorded; the participants are told."))
            return redirect(symposium)
        except ValidationError as error:
            add_errors(error, form)
    return render(
        request,
        "cooperation/symposium_form.html",
        {"form": form, "strangers": strangers},
        status=400 if request.method == "POST" else 200,
    )


def symposium_detail_view(request, pk: int, failed: dict | None = None, status: int = 200):
    failed = failed or {}
    symposium = symposium_detail(user=request.user, pk=pk)
    may_change = symposium_policy.can(request.user, "change", symposium)
    follow_ups = list(symposium.follow_ups.all())
    for item in follow_ups:
        item.may_mark_done = not item.done and may_mark_done(request.user, item)
    return render(
        request,
        "cooperation/symposium_detail.html",
        {
            "symposium": symposium,
            "participants": [p.procuratorate for p in symposium.participants.all()],
            "follow_ups": follow_ups,
            "documents": list(symposium.documents.all()),
            "may_change": may_change,
            "agreement_form": (
                (failed.get("agreement") or AgreementForm(symposium=symposium))
                if may_change
                else None
            ),
            "follow_up_form": (
                (failed.get("follow_up") or FollowUpForm(symposium=symposium))
                if may_change
                else None
            ),
            "document_form": ((failed.get("document") or DocumentForm()) if may_change else None),
        },
        status=status,
    )


def symposium_for_action(request, pk: int):
    symposium = symposium_detail(user=request.user, pk=pk)
    if not symposium_policy.can(request.user, "change", symposium):
        raise PermissionDenied
    return symposium


@require_POST
def symposium_agreement_view(request, pk: int):
    symposium = symposium_for_action(request, pk)
    form = AgreementForm(request.POST)
    if form.is_valid():
        try:
            services.symposium_record_agreement(
                user=request.user, symposium=symposium, agreement=form.cleaned_data["agreement"]
            )
            messages.success(request, _("Agreement recorded."))
            return redirect(symposium)
        except ValidationError as error:
            add_errors(error, form)
    return symposium_detail_view(request, pk, failed={"agreement": form}, status=400)


@require_POST
def symposium_follow_up_view(request, pk: int):
    symposium = symposium_for_action(request, pk)
    form = FollowUpForm(request.POST, symposium=symposium)
    if form.is_valid():
        try:
            services.symposium_add_follow_up(
                user=request.user, symposium=symposium, **form.cleaned_data
            )
            messages.success(request, _("Follow-up item added."))
            return redirect(symposium)
        except ValidationError as error:
            add_errors(error, form)
    return symposium_detail_view(request, pk, failed={"follow_up": form}, status=400)


@require_POST
def symposium_follow_up_done_view(request, pk: int, item_pk: int):
    symposium = symposium_detail(user=request.user, pk=pk)
    follow_up = get_object_or_404(symposium.follow_ups.all(), pk=item_pk)
    services.symposium_follow_up_done(user=request.user, follow_up=follow_up)
    messages.success(request, _("Follow-up item marked done."))
    return redirect(symposium)


@require_POST
def symposium_attach_view(request, pk: int):
    symposium = symposium_for_action(request, pk)
    form = DocumentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.symposium_attach(
                user=request.user, symposium=symposium, upload=form.cleaned_data["upload"]
            )
            messages.success(request, _("Document uploaded."))
            return redirect(symposium)
        except ValidationError as error:
            add_errors(error, form)
    return symposium_detail_view(request, pk, failed={"document": form}, status=400)


def symposium_document_download(request, pk: int, document_pk: int):
    """A symposium's document, to those who may see the symposium only; logged."""
    document = services.symposium_document_for_download(
        user=request.user, symposium_pk=pk, document_pk=document_pk
    )
    return file_response(document)
