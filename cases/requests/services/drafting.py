"""Writing a request: its common fields, its type's details and slots; is it complete."""

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases.requests.models import AssistanceRequest, ProposedSlot
from cases.requests.types import SPECS, clean_details

COMMON_FIELDS = [
    "request_type", "requested_procuratorate", "urgency", "due_date", "case_name", "case_number",
    "category", "legal_basis", "description", "contact_person", "contact_phone", "needs_venue",
    "needs_equipment", "needs_coordination",
]  # fmt: skip


def fill_request(request, data, details, slots, *, user, new=False):
    """Validate and set the common fields, the type's details and the proposed slots."""
    errors = {}
    for name in COMMON_FIELDS:
        if name in data:
            setattr(request, name, data[name])
    requested = request.requested_procuratorate if request.requested_procuratorate_id else None
    if requested is None:
        errors["requested_procuratorate"] = _("Choose the procuratorate you ask for help.")
    elif requested.province == request.requesting_procuratorate.province:
        errors["requested_procuratorate"] = _(
            "Assistance requests go to another province; ask colleagues of your own directly."
        )
    try:
        # Details not given are kept (a partial update); given, they replace the old ones whole.
        request.details = clean_details(
            request.request_type, request.details if details is None else details
        )
    except ValidationError as error:
        errors.update({f"details.{key}": value for key, value in error.message_dict.items()})
    except KeyError:
        errors["request_type"] = _("Choose a valid request type.")
    if new and request.due_date and request.due_date <= timezone.localdate():
        errors["due_date"] = _("The due date must be in the future.")
    cleaned_slots = check_slots(request, slots, errors)
    try:
        request.full_clean(exclude=["details", "number", "created_by", "requesting_procuratorate"])
    except ValidationError as error:
        for key, value in error.message_dict.items():
            errors.setdefault(key, value)
    if errors:
        raise ValidationError(errors)
    request.save()
    if slots is not None and SPECS[request.request_type].has_slots:
        request.proposed_slots.exclude(pk=request.agreed_slot_id or 0).delete()
        ProposedSlot.objects.bulk_create(
            ProposedSlot(request=request, starts_at=start, ends_at=end)
            for start, end in cleaned_slots
        )


def slot_errors(slots, *, required: bool) -> list[str]:
    """What is wrong with a list of proposed (start, end) slots, if anything."""
    cleaned = [(start, end) for start, end in slots if start and end]
    errors = []
    if required and not cleaned:
        errors.append(_("Propose at least one time slot."))
    if any(end <= start for start, end in cleaned):
        errors.append(_("Each time slot must end after it starts."))
    return errors


def check_slots(request, slots, errors):
    if slots is None or request.request_type not in SPECS:
        return []
    if problems := slot_errors(slots, required=SPECS[request.request_type].has_slots):
        errors["slots"] = problems
    return [(start, end) for start, end in slots if start and end]


def check_complete(request: AssistanceRequest) -> None:
    """A request is sent only when its type's details and slots are all there."""
    clean_details(request.request_type, request.details)
    if SPECS[request.request_type].has_slots and not request.proposed_slots.exists():
        raise ValidationError({"slots": _("Propose at least one time slot.")})
    if request.due_date < timezone.localdate():
        raise ValidationError({"due_date": _("The due date has passed; choose a new one.")})
