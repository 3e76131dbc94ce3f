"""Ecological restoration: measures run by the handling procuratorate, verified by the
damage-place one; every step on the timeline, every evidence download logged."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _, gettext_noop

from cases.requests.models import AssistanceRequest
from cases.requests.permissions import HANDLING_ROLES, request_policy
from cases.restorations.models import (
    RESTORATION_CATEGORIES,
    MeasureEvidence,
    MeasureStatus,
    Restoration,
    RestorationEvent,
    RestorationMeasure,
)
from cases.restorations.permissions import (
    may_create_restorations,
    may_open_restoration,
    may_run_restoration,
    may_verify_restoration,
    restoration_policy,
)
from portal.documents import download_record, stored_upload
from portal.models import Procuratorate, User
from portal.selectors import users_holding
from portal.services import notify
from portal.workflow import Transition, Workflow

RESTORATION_FIELDS = (
    "case_name",
    "case_number",
    "category",
    "damage_place",
    "damage_description",
)
MEASURE_FIELDS = ("kind", "description", "location", "responsible_party", "deadline")


def people_of(procuratorate_id: int) -> list[User]:
    """Whom to tell at a procuratorate: its liaison officers and prosecutors."""
    return list(users_holding(HANDLING_ROLES, procuratorates=[procuratorate_id]))


def record(restoration, user, action, *, measure=None, from_status="", to_status="", comment=""):
    """Write one step of the restoration's timeline (the audit event)."""
    return RestorationEvent.objects.create(
        restoration=restoration,
        measure=measure,
        actor=user,
        action=action,
        from_status=from_status,
        to_status=to_status,
        comment=comment,
    )


def restoration_create(
    *, user: User, data: dict, request: AssistanceRequest | None = None
) -> Restoration:
    """Open a restoration for a case of the user's procuratorate, which handles it.

    On an assistance request the case comes from the request and the damage-place
    procuratorate is the one asked (or the one it was forwarded to); otherwise it is chosen.
    When the damage lies in another procuratorate's area, that procuratorate is told.
    """
    if not may_create_restorations(user):
        raise PermissionDenied(_("Prosecutors and liaison officers open restorations."))
    errors: dict[str, list] = {}
    restoration = Restoration(created_by=user, handling_procuratorate=user.procuratorate)
    if request is not None:
        if not request_policy.can(user, "view", request) or not may_open_restoration(user, request):
            # Said the same whether the request exists or not: an id reveals nothing.
            raise ValidationError({"request": _("Choose a request your procuratorate sent.")})
        restoration.request = request
        restoration.handling_procuratorate = request.requesting_procuratorate
        restoration.damage_procuratorate = request.handling_procuratorate
        data = {
            **data,
            "case_name": request.case_name,
            "case_number": request.case_number,
            "category": request.category,
        }
    else:
        damage = data.get("damage_procuratorate")
        if not isinstance(damage, Procuratorate):
            errors["damage_procuratorate"] = [_("Choose the procuratorate of the damage place.")]
        else:
            restoration.damage_procuratorate = damage
    for name in RESTORATION_FIELDS:
        setattr(restoration, name, data.get(name) or "")
    if restoration.category not in RESTORATION_CATEGORIES:
        errors["category"] = [
            _("A restoration is about ecology and resources, or nature reserves and wildlife.")
        ]
    try:
        restoration.full_clean(
            exclude=["created_by", "handling_procuratorate", "damage_procuratorate", "request"]
        )
    except ValidationError as error:
        for key, messages in error.message_dict.items():
            errors.setdefault(key, messages)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        restoration.save()
        record(restoration, user, "create")
        if restoration.crosses_jurisdictions:
            notify(
                recipients=people_of(restoration.damage_procuratorate_id),
                verb=gettext_noop(
                    "%(handler)s opened the ecological restoration of “%(case)s” in your area: "
                    "follow its measures and verify them."
                ),
                params={
                    "handler": restoration.handling_procuratorate.name_zh,
                    "case": restoration.case_name,
                },
                target=restoration,
                actor=user,
            )
    return restoration


def restoration_add_measure(
    *, user: User, restoration: Restoration, data: dict
) -> RestorationMeasure:
    """The handling side plans a measure: what, where, by whom and by when."""
    if not may_run_restoration(user, restoration):
        raise PermissionDenied(_("Only the handling procuratorate plans the measures."))
    measure = RestorationMeasure(restoration=restoration)
    for name in MEASURE_FIELDS:
        setattr(measure, name, data.get(name))
    measure.full_clean(exclude=["restoration", "verified_by"])
    with transaction.atomic():
        measure.save()
        record(restoration, user, "add_measure", measure=measure, to_status=measure.status)
    return measure


def measure_sides(user: User, measure: RestorationMeasure) -> set[str]:
    """The handling side runs a measure; the damage-place side verifies it."""
    sides = set()
    if may_run_restoration(user, measure.restoration):
        sides.add("handling")
    if may_verify_restoration(user, measure.restoration):
        sides.add("damage")
    return sides


def apply_finish(user, measure, *, comment):
    if not measure.evidence.exists():
        raise ValidationError(
            _("Attach the evidence (photos, reports) before reporting the measure done.")
        )


def apply_verify(user, measure, *, comment):
    measure.verified_by, measure.verified_at = user, timezone.now()


def apply_reopen(user, measure, *, comment):
    if not comment.strip():
        raise ValidationError({"comment": _("Say what is still missing.")})
    measure.verified_by, measure.verified_at = None, None


HANDLING, DAMAGE = frozenset({"handling"}), frozenset({"damage"})
RUN_ONLY = _("Only the handling procuratorate reports the measures' progress.")
VERIFY_ONLY = _("Only the damage-place procuratorate verifies the measures.")

MEASURE_WORKFLOW = Workflow(
    RestorationMeasure,
    {
        "start": Transition(
            _("Start"),
            frozenset({MeasureStatus.PLANNED}),
            MeasureStatus.IN_PROGRESS,
            sides=HANDLING,
            refusal=RUN_ONLY,
        ),
        "finish": Transition(
            _("Report done"),
            frozenset({MeasureStatus.IN_PROGRESS}),
            MeasureStatus.DONE,
            sides=HANDLING,
            apply=apply_finish,
            refusal=RUN_ONLY,
        ),
        "verify": Transition(
            _("Verify"),
            frozenset({MeasureStatus.DONE}),
            MeasureStatus.VERIFIED,
            sides=DAMAGE,
            apply=apply_verify,
            refusal=VERIFY_ONLY,
        ),
        "reopen": Transition(
            _("Send back"),
            frozenset({MeasureStatus.DONE}),
            MeasureStatus.IN_PROGRESS,
            sides=DAMAGE,
            apply=apply_reopen,
            refusal=VERIFY_ONLY,
        ),
    },
    sides_of=measure_sides,
    wrong_state=_("A measure that is “%(status)s” cannot take the step “%(action)s”."),
)
MEASURE_STEPS = MEASURE_WORKFLOW.transitions


def may_take_step(user: User, measure: RestorationMeasure, action: str) -> bool:
    """Whether the step is open to this user now (the pages and the API offer it by this)."""
    return action in MEASURE_WORKFLOW and action in MEASURE_WORKFLOW.available(user, measure)


def measure_transition(
    *, user: User, measure: RestorationMeasure, action: str, comment: str = ""
) -> RestorationMeasure:
    """Move a measure one step; a refused step says why and changes nothing."""
    if action not in MEASURE_WORKFLOW:
        raise ValidationError({"action": _("Unknown step.")})
    with transaction.atomic():
        # Only the measure's row: its restoration and the people joined are read, not locked.
        measure = (
            RestorationMeasure.objects.select_for_update(of=("self",))
            .select_related("restoration__created_by")
            .get(pk=measure.pk)
        )
        restoration = measure.restoration
        before = measure.status
        MEASURE_WORKFLOW.take(user, action, measure, comment=comment)
        measure.save()
        record(
            restoration,
            user,
            action,
            measure=measure,
            from_status=before,
            to_status=measure.status,
            comment=comment.strip(),
        )
        params = {"measure": measure.get_kind_display(), "case": restoration.case_name}
        if action == "finish" and restoration.crosses_jurisdictions:
            notify(
                recipients=people_of(restoration.damage_procuratorate_id),
                verb=gettext_noop("The measure “%(measure)s” of “%(case)s” is done: verify it."),
                params=params,
                target=restoration,
                actor=user,
            )
        elif action in ("verify", "reopen") and restoration.crosses_jurisdictions:
            verb = (
                gettext_noop("The measure “%(measure)s” of “%(case)s” was verified.")
                if action == "verify"
                else gettext_noop("The measure “%(measure)s” of “%(case)s” was sent back.")
            )
            notify(
                recipients={
                    restoration.created_by,
                    *people_of(restoration.handling_procuratorate_id),
                }
                - {user},
                verb=verb,
                params=params,
                target=restoration,
                actor=user,
            )
    return measure


def measure_attach_evidence(*, user: User, measure: RestorationMeasure, upload) -> MeasureEvidence:
    """Either side files evidence of a measure (photos, reports), checked like any upload."""
    restoration = measure.restoration
    if not (may_run_restoration(user, restoration) or may_verify_restoration(user, restoration)):
        raise PermissionDenied(_("Only the two procuratorates concerned file evidence."))
    with transaction.atomic():
        evidence = MeasureEvidence.objects.create(
            measure=measure, uploaded_by=user, **stored_upload(upload)
        )
        record(restoration, user, "evidence", measure=measure, comment=evidence.original_name)
    return evidence


def evidence_for_download(*, user: User, restoration_pk, evidence_pk) -> MeasureEvidence:
    """Evidence of a restoration, to those who may see it only (404 otherwise); logged."""
    restoration = restoration_policy.get_or_404(user, pk=restoration_pk)
    evidence = get_object_or_404(
        MeasureEvidence.objects.filter(measure__restoration=restoration), pk=evidence_pk
    )
    download_record(user=user, document=evidence)
    return evidence


def restoration_overdue_notify(*, today=None) -> int:
    """Tell both sides of each measure that has passed its deadline unfinished, once.

    Safe to run any number of times (and in parallel): each measure is locked, told about and
    marked in one transaction.
    """
    sent = 0
    pending = RestorationMeasure.objects.overdue(today).filter(overdue_notified=False)
    for pk in pending.values_list("pk", flat=True):
        with transaction.atomic():
            measure = (
                RestorationMeasure.objects.overdue(today)
                .select_for_update(skip_locked=True, of=("self",))
                .select_related("restoration")
                .filter(pk=pk, overdue_notified=False)
                .first()
            )
            if measure is None:
                continue
            restoration = measure.restoration
            recipients = {
                restoration.created_by,
                *people_of(restoration.handling_procuratorate_id),
                *people_of(restoration.damage_procuratorate_id),
            }
            notify(
                recipients=recipients,
                verb=gettext_noop(
                    "The measure “%(measure)s” of “%(case)s” is overdue: its deadline was "
                    "%(deadline)s."
                ),
                params={
                    "measure": measure.get_kind_display(),
                    "case": restoration.case_name,
                    "deadline": f"{measure.deadline:%Y-%m-%d}",
                },
                target=restoration,
            )
            measure.overdue_notified = True
            measure.save(update_fields=["overdue_notified"])
            sent += 1
    return sent
