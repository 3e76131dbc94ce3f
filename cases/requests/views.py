"""Pages of assistance requests: lists, the type forms, the detail with its actions, downloads."""

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cases.requests import services
from cases.requests.calendar import slot_calendar
from cases.requests.forms import (
    RequestFilterForm,
    RequestForm,
    SlotsForm,
    action_form,
    action_form_class,
    supplement_form,
)
from cases.requests.letters import draft_response
from cases.requests.models import EDITABLE_STATES, Letter, RequestType, Status
from cases.requests.permissions import (
    is_handler,
    may_create_requests,
    reply_visible,
    request_policy,
    side_of,
)
from cases.requests.selectors import RECEIVED, SENT, SIGNOFF, request_detail, request_list
from cases.requests.types import SPECS, details_display, person_label
from portal.audit import export_record
from portal.documents import file_response
from portal.forms import PER_PAGE, UploadForm, add_errors, style_fields
from portal.models import Role

# Actions shown inside their own card of the detail page rather than in the actions panel.
CARD_ACTIONS = {"message", "note", "attach"}
# What the detail page shows of the work built on a request (whether a restoration may be opened
# on it, the task force that raised it), by the name the template reads: the sub-domains that
# build on requests answer it and add their entry in CasesConfig.ready, as requests import none
# of them.
DETAIL_EXTRAS: dict[str, Callable] = {}


def loads_when_opened(action: str) -> bool:
    """Whether the panel of an action fetches its form when opened (`request_action_form`).

    Forms with more than a comment (choices, dates, files) stay folded until wanted, and
    building and rendering all of them made half of the detail page's time; one-click steps
    and the cards' forms are on the page at once.
    """
    return action not in CARD_ACTIONS and len(action_form_class(action).base_fields) > 1


def request_index(request):
    """The requests section opens on what was received."""
    return redirect("cases:request-list", box=RECEIVED)


def request_list_view(request, box: str):
    """Requests sent or received by the user's procuratorates, filtered and paginated."""
    if box not in (SENT, RECEIVED, SIGNOFF):
        raise Http404
    filter_form = RequestFilterForm(request.GET or None)
    filters = filter_form.cleaned_data if filter_form.is_valid() else {}
    page = Paginator(request_list(user=request.user, box=box, filters=filters), PER_PAGE).get_page(
        request.GET.get("page")
    )
    for item in page:
        item.person = person_label(
            item.request_type, item.details, category=item.category, reveal=False
        )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "cases/request_list.html",
        {
            "box": box,
            "page": page,
            "filter_form": filter_form,
            "query": query.urlencode(),
            "may_create": may_create_requests(request.user),
            "may_delegate": box == SIGNOFF and request.user.has_role(Role.CHIEF),
        },
    )


def request_new(request):
    """Choose the type of a new request."""
    if not may_create_requests(request.user):
        raise PermissionDenied
    return render(request, "cases/request_new.html", {"types": RequestType.choices})


def request_form_view(request, request_type: str | None = None, pk: int | None = None):
    """Fill in (or change) a request of one type; save it as a draft or send it at once."""
    instance = request_to_write(request.user, pk)
    request_type = instance.request_type if instance else request_type
    if request_type not in SPECS:
        raise Http404
    spec = SPECS[request_type]
    data = request.POST if request.method == "POST" else None
    form = RequestForm(data, instance=instance, user=request.user)
    details = style_fields(
        spec.form(data, prefix="details", initial=instance.details if instance else None)
    )
    slots = SlotsForm(
        data, prefix="slots", initial_slots=instance.proposed_slots.all() if instance else ()
    )
    upload = UploadForm(data, request.FILES or None, prefix="file")
    # Validate every part, so that all mistakes are shown at once.
    parts = [form, details, upload] + ([slots] if spec.has_slots else [])
    if request.method == "POST" and all([part.is_valid() for part in parts]):
        try:
            return save_request(request, instance, spec, request_type, form, details, slots, upload)
        except ValidationError as error:
            add_errors(error, form, elsewhere=other_forms(details, slots, upload))
    return render(
        request,
        "cases/request_form.html",
        {
            "form": form,
            "details_form": details,
            "slots_form": slots if spec.has_slots else None,
            "upload_form": upload,
            "type_label": RequestType(request_type).label,
            "instance": instance,
        },
        status=400 if request.method == "POST" else 200,
    )


def request_to_write(user, pk: int | None):
    """The request the form changes (None for a new one); 404 or 403 where the user may not."""
    if pk is None:
        if not may_create_requests(user):
            raise PermissionDenied
        return None
    instance = request_policy.get_or_404(user, pk=pk)
    if instance.status not in EDITABLE_STATES or side_of(user, instance) is None:
        raise Http404
    return instance


def save_request(request, instance, spec, request_type, form, details, slots, upload):
    """Save the valid form through the services (and send it if asked), then open it."""
    user = request.user
    raw_details = {name: details[name].value() for name in spec.form.base_fields}
    common = {**form.cleaned_data, "request_type": request_type}
    proposed = slots.slots() if spec.has_slots else []
    file = upload.cleaned_data.get("upload")
    if instance is None:
        saved = services.request_create(
            user=user, data=common, details=raw_details, slots=proposed, upload=file
        )
    else:
        saved = services.request_update(
            user=user, request=instance, data=common, details=raw_details, slots=proposed
        )
        if file:
            services.request_transition(user=user, request=saved, action="attach", upload=file)
    if "submit" in request.POST:
        services.request_transition(user=user, request=saved, action="submit")
        messages.success(
            request, _("The letter is submitted for sign-off; it is sent once signed off.")
        )
    else:
        messages.success(request, _("Draft saved."))
    return redirect(saved)


def shown_details(obj, *, reveal: bool) -> dict:
    """The request's details and the person it concerns, masked unless `reveal`."""
    kind, details, category = obj.request_type, obj.details, obj.category
    return {
        "details": details_display(kind, details, category=category, reveal=reveal),
        "person": person_label(kind, details, category=category, reveal=reveal),
    }


def request_detail_view(request, pk: int, failed_action="", failed_form=None, **failed):
    """A request with its timeline, messages, documents and the actions the user may take."""
    obj = request_detail(user=request.user, pk=pk)
    reveal = is_handler(request.user, obj)
    actions = services.available_actions(request.user, obj)
    # None: the panel fetches its form when opened; a failed form is shown with its errors.
    forms = {
        action: None if loads_when_opened(action) else action_form(action, request_obj=obj)
        for action in actions
        if action != "edit"
    }
    if failed_action:
        forms[failed_action] = failed_form
    panels = [
        (action, services.TRANSITIONS[action].label, form)
        for action, form in forms.items()
        if action not in CARD_ACTIONS
    ]
    return render(
        request,
        "cases/request_detail.html",
        {
            "obj": obj,
            "side": side_of(request.user, obj),
            "reveal": reveal,
            **shown_details(obj, reveal=reveal),
            "actions": actions,
            "action_forms": forms,
            "action_panels": panels,
            "failed_action": failed_action,
            "may_download_letters": reveal,
            "signoff": signoff_panel(request.user, obj),
            "supplements": supplement_panels(request.user, obj, failed.get("failed_step")),
            "reply_visible": reply_visible(request.user, obj),
            **{name: answer(request.user, obj) for name, answer in DETAIL_EXTRAS.items()},
        },
        status=failed.get("status", 200),
    )


def request_action_form(request, pk: int, action: str):
    """The form of one action, for its panel on the detail page; 404 unless it may be taken now."""
    obj = request_policy.get_or_404(request.user, pk=pk)
    if action not in services.TRANSITIONS or action == "edit":
        raise Http404
    try:
        services.check_action(request.user, obj, action)
    except (PermissionDenied, ValidationError):
        raise Http404 from None
    return render(
        request,
        "cases/partials/action_form.html",
        {
            "obj": obj,
            "action": action,
            "label": services.TRANSITIONS[action].label,
            "form": action_form(action, request_obj=obj),
        },
    )


@require_POST
def request_action(request, pk: int, action: str):
    """Take one step on a request; a refusal is shown next to the action, nothing changes."""
    obj = request_policy.get_or_404(request.user, pk=pk)
    if action not in services.TRANSITIONS or action == "edit":
        raise Http404
    form = action_form(action, request.POST, request.FILES, request_obj=obj)
    if form.is_valid() and taken(
        request, form, services.request_transition, request=obj, action=action
    ):
        return redirect(obj)
    return request_detail_view(request, pk, failed_action=action, failed_form=form, status=400)


def taken(http, form, service, **kwargs) -> bool:
    """Take a step through its service with the form's input; a refusal goes on the form."""
    try:
        service(user=http.user, **kwargs, **form.service_kwargs())
    except PermissionDenied as error:
        form.add_error(None, str(error) or _("You may not do this."))
    except ValidationError as error:
        for key, messages_ in getattr(error, "message_dict", {None: error.messages}).items():
            for message in messages_:
                form.add_error(key if key in form.fields else None, message)
    else:
        workflow = services.SUPPLEMENT_WORKFLOW if "supplement" in kwargs else services.WORKFLOW
        label = workflow[kwargs["action"]].label
        messages.success(http, _("Done: %(action)s.") % {"action": label})
        return True
    return False


@require_POST
def supplement_action(request, pk: int, supplement_pk: int, action: str):
    """Take a step of a supplementary or correction letter (the requesting side's; 404 else)."""
    supplement = services.supplement_of(
        user=request.user, request_pk=pk, supplement_pk=supplement_pk
    )
    if action not in services.SUPPLEMENT_WORKFLOW:
        raise Http404
    form = supplement_form(action, request.POST, supplement=supplement)
    if form.is_valid() and taken(
        request, form, services.supplement_transition, supplement=supplement, action=action
    ):
        return redirect(supplement.request)
    failed = (supplement.pk, action, form)
    return request_detail_view(request, pk, status=400, failed_step=failed)


def supplement_draft_letter(request, pk: int, supplement_pk: int):
    """The 补充函 or 更正函 in sign-off, watermarked 草稿, to its reviewer and signer only."""
    return draft_response(
        services.supplement_draft(user=request.user, request_pk=pk, supplement_pk=supplement_pk)
    )


def supplement_panels(user, obj, failed_step=None) -> list[dict]:
    """The drafts of 补充函 and 更正函 the page shows (the requesting side's only: the selector
    reads none for the other), each with the steps the user may take on it now."""
    panels = []
    for supplement in getattr(obj, "open_supplements", []):
        sides = services.supplement_sides(user, supplement)
        steps = services.SUPPLEMENT_WORKFLOW.available(user, supplement, sides)
        forms = {step: supplement_form(step, supplement=supplement) for step in steps}
        if failed_step and failed_step[0] == supplement.pk:
            forms[failed_step[1]] = failed_step[2]
        panels.append(
            {
                "supplement": supplement,
                "steps": [
                    (step, services.SUPPLEMENT_WORKFLOW[step].label, form)
                    for step, form in forms.items()
                ],
                "may_decide": services.may_decide_supplement(user, supplement, sides),
            }
        )
    return panels


def attachment_download(request, pk: int, attachment_pk: int):
    """An attachment, to the two sides only; every download is logged."""
    attachment = services.attachment_for_download(
        user=request.user, request_pk=pk, attachment_pk=attachment_pk
    )
    return file_response(attachment)


def letter_download(request, pk: int, kind: str):
    """A letter's PDF (its latest version, or `?version=`), to the handlers of the two
    procuratorates only; logged."""
    version = request.GET.get("version", "")
    letter = services.letter_for_download(
        user=request.user,
        request_pk=pk,
        kind=kind,
        version=int(version) if version.isdigit() else None,
    )
    return file_response(letter)


def draft_letter(request, pk: int):
    """The letter in sign-off, watermarked 草稿, to its reviewer and signer only (404 else)."""
    return draft_response(services.letter_draft(user=request.user, request_pk=pk))


def signoff_panel(user, obj) -> dict | None:
    """What the sign-off card shows: whose sign-off, which letter, and the draft for deciders."""
    procuratorate = services.signing_procuratorate(obj)
    if procuratorate is None or side_of(user, obj) is None:
        return None
    reply = obj.status in {Status.REPLY_IN_REVIEW, Status.REPLY_AWAITING_SIGNATURE}
    return {
        "procuratorate": procuratorate,
        "kind_label": Letter.Kind.REPLY.label if reply else Letter.Kind.REQUEST.label,
        "in_review": obj.status in {Status.IN_REVIEW, Status.REPLY_IN_REVIEW},
        "may_decide": services.may_decide_signoff(user, obj),
    }


def slot_ics(request, pk: int):
    """The agreed time slot as a calendar event."""
    obj = request_policy.get_or_404(request.user, pk=pk)
    if obj.agreed_slot is None:
        raise Http404
    export_record(user=request.user, target=obj, detail=f"request-{obj.pk}.ics")
    response = HttpResponse(slot_calendar(obj), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="request-{obj.pk}.ics"'
    return response


def other_forms(details, slots, upload):
    """Where a request's errors go that are not the main form's: a detail of the type form,
    the slots, the upload."""

    def route(key: str):
        if key.startswith("details."):
            name = key.removeprefix("details.")
            return details, name if name in details.fields else None
        return {"slots": (slots, None), "upload": (upload, "upload")}.get(key)

    return route
