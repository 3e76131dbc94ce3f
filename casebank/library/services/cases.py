"""The life of a typical case: drafted, submitted, returned or published, revised, withdrawn.

Each verb locks the case, checks the policy and the transition table, changes it, records the
step, keeps the search index current in the same transaction and sends its notices after
commit.
"""

from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _, gettext_noop

from casebank.library.models import (
    LIBRARY_STATES,
    CaseAttachment,
    CaseEvent,
    CaseStatus,
    CaseVersion,
    DefendantOutcome,
    TypicalCase,
)
from casebank.library.permissions import (
    case_policy,
    may_be_sealed,
    may_submit_cases,
    not_sealed,
    province_of,
)
from casebank.library.sentencing import case_outcome_errors
from casebank.library.services.masking import SHARED_TEXT_FIELDS, masked_content
from casebank.library.services.outcomes import OUTCOME_FIELDS, clean_outcomes
from casebank.library.services.publishing import announce, next_case_code
from portal.documents import stored_upload
from portal.models import User
from portal.services import notify
from portal.workflow import Transition, Workflow

# The fields a submitter fills in (the outcomes come beside them).
CASE_FIELDS = [
    "title", "keywords", "key_points", "facts", "handling", "significance", "legal_provisions",
    "category", "charges", "decided_on", "other_names", "sealed",
]  # fmt: skip
EDITABLE_STATES = frozenset({CaseStatus.DRAFT, CaseStatus.RETURNED})
# Who hears that a case was published in the library: everyone who reads or steers it.
# Who keeps a copy of a case current in the saving transaction: the search index
# (`casebank.search.services.index_cases`), lent by `CasebankConfig.ready`, since search reads
# the library's cases and the library therefore does not import search.
case_indexers: list[Callable[[list[int]], None]] = []


def sides_of(user: User, case: TypicalCase) -> set[str]:
    """The submitter's side (their own draft or returned case) and the reviewers' side."""
    sides = set()
    if case_policy.holds(user, "change", case):
        sides.add("submitter")
    if case_policy.holds(user, "review", case):
        sides.add("reviewer")
    return sides


SUBMITTER, REVIEWER = frozenset({"submitter"}), frozenset({"reviewer"})
PUBLISHED_ONLY = frozenset({CaseStatus.PUBLISHED})


WORKFLOW = Workflow(
    TypicalCase,
    {
        "edit": Transition(_("Edit"), EDITABLE_STATES, sides=SUBMITTER),
        "submit": Transition(
            _("Submit for review"),
            EDITABLE_STATES,
            CaseStatus.SUBMITTED,
            sides=SUBMITTER,
            precondition=not_sealed,
        ),
        "return": Transition(
            _("Return with comments"),
            frozenset({CaseStatus.SUBMITTED}),
            CaseStatus.RETURNED,
            sides=REVIEWER,
        ),
        "publish": Transition(
            _("Publish"),
            frozenset({CaseStatus.SUBMITTED}),
            CaseStatus.PUBLISHED,
            sides=REVIEWER,
            precondition=not_sealed,
        ),
        "revise": Transition(_("Revise"), PUBLISHED_ONLY, sides=REVIEWER),
        "withdraw": Transition(_("Withdraw"), PUBLISHED_ONLY, CaseStatus.WITHDRAWN, sides=REVIEWER),
        # A juvenile's record sealed after the case was shared takes it out of the library.
        "seal": Transition(
            _("Seal the criminal record"),
            LIBRARY_STATES,
            sides=REVIEWER,
            precondition=may_be_sealed,
        ),
    },
    sides_of=sides_of,
    wrong_state=_("This case is “%(status)s”: it cannot be changed that way now."),
)
STEPS = WORKFLOW.transitions


def case_steps(*, user: User, case: TypicalCase) -> list[str]:
    """The steps this user may take on this case now (the page offers these)."""
    return WORKFLOW.available(user, case)


def locked_case(*, user: User, case: TypicalCase, step: str) -> TypicalCase:
    """The case locked for this step, or why not: 404 if the user may not act on it at all."""
    case = TypicalCase.objects.select_for_update().get(pk=case.pk)
    if not case_policy.can(user, step, case):
        raise Http404
    if reason := WORKFLOW.is_possible(step, case):
        raise ValidationError(reason)
    return case


def record(case: TypicalCase, *, user: User, action: str, from_status: str, comment="") -> None:
    CaseEvent.objects.create(
        case=case,
        actor=user,
        action=action,
        from_status=from_status,
        to_status=case.status,
        comment=comment,
    )


def fill_case(case: TypicalCase, data: dict, outcomes: list[dict] | None) -> None:
    """Write the submitter's fields and outcomes (already cleaned by a form or serializer)."""
    for field in CASE_FIELDS:
        if field in data:
            setattr(case, field, data[field])
    case.keywords = [k.strip() for k in case.keywords if k and k.strip()]
    rows = clean_outcomes(outcomes, category=case.category) if outcomes is not None else None
    # Outcomes kept as they are must still suit a changed category.
    recheck = rows is None and "category" in data and case.pk
    if recheck and (errors := case_outcome_errors(case.category, case.outcomes.all())):
        raise ValidationError(errors)
    if rows is not None:
        # The case's charges always include those its defendants were sentenced for.
        case.charges = list(dict.fromkeys([*case.charges, *(row.charge for row in rows)]))
    case.full_clean(exclude=["source_procuratorate", "created_by", "province", "code"])
    case.save()
    if rows is not None:
        case.outcomes.all().delete()
        for row in rows:
            row.case = case
        DefendantOutcome.objects.bulk_create(rows)


def attach(case: TypicalCase, *, user: User, upload) -> CaseAttachment:
    return CaseAttachment.objects.create(case=case, uploaded_by=user, **stored_upload(upload))


@transaction.atomic
def case_create(*, user: User, data: dict, outcomes: list[dict], upload=None) -> TypicalCase:
    """Write a new draft for the user's procuratorate."""
    if not may_submit_cases(user):
        raise Http404
    case = TypicalCase(
        created_by=user,
        source_procuratorate_id=user.procuratorate_id,
        province=province_of(user),
    )
    fill_case(case, data, outcomes)
    if upload is not None:
        attach(case, user=user, upload=upload)
    record(case, user=user, action="create", from_status="")
    return case


@transaction.atomic
def case_update(
    *, user: User, case: TypicalCase, data: dict, outcomes: list[dict] | None, upload=None
) -> TypicalCase:
    """Change a draft (or a returned case) of the user's own."""
    case = locked_case(user=user, case=case, step="edit")
    fill_case(case, data, outcomes)
    if upload is not None:
        attach(case, user=user, upload=upload)
    record(case, user=user, action="edit", from_status=case.status)
    return case


@transaction.atomic
def case_attach(*, user: User, case: TypicalCase, upload) -> CaseAttachment:
    """Add a document to a draft or returned case."""
    case = locked_case(user=user, case=case, step="edit")
    attachment = attach(case, user=user, upload=upload)
    record(case, user=user, action="attach", from_status=case.status, comment=upload.name)
    return attachment


def case_preview(*, case: TypicalCase) -> dict:
    """What submitting would share, masked (see `masking.masked_content`)."""
    return masked_content(case, list(case.outcomes.values("defendant")))


@transaction.atomic
def case_submit(*, user: User, case: TypicalCase, confirmed: bool) -> TypicalCase:
    """Send the case to the province's reviewers; from now on only its masked text is kept."""
    case = locked_case(user=user, case=case, step="submit")
    if not confirmed:
        raise ValidationError(
            {"confirmed": _("Check what will be shared and confirm it before submitting.")}
        )
    outcomes = list(case.outcomes.all())
    shared = masked_content(case, [{"defendant": outcome.defendant} for outcome in outcomes])
    for field in SHARED_TEXT_FIELDS:
        setattr(case, field, shared["fields"][field])
    case.keywords = shared["keywords"]
    case.other_names = ""  # the real names are not kept once the case leaves the drafter
    for outcome, defendant in zip(outcomes, shared["defendants"], strict=True):
        outcome.defendant = defendant
    DefendantOutcome.objects.bulk_update(outcomes, ["defendant"])
    before = case.status
    case.status = STEPS["submit"].target
    case.submitted_at = timezone.now()
    case.review_comment = ""
    case.save()
    record(case, user=user, action="submit", from_status=before)
    notify(
        recipients=case_policy.users_with_permission("review", case),
        actor=user,
        verb=gettext_noop("Typical case submitted for review: %(title)s"),
        params={"title": case.title},
        target=case,
    )
    return case


@transaction.atomic
def case_return(*, user: User, case: TypicalCase, comment: str) -> TypicalCase:
    """Send the case back to its submitter with the reviewer's comments."""
    case = locked_case(user=user, case=case, step="return")
    if not comment.strip():
        raise ValidationError({"comment": _("Say what the submitter should change.")})
    case.status = STEPS["return"].target
    case.review_comment = comment.strip()
    case.save()
    record(case, user=user, action="return", from_status=CaseStatus.SUBMITTED, comment=comment)
    notify(
        recipients=[case.created_by],
        actor=user,
        verb=gettext_noop("Typical case returned with comments: %(title)s"),
        params={"title": case.title},
        target=case,
    )
    return case


def snapshot(case: TypicalCase) -> dict:
    """The case as it is shared now, for its version history."""
    return {
        **{field: getattr(case, field) for field in SHARED_TEXT_FIELDS},
        "keywords": case.keywords,
        "legal_provisions": case.legal_provisions,
        "category": case.category,
        "charges": case.charges,
        "decided_on": case.decided_on.isoformat(),
        "outcomes": [
            {
                field: str(value) if field == "fine_yuan" and value is not None else value
                for field, value in ((f, getattr(o, f)) for f in OUTCOME_FIELDS)
            }
            for o in case.outcomes.all()
        ],
    }


def index_cases(case_ids: list[int]) -> None:
    """Bring the search index up to date for these cases, in the saving transaction."""
    for indexer in case_indexers:
        indexer(case_ids)


@transaction.atomic
def case_publish(*, user: User, case: TypicalCase) -> TypicalCase:
    """Publish the case to the shared library of all six members."""
    case = locked_case(user=user, case=case, step="publish")
    if not case.code:
        case.code = next_case_code(case)
    case.status = STEPS["publish"].target
    case.version += 1
    case.published_at = case.published_at or timezone.now()
    case.save()
    CaseVersion.objects.create(
        case=case, number=case.version, content=snapshot(case), published_by=user
    )
    record(case, user=user, action="publish", from_status=CaseStatus.SUBMITTED)
    index_cases([case.pk])
    announce(case, user=user)
    notify(
        recipients=[case.created_by],
        actor=user,
        verb=gettext_noop("Your typical case was published: %(title)s"),
        params={"title": case.title},
        target=case,
    )
    return case


@transaction.atomic
def case_revise(
    *, user: User, case: TypicalCase, data: dict, outcomes: list[dict] | None, note: str
) -> TypicalCase:
    """Change a published case; the version shared before is kept in its history."""
    case = locked_case(user=user, case=case, step="revise")
    if not note.strip():
        raise ValidationError({"note": _("Say what changed in this revision.")})
    # Sealing is a step of its own (`case_seal`): a revision neither seals nor unseals.
    fill_case(case, {**data, "other_names": "", "sealed": case.sealed}, outcomes)
    # A revision is shared at once, so it is masked like a submission.
    outcome_rows = list(case.outcomes.all())
    shared = masked_content(case, [{"defendant": o.defendant} for o in outcome_rows])
    for field in SHARED_TEXT_FIELDS:
        setattr(case, field, shared["fields"][field])
    case.keywords = shared["keywords"]
    for outcome, defendant in zip(outcome_rows, shared["defendants"], strict=True):
        outcome.defendant = defendant
    DefendantOutcome.objects.bulk_update(outcome_rows, ["defendant"])
    case.version += 1
    case.save()
    CaseVersion.objects.create(
        case=case, number=case.version, content=snapshot(case), published_by=user, note=note
    )
    record(case, user=user, action="revise", from_status=CaseStatus.PUBLISHED, comment=note)
    index_cases([case.pk])
    return case


@transaction.atomic
def case_withdraw(*, user: User, case: TypicalCase, reason: str) -> TypicalCase:
    """Take a case out of the library (the law changed, say); its page says why."""
    case = locked_case(user=user, case=case, step="withdraw")
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the case is withdrawn.")})
    case.status = STEPS["withdraw"].target
    case.withdrawal_reason = reason.strip()
    case.withdrawn_at = timezone.now()
    case.save()
    record(case, user=user, action="withdraw", from_status=CaseStatus.PUBLISHED, comment=reason)
    index_cases([case.pk])
    notify(
        recipients=[case.created_by],
        actor=user,
        verb=gettext_noop("Typical case withdrawn from the library: %(title)s"),
        params={"title": case.title},
        target=case,
    )
    return case
