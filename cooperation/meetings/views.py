"""Pages of a joint meeting: the form, the detail page and its actions, its documents and notice.
Every write goes through the meetings' services."""

from django.contrib import messages
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _, ngettext
from django.views.decorators.http import require_POST

from cooperation.meetings import services, signoff
from cooperation.meetings.forms import (
    AnswerForm,
    DocumentForm,
    MeetingForm,
    MinutesForm,
    ReportForm,
    ResolutionForm,
    agenda_formset,
)
from cooperation.meetings.letters import notice_draft_response
from cooperation.meetings.models import Invitation, Meeting, MeetingNotice, Resolution
from cooperation.meetings.permissions import (
    UNANNOUNCED,
    answerable_invitation,
    may_file_agenda_document,
    meeting_policy,
    resolution_policy,
)
from cooperation.meetings.selectors import meeting_detail, resolution_detail, resolution_list
from cooperation.rotation.permissions import is_chair_office, may_schedule
from portal.documents import file_response
from portal.forms import add_errors, error_messages

# Meetings: the form.


def meeting_form_view(request, pk: int | None = None):
    """The chair office schedules a meeting (or changes one) with its agenda."""
    meeting = meeting_to_write(request.user, pk)
    data = request.POST if request.method == "POST" else None
    form = MeetingForm(data, meeting=meeting)
    agenda = agenda_formset(data, meeting=meeting)
    if request.method == "POST" and all([form.is_valid(), agenda.is_valid()]):
        try:
            return save_meeting(request, meeting, form, agenda)
        except PermissionDenied as error:
            # The chair office of another year: the start date is what is wrong.
            form.add_error("starts_at", str(error) or _("You may not do this."))
        except ValidationError as error:
            show_meeting_errors(error, form, agenda)
    if meeting is not None:
        carried = [item for item in meeting.agenda.all() if item.carried_resolution_id]
    else:
        open_resolutions = resolution_list(user=request.user, state=Resolution.State.OPEN)
        carried = list(open_resolutions.order_by("due_date"))
    return render(
        request,
        "cooperation/meeting_form.html",
        {"form": form, "agenda": agenda, "meeting": meeting, "carried": carried},
        status=400 if request.method == "POST" else 200,
    )


def meeting_to_write(user, pk: int | None):
    """The meeting the form changes (None for a new one); refused to all but the chair office."""
    if pk is None:
        if not may_schedule(user):
            raise PermissionDenied
        return None
    meeting = meeting_policy.get_or_404(user, pk=pk)
    if not is_chair_office(user, meeting.year):
        raise PermissionDenied
    return meeting_detail(user=user, pk=pk)


def save_meeting(request, meeting, form, agenda):
    """Save the valid form through the services, and open the meeting."""
    if meeting is None:
        saved = services.meeting_create(
            user=request.user, data=form.cleaned_data, agenda=agenda.items()
        )
        messages.success(request, _("Meeting saved as a draft: publish it when ready."))
    else:
        saved = services.meeting_update(
            user=request.user, meeting=meeting, data=form.cleaned_data, agenda=agenda.items()
        )
        messages.success(request, _("Meeting saved."))
    return redirect(saved)


def show_meeting_errors(error: ValidationError, form, agenda) -> None:
    """A service's errors next to the fields, the agenda's above the agenda."""
    errors = error_messages(error)
    if "ends_at" in errors:
        # The model's check constraint restates the ends_at error in its own words.
        errors.pop(NON_FIELD_ERRORS, None)
    if agenda_errors := errors.pop("agenda", None):
        agenda._non_form_errors = agenda.error_class(agenda_errors)
    add_errors(ValidationError(errors), form)


# Meetings: the detail page and its actions.


def meeting_detail_view(request, pk: int, failed: dict | None = None, status: int = 200):
    """A meeting with its agenda, invitations, minutes and resolutions, and what the user may
    do. `failed` holds a form that came back with errors, by its name."""
    failed = failed or {}
    user = request.user
    meeting = meeting_detail(user=user, pk=pk)
    chair_office = is_chair_office(user, meeting.year)
    published = meeting.status == Meeting.Status.PUBLISHED
    invitation = answerable_invitation(user, meeting) if published else None
    invitations = list(meeting.invitations.all())
    pending = [i for i in invitations if i.answer == Invitation.Answer.PENDING]
    context = {
        "meeting": meeting,
        "today": timezone.localdate(),
        "agenda": agenda_with_rights(user, meeting),
        "document_form": failed.get("document") or DocumentForm(),
        "invitations": invitations,
        "pending_count": len(pending),
        "resolutions": resolutions_with_forms(user, meeting),
        "revisions": list(meeting.revisions.all()),
        "notice": (notice := getattr(meeting, "notice", None)),
        "notice_issued": notice is not None and notice.state == MeetingNotice.State.ISSUED,
        "chair_office": chair_office,
        "may_edit": chair_office and meeting.status not in signoff.SIGNOFF_STATES,
        "signoff": signoff_panel(user, meeting, chair_office),
        "may_publish": chair_office and meeting.status == Meeting.Status.DRAFT,
        "may_remind": chair_office and published and bool(pending),
        "invitation": invitation,
        "answer_form": (failed.get("answer") or AnswerForm(invitation=invitation))
        if invitation
        else None,
        "minutes_form": (failed.get("minutes") or MinutesForm(meeting=meeting))
        if chair_office
        else None,
        # Resolutions are recorded once the meeting is published.
        "resolution_form": (failed.get("resolution") or ResolutionForm())
        if chair_office and published
        else None,
    }
    return render(request, "cooperation/meeting_detail.html", context, status=status)


def signoff_panel(user, meeting, chair_office: bool) -> dict | None:
    """What the sign-off card shows until the notice is signed off, to the chair office and to
    the reviewer and signer: the step, the procuratorate, the steps the user may take, whether
    they read the draft, and the timeline (a returned notice's comment above all)."""
    if meeting.status not in UNANNOUNCED:
        return None
    in_signoff = meeting.status in signoff.SIGNOFF_STATES
    if not (chair_office or (in_signoff and signoff.notice_signoff_sides(user, meeting))):
        return None
    return {
        "in_signoff": in_signoff,
        "procuratorate": signoff.chair_procuratorate(meeting),
        "in_review": meeting.status == Meeting.Status.NOTICE_IN_REVIEW,
        "may_decide": signoff.may_decide(user, meeting),
        "steps": [
            (name, signoff.meeting_workflow[name].label)
            for name in signoff.meeting_workflow.available(user, meeting)
        ],
        "events": list(meeting.events.select_related("actor")),
    }


def agenda_with_rights(user, meeting) -> list:
    """The agenda items, each saying whether the user may file a document under it (the chair
    office, or the item's presenting member)."""
    agenda = list(meeting.agenda.all())
    for item in agenda:
        item.may_attach = may_file_agenda_document(user, item)
    return agenda


def resolutions_with_forms(user, meeting) -> list:
    """The meeting's resolutions, each open one with a report form for its owner."""
    resolutions = list(meeting.resolutions.all())
    for resolution in resolutions:
        may_report = resolution.state == Resolution.State.OPEN and resolution_policy.can(
            user, "report", resolution
        )
        report_form = ReportForm(prefix=f"report-{resolution.pk}") if may_report else None
        resolution.report_form = report_form
    return resolutions


@require_POST
def agenda_document_view(request, pk: int, item_pk: int):
    """File a document under an agenda item."""
    meeting = meeting_for_action(request, pk)
    item = get_object_or_404(meeting.agenda.all(), pk=item_pk)
    form = DocumentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.agenda_document_attach(
                user=request.user, item=item, upload=form.cleaned_data["upload"]
            )
            messages.success(request, _("Document uploaded."))
            return redirect(meeting)
        except ValidationError as error:
            add_errors(error, form)
    return meeting_detail_view(request, pk, failed={"document": form}, status=400)


def agenda_document_download(request, pk: int, document_pk: int):
    """A document of an agenda item, to those who may see the meeting only; logged."""
    document = services.agenda_document_for_download(
        user=request.user, meeting_pk=pk, document_pk=document_pk
    )
    return file_response(document)


def meeting_for_action(request, pk: int) -> Meeting:
    """The meeting an action is about: 404 when the user may not see it."""
    return meeting_policy.get_or_404(request.user, pk=pk)


@require_POST
def meeting_publish_view(request, pk: int):
    meeting = meeting_for_action(request, pk)
    try:
        services.meeting_publish(user=request.user, meeting=meeting)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(meeting)
    messages.success(
        request,
        _(
            "Meeting published: its notice is in sign-off; the members are invited when it is "
            "signed off."
        ),
    )
    return redirect(meeting)


@require_POST
def meeting_signoff_view(request, pk: int):
    """A step of the notice's sign-off: pass the review, sign off, or return with a comment."""
    meeting = meeting_for_action(request, pk)
    try:
        signoff.meeting_notice_transition(
            user=request.user,
            meeting=meeting,
            action=request.POST.get("action", ""),
            comment=request.POST.get("comment", ""),
        )
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
        return redirect(meeting)
    messages.success(request, _("Done: the notice has moved on in its sign-off."))
    return redirect(meeting)


def notice_draft_download(request, pk: int):
    """The notice in sign-off, watermarked 草稿, to its reviewer and signer only."""
    return notice_draft_response(signoff.notice_draft(user=request.user, meeting_pk=pk))


@require_POST
def meeting_answer_view(request, pk: int):
    """The liaison officer of an invited member answers the invitation."""
    meeting = meeting_detail(user=request.user, pk=pk)
    invitation = answerable_invitation(request.user, meeting)
    if invitation is None:
        raise PermissionDenied
    form = AnswerForm(request.POST, invitation=invitation)
    if form.is_valid():
        try:
            services.invitation_answer(
                user=request.user,
                invitation=invitation,
                answer=form.cleaned_data["answer"],
                delegates=form.cleaned_data["delegates"],
            )
            messages.success(request, _("Your answer has been recorded."))
            return redirect(meeting)
        except ValidationError as error:
            if not hasattr(error, "error_dict"):  # not about a field: not open for answers
                messages.error(request, " ".join(error.messages))
                return redirect(meeting)
            add_errors(error, form)
    return meeting_detail_view(request, pk, failed={"answer": form}, status=400)


@require_POST
def meeting_remind_view(request, pk: int):
    meeting = meeting_for_action(request, pk)
    try:
        count = services.invitations_remind(user=request.user, meeting=meeting)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(meeting)
    messages.success(
        request,
        ngettext(
            "%(count)s member that has not answered was reminded.",
            "%(count)s members that have not answered were reminded.",
            count,
        )
        % {"count": count},
    )
    return redirect(meeting)


@require_POST
def meeting_minutes_view(request, pk: int):
    meeting = meeting_for_action(request, pk)
    form = MinutesForm(request.POST)
    if form.is_valid():
        try:
            services.minutes_save(
                user=request.user, meeting=meeting, text=form.cleaned_data["minutes"]
            )
            messages.success(request, _("Minutes saved."))
            return redirect(f"{meeting.get_absolute_url()}#minutes")
        except ValidationError as error:
            add_errors(error, form)
    return meeting_detail_view(request, pk, failed={"minutes": form}, status=400)


@require_POST
def resolution_create_view(request, pk: int):
    meeting = meeting_for_action(request, pk)
    form = ResolutionForm(request.POST)
    if form.is_valid():
        try:
            resolution = services.resolution_create(
                user=request.user, meeting=meeting, **form.cleaned_data
            )
            messages.success(request, _("Resolution recorded; its owner is told."))
            return redirect(resolution)
        except ValidationError as error:
            if not hasattr(error, "error_dict"):  # not about a field: a draft meeting, say
                messages.error(request, " ".join(error.messages))
                return redirect(meeting)
            add_errors(error, form)
    elif not is_chair_office(request.user, meeting.year):
        raise PermissionDenied
    return meeting_detail_view(request, pk, failed={"resolution": form}, status=400)


def resolution_report_view(request, pk: int):
    """The owner of a resolution reports its progress (and whether it is done): the form
    sits on the meeting page; this address also shows it alone, with the earlier reports."""
    resolution = resolution_detail(user=request.user, pk=pk)
    if not resolution_policy.can(request.user, "report", resolution):
        raise PermissionDenied
    prefix = f"report-{resolution.pk}"
    form = ReportForm(request.POST or None, prefix=prefix)
    if request.method == "POST" and form.is_valid():
        try:
            services.resolution_report(
                user=request.user, resolution=resolution, **form.cleaned_data
            )
            messages.success(request, _("Progress reported."))
            return redirect(resolution)
        except ValidationError as error:
            if not hasattr(error, "error_dict"):  # not about a field: already done, say
                messages.error(request, " ".join(error.messages))
                return redirect(resolution)
            add_errors(error, form)
    return render(
        request,
        "cooperation/resolution_report.html",
        {
            "resolution": resolution,
            "today": timezone.localdate(),
            "form": form if resolution.state == Resolution.State.OPEN else None,
        },
        status=400 if request.method == "POST" else 200,
    )


def notice_download(request, pk: int):
    """The issued meeting notice (PDF), to those who may see the meeting; logged."""
    notice = services.notice_for_download(user=request.user, meeting_pk=pk)
    return file_response(notice)
