"""Pages of the liaison mechanism: meetings and their calendar, the rotation, calendar feeds,
resolutions and coordination symposiums. Every write goes through `cooperation.services`."""

import calendar as month_calendar
import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.dates import WEEKDAYS_ABBR
from django.utils.translation import gettext as _, ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from cooperation import services
from cooperation.calendar import meetings_calendar
from cooperation.forms import (
    AgreementForm,
    AnswerForm,
    DocumentForm,
    FollowUpForm,
    MeetingForm,
    MinutesForm,
    ReportForm,
    ResolutionForm,
    SwapForm,
    SymposiumForm,
    agenda_formset,
)
from cooperation.models import (
    CalendarFeed,
    ChairSwap,
    ChairTerm,
    Invitation,
    Meeting,
    MeetingNotice,
    Resolution,
)
from cooperation.permissions import (
    answerable_invitation,
    chair_years,
    is_chair_office,
    may_convene,
    may_file_agenda_document,
    may_mark_done,
    may_record_swap,
    meeting_policy,
    resolution_policy,
    symposium_policy,
)
from cooperation.selectors import (
    meeting_detail,
    meeting_list,
    resolution_detail,
    resolution_list,
    symposium_detail,
    symposium_list,
    user_meetings,
)
from portal.forms import add_errors, error_messages
from portal.models import Province
from portal.permissions import procuratorate_scope_ids

PER_PAGE = 20
# The rotation page shows the chairs from the first year to this many years ahead.
ROTATION_YEARS_AHEAD = 5


# Meetings: calendar and list.


def may_schedule(user) -> bool:
    """Whether the user belongs to the chair office of this year or a later one."""
    return any(year >= timezone.localdate().year for year in chair_years(user))


def month_from(value: str | None) -> dt.date:
    """The first day of the month asked for as `YYYY-MM`, this month by default."""
    today = timezone.localdate()
    try:
        year, month = (int(part) for part in (value or "").split("-"))
        if 1900 <= year <= 2200:
            return dt.date(year, month, 1)
    except ValueError:
        pass
    return today.replace(day=1)


def meeting_list_view(request):
    """The meetings the user may see: a month calendar (default) or a list (`?view=list`)."""
    listing = request.GET.get("view") == "list"
    context = {
        "listing": listing,
        "may_create": may_schedule(request.user),
        "today": timezone.localdate(),
        "member_count": len(Province.values),
    }
    if listing:
        meetings = meeting_list(user=request.user).order_by("-starts_at")
        context["page"] = Paginator(meetings, PER_PAGE).get_page(request.GET.get("page"))
    else:
        context.update(month_grid(request.user, month_from(request.GET.get("month"))))
    open_resolutions = resolution_list(user=request.user, state=Resolution.State.OPEN)
    own = open_resolutions.filter(owner_id__in=procuratorate_scope_ids(request.user))
    context["own_resolutions"] = list(own[:10])
    return render(request, "cooperation/meeting_list.html", context)


def month_grid(user, first: dt.date) -> dict:
    """The weeks of a month (Monday first), each day with the meetings on it (Beijing time)."""
    next_first = (first + dt.timedelta(days=32)).replace(day=1)
    previous_first = (first - dt.timedelta(days=1)).replace(day=1)
    tz = timezone.get_current_timezone()
    start = dt.datetime.combine(first, dt.time.min, tzinfo=tz)
    end = dt.datetime.combine(next_first, dt.time.min, tzinfo=tz)
    meetings = meeting_list(user=user).filter(starts_at__lt=end, ends_at__gt=start)
    by_day: dict[dt.date, list[Meeting]] = {}
    for meeting in meetings:
        # Each day of the meeting within the month (a meeting may run over several days).
        day = max(timezone.localtime(meeting.starts_at).date(), first)
        last = timezone.localtime(meeting.ends_at - dt.timedelta(microseconds=1)).date()
        last = min(last, next_first - dt.timedelta(days=1))
        while day <= last:
            by_day.setdefault(day, []).append(meeting)
            day += dt.timedelta(days=1)
    today = timezone.localdate()
    weeks = [
        [
            {
                "date": day,
                "in_month": day.month == first.month,
                "today": day == today,
                "meetings": by_day.get(day, []),
            }
            for day in week
        ]
        for week in month_calendar.Calendar(firstweekday=0).monthdatescalendar(
            first.year, first.month
        )
    ]
    return {
        "month": first,
        "weeks": weeks,
        "weekdays": [WEEKDAYS_ABBR[day] for day in range(7)],  # Django's own translations
        "previous_month": f"{previous_first:%Y-%m}",
        "next_month": f"{next_first:%Y-%m}",
        "this_month": f"{today:%Y-%m}",
        "meetings_in_month": len({m.pk for day in by_day.values() for m in day}),
    }


# Meetings: the form.


def meeting_form_view(request, pk: int | None = None):
    """The chair office schedules a meeting (or changes one) with its agenda."""
    meeting = None
    if pk is not None:
        meeting = meeting_policy.get_or_404(request.user, pk=pk)
        if not is_chair_office(request.user, meeting.year):
            raise PermissionDenied
        meeting = meeting_detail(user=request.user, pk=pk)
    elif not may_schedule(request.user):
        raise PermissionDenied
    data = request.POST if request.method == "POST" else None
    form = MeetingForm(data, meeting=meeting)
    agenda = agenda_formset(data, meeting=meeting)
    if request.method == "POST" and all([form.is_valid(), agenda.is_valid()]):
        try:
            if meeting is None:
                saved = services.meeting_create(
                    user=request.user, data=form.cleaned_data, agenda=agenda.items()
                )
                messages.success(request, _("Meeting saved as a draft: publish it when ready."))
            else:
                saved = services.meeting_update(
                    user=request.user,
                    meeting=meeting,
                    data=form.cleaned_data,
                    agenda=agenda.items(),
                )
                messages.success(request, _("Meeting saved."))
            return redirect(saved)
        except PermissionDenied as error:
            # The chair office of another year: the start date is what is wrong.
            form.add_error("starts_at", str(error) or _("You may not do this."))
        except ValidationError as error:
            errors = error_messages(error)
            if "ends_at" in errors:
                # The model's check constraint restates the ends_at error in its own words.
                errors.pop(NON_FIELD_ERRORS, None)
            if agenda_errors := errors.pop("agenda", None):
                agenda._non_form_errors = agenda.error_class(agenda_errors)
            for key, messages_ in errors.items():
                for message in messages_:
                    form.add_error(key if key in form.fields else None, message)
    if meeting is not None:
        carried = [item for item in meeting.agenda.all() if item.carried_resolution_id]
    else:
        carried = list(
            resolution_list(user=request.user, state=Resolution.State.OPEN).order_by("due_date")
        )
    return render(
        request,
        "cooperation/meeting_form.html",
        {"form": form, "agenda": agenda, "meeting": meeting, "carried": carried},
        status=400 if request.method == "POST" else 200,
    )


# Meetings: the detail page and its actions.


def meeting_detail_view(request, pk: int, failed: dict | None = None, status: int = 200):
    """A meeting with its agenda, invitations, minutes and resolutions, and what the user may
    do. `failed` holds a form that came back with errors, by its name."""
    failed = failed or {}
    meeting = meeting_detail(user=request.user, pk=pk)
    user = request.user
    chair_office = is_chair_office(user, meeting.year)
    published = meeting.status == Meeting.Status.PUBLISHED
    invitation = answerable_invitation(user, meeting) if published else None
    invitations = list(meeting.invitations.all())
    pending = [i for i in invitations if i.answer == Invitation.Answer.PENDING]
    resolutions = list(meeting.resolutions.all())
    for resolution in resolutions:
        # The owner reports on an open resolution.
        resolution.report_form = None
        if resolution.state == Resolution.State.OPEN and resolution_policy.can(
            user, "report", resolution
        ):
            resolution.report_form = ReportForm(prefix=f"report-{resolution.pk}")
    # Documents are filed under an item by the chair office or the item's presenting member.
    agenda = list(meeting.agenda.all())
    for item in agenda:
        item.may_attach = may_file_agenda_document(user, item)
    notice = getattr(meeting, "notice", None)
    context = {
        "meeting": meeting,
        "today": timezone.localdate(),
        "agenda": agenda,
        "document_form": failed.get("document") or DocumentForm(),
        "invitations": invitations,
        "pending_count": len(pending),
        "resolutions": resolutions,
        "revisions": list(meeting.revisions.all()),
        "notice": notice,
        "notice_issued": notice is not None and notice.state == MeetingNotice.State.ISSUED,
        "chair_office": chair_office,
        "may_edit": chair_office,
        "may_publish": chair_office and meeting.status == Meeting.Status.DRAFT,
        "may_remind": chair_office and published and bool(pending),
        "invitation": invitation,
        "answer_form": (
            (failed.get("answer") or AnswerForm(invitation=invitation)) if invitation else None
        ),
        "minutes_form": (
            (failed.get("minutes") or MinutesForm(meeting=meeting)) if chair_office else None
        ),
        # Resolutions are recorded once the meeting is published.
        "resolution_form": (
            (failed.get("resolution") or ResolutionForm()) if chair_office and published else None
        ),
    }
    return render(request, "cooperation/meeting_detail.html", context, status=status)


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
    return FileResponse(
        document.file.open("rb"), as_attachment=True, filename=document.original_name
    )


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
        request, _("Meeting published: the members are invited and the notice is being issued.")
    )
    return redirect(meeting)


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


# Meetings: downloads.


def ics_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def meeting_ics(request, pk: int):
    """The meeting as a calendar event (Beijing time)."""
    meeting = meeting_for_action(request, pk)
    return ics_response(meetings_calendar([meeting]), f"meeting-{meeting.number}.ics")


def notice_download(request, pk: int):
    """The issued meeting notice (PDF), to those who may see the meeting; logged."""
    notice = services.notice_for_download(user=request.user, meeting_pk=pk)
    return FileResponse(
        notice.file.open("rb"),
        as_attachment=True,
        filename=f"{notice.number}.pdf",
        content_type="application/pdf",
    )


# The rotation.


def rotation_view(request, swap_form=None, status=200):
    """Past and future chairs, the current term with its handover note, and recorded swaps."""
    today = timezone.localdate()
    setup = services.rotation()
    chairs = services.chair_calendar(setup.first_year, today.year + ROTATION_YEARS_AHEAD)
    swaps = list(ChairSwap.objects.select_related("recorded_by").order_by("year_a"))
    swapped = {swap.year_a: swap for swap in swaps} | {swap.year_b: swap for swap in swaps}
    terms = {term.year: term for term in ChairTerm.objects.all()}
    current = next(
        (terms[year] for year in sorted(terms, reverse=True) if year <= today.year), None
    )
    may_swap = may_record_swap(request.user)
    rows = [
        {
            "year": year,
            "member": Province(code).label,
            "code": code,
            "term": terms.get(year),
            "swap": swapped.get(year),
            "current": current is not None and year == current.year,
            "past": year < today.year,
        }
        for year, code in chairs
    ]
    return render(
        request,
        "cooperation/rotation.html",
        {
            "rows": rows,
            "may_create": may_schedule(request.user),
            "setup": setup,
            "order": [Province(code).label for code in setup.order],
            "current": current,
            "swaps": swaps,
            "may_swap": may_swap,
            "swap_form": swap_form or (SwapForm() if may_swap else None),
        },
        status=status,
    )


@require_POST
def rotation_swap_view(request):
    """An administrator records a swap of two future years."""
    if not may_record_swap(request.user):
        raise PermissionDenied
    form = SwapForm(request.POST)
    if form.is_valid():
        try:
            swap = services.chair_swap_record(user=request.user, **form.cleaned_data)
            messages.success(
                request,
                _("Swap recorded: %(year_a)s ⇄ %(year_b)s.")
                % {"year_a": swap.year_a, "year_b": swap.year_b},
            )
            return redirect("cooperation:rotation")
        except ValidationError as error:
            add_errors(error, form)
    return rotation_view(request, swap_form=form, status=400)


# Personal calendar feeds.


def feed_view(request):
    """The user's personal calendar feed address, with its secret token."""
    feed = services.calendar_feed(user=request.user)
    url = request.build_absolute_uri(reverse("cooperation:feed-ics", args=[feed.token]))
    return render(
        request,
        "cooperation/feed.html",
        {
            "feed": feed,
            "feed_url": url,
            "webcal_url": "webcal://" + url.split("://", 1)[1],
            "meetings": list(user_meetings(user=request.user).order_by("starts_at")),
            "may_create": may_schedule(request.user),
        },
    )


@require_POST
def feed_renew_view(request):
    services.calendar_feed_revoke(user=request.user)
    messages.success(
        request, _("The calendar feed has a new address; the old one no longer works.")
    )
    return redirect("cooperation:feed")


@login_not_required
@never_cache
def feed_ics(request, token: str):
    """A person's meetings as a calendar feed: no sign-in, the secret token is the key."""
    feed = CalendarFeed.objects.select_related("user").filter(token=token).first()
    if feed is None or not feed.user.is_active:
        raise Http404
    with translation.override(feed.user.language):
        name = _("Joint meetings")
    meetings = list(user_meetings(user=feed.user).order_by("starts_at"))
    response = HttpResponse(
        meetings_calendar(meetings, name=name), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = 'inline; filename="meetings.ics"'
    return response


# Symposiums.


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
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in ("title", "held_on", "venue")}
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
        {"form": form},
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
    return FileResponse(
        document.file.open("rb"), as_attachment=True, filename=document.original_name
    )
