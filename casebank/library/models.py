"""Typical cases (典型案例), their defendants' outcomes, versions, attachments and history."""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from casebank.library.sentencing import ARTICLE_72, TERMLESS, outcome_errors
from portal.models import (
    CaseCategory,
    PrivateDocument,
    Procuratorate,
    Province,
    TimelineEvent,
    download_log,
)
from portal.storage import private_storage


class CaseStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted for review")
    RETURNED = "returned", _("Returned with comments")
    PUBLISHED = "published", _("Published")
    WITHDRAWN = "withdrawn", _("Withdrawn")


# The states in which a case belongs to the shared library (seen by all six members).
LIBRARY_STATES = frozenset({CaseStatus.PUBLISHED, CaseStatus.WITHDRAWN})


class SentenceType(models.TextChoices):
    """What became of a defendant: a principal punishment, a fine alone, exemption, or a
    decision not to prosecute."""

    DEATH = "death", _("Death penalty (immediate execution)")
    DEATH_SUSPENDED = "death_suspended", _("Death penalty with a two-year reprieve")
    LIFE = "life", _("Life imprisonment")
    IMPRISONMENT = "imprisonment", _("Fixed-term imprisonment")
    DETENTION = "detention", _("Criminal detention")
    SURVEILLANCE = "surveillance", _("Public surveillance")
    FINE_ONLY = "fine_only", _("Fine only")
    EXEMPTED = "exempted", _("Exempted from punishment")
    NOT_PROSECUTED = "not_prosecuted", _("Not prosecuted")


class NonProsecution(models.TextChoices):
    """The kinds of decision not to prosecute (刑诉法 Art. 177, 175, 282)."""

    STATUTORY = "statutory", _("Statutory non-prosecution")
    DISCRETIONARY = "discretionary", _("Discretionary non-prosecution")
    INSUFFICIENT_EVIDENCE = "insufficient_evidence", _("Non-prosecution for insufficient evidence")
    CONDITIONAL = "conditional", _("Conditional non-prosecution (juveniles)")


class RecommendationAdoption(models.TextChoices):
    """Whether the court adopted the procuratorate's sentencing recommendation."""

    NOT_APPLICABLE = "", _("Not applicable")
    ADOPTED = "adopted", _("Adopted")
    NOT_ADOPTED = "not_adopted", _("Not adopted")


class TypicalCaseQuerySet(models.QuerySet):
    def published(self):
        """Cases in the shared library now (published, not withdrawn, not sealed)."""
        return self.filter(status=CaseStatus.PUBLISHED, sealed=False)


class TypicalCase(models.Model):
    """A typical case submitted by a province and, once published, shared with all six."""

    code = models.CharField(
        _("case code"),
        max_length=20,
        unique=True,
        null=True,
        blank=True,
        help_text=_("Given at first publication, e.g. GS-2026-0007."),
    )
    title = models.CharField(
        _("case title"),
        max_length=200,
        help_text=_("In the standard form, e.g. 张某某非法吸收公众存款案."),
    )
    keywords = models.JSONField(_("keywords"), default=list, blank=True)
    key_points = models.TextField(_("key points"), help_text=_("要旨: the rule the case shows."))
    facts = models.TextField(_("basic facts"))
    handling = models.TextField(_("how the procuratorate acted"))
    significance = models.TextField(_("typical significance"))
    legal_provisions = models.TextField(_("legal provisions cited"), blank=True)
    source_procuratorate = models.ForeignKey(
        Procuratorate,
        verbose_name=_("source procuratorate"),
        on_delete=models.PROTECT,
        related_name="typical_cases",
    )
    province = models.CharField(
        _("member province"),
        max_length=2,
        choices=Province.choices,
        help_text=_("The province of the source procuratorate (kept for filtering)."),
    )
    category = models.CharField(_("case category"), max_length=32, choices=CaseCategory.choices)
    charges = models.JSONField(_("charges"), default=list, blank=True)
    decided_on = models.DateField(_("date of judgment or decision"))
    other_names = models.TextField(
        _("other names to mask"),
        blank=True,
        help_text=_(
            "Names of other natural persons in the text (victims, witnesses), one per line: "
            "they are masked before the case is shared."
        ),
    )
    sealed = models.BooleanField(
        _("criminal record sealed"),
        default=False,
        help_text=_(
            "A juvenile case whose criminal record is sealed (Criminal Procedure Law, art. 286) "
            "stays with its province: it is never shared with the other members, searched, "
            "compared or exported."
        ),
    )
    status = models.CharField(
        _("status"), max_length=16, choices=CaseStatus.choices, default=CaseStatus.DRAFT
    )
    version = models.PositiveSmallIntegerField(_("version"), default=0)
    review_comment = models.TextField(_("review comments"), blank=True)
    withdrawal_reason = models.TextField(_("reason for withdrawal"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitter"),
        on_delete=models.PROTECT,
        related_name="typical_cases",
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)

    objects = TypicalCaseQuerySet.as_manager()

    class Meta:
        verbose_name = _("typical case")
        verbose_name_plural = _("typical cases")
        ordering = ["-published_at", "-id"]
        indexes = [
            models.Index(fields=["status", "-published_at"], name="typicalcase_library_idx"),
            models.Index(fields=["province", "status"], name="typicalcase_province_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="published") | models.Q(code__isnull=False),
                name="typicalcase_published_has_code",
            ),
            models.CheckConstraint(
                condition=models.Q(sealed=False) | models.Q(category="juvenile"),
                name="typicalcase_sealed_only_juvenile",
                violation_error_message=_("Only a juvenile case has a sealed criminal record."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("casebank:case-detail", args=[self.pk])

    @property
    def in_library(self) -> bool:
        """Whether the case is in the shared library, seen by all six members: a sealed
        juvenile record never is."""
        return self.status in LIBRARY_STATES and not self.sealed

    def clean(self):
        if self.sealed and self.category != CaseCategory.JUVENILE:
            raise ValidationError(
                {"sealed": _("Only a juvenile case has a sealed criminal record.")}
            )


class DefendantOutcome(models.Model):
    """The outcome for one defendant: the structured sentencing data compared across provinces."""

    case = models.ForeignKey(TypicalCase, on_delete=models.CASCADE, related_name="outcomes")
    defendant = models.CharField(
        _("defendant"), max_length=50, help_text=_("Masked (张某) before the case is shared.")
    )
    charge = models.CharField(_("charge"), max_length=100, db_index=True)
    sentence_type = models.CharField(
        _("sentence or decision"), max_length=16, choices=SentenceType.choices
    )
    term_months = models.PositiveSmallIntegerField(_("term in months"), null=True, blank=True)
    suspended = models.BooleanField(_("suspended"), default=False)
    probation_months = models.PositiveSmallIntegerField(
        _("probation in months"), null=True, blank=True
    )
    fine_yuan = models.DecimalField(
        _("fine (yuan)"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    non_prosecution = models.CharField(
        _("kind of non-prosecution"),
        max_length=24,
        choices=NonProsecution.choices,
        blank=True,
        help_text=_("Only with a decision not to prosecute."),
    )
    plea_leniency = models.BooleanField(
        _("admitted guilt and accepted punishment"),
        default=False,
        help_text=_("认罪认罚: the defendant admitted guilt and accepted the punishment."),
    )
    recommendation = models.CharField(
        _("sentencing recommendation"),
        max_length=200,
        blank=True,
        help_text=_("As the procuratorate made it, e.g. 有期徒刑二年，缓刑三年，并处罚金五万元."),
    )
    recommendation_adopted = models.CharField(
        _("recommendation adopted by the court"),
        max_length=16,
        choices=RecommendationAdoption.choices,
        blank=True,
        default=RecommendationAdoption.NOT_APPLICABLE,
    )
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("defendant outcome")
        verbose_name_plural = _("defendant outcomes")
        ordering = ["case", "position", "id"]
        # The structure the law gives an outcome; the lawful ranges are `clean()`'s (see
        # `casebank.library.sentencing`).
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(
                        sentence_type__in=["imprisonment", "detention", "surveillance"],
                        term_months__isnull=False,
                        term_months__gt=0,
                    )
                    | models.Q(sentence_type__in=sorted(TERMLESS), term_months__isnull=True)
                ),
                name="outcome_term_matches_sentence",
                violation_error_message=_(
                    "A term goes with imprisonment, detention or surveillance only."
                ),
            ),
            models.CheckConstraint(
                condition=models.Q(suspended=False, probation_months__isnull=True)
                | models.Q(suspended=True, probation_months__isnull=False, probation_months__gt=0),
                name="outcome_probation_iff_suspended",
                violation_error_message=_(
                    "A probation period goes with a suspended sentence only."
                ),
            ),
            models.CheckConstraint(
                condition=models.Q(suspended=False)
                | models.Q(sentence_type__in=["imprisonment", "detention"]),
                name="outcome_suspended_prison_only",
                violation_error_message=ARTICLE_72,
            ),
            models.CheckConstraint(
                condition=models.Q(
                    sentence_type="not_prosecuted",
                    fine_yuan__isnull=True,
                    recommendation="",
                    recommendation_adopted="",
                )
                & ~models.Q(non_prosecution="")
                | ~models.Q(sentence_type="not_prosecuted") & models.Q(non_prosecution=""),
                name="outcome_not_prosecuted_has_kind_only",
                violation_error_message=_(
                    "A decision not to prosecute has its kind, and no fine or recommendation."
                ),
            ),
            models.CheckConstraint(
                condition=models.Q(recommendation_adopted="") | ~models.Q(recommendation=""),
                name="outcome_adoption_needs_recommendation",
                violation_error_message=_(
                    "Without a sentencing recommendation there is nothing to adopt."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.defendant} {self.charge}"

    def clean(self):
        if errors := outcome_errors(self):
            raise ValidationError(errors)


class CaseVersion(models.Model):
    """A published version of a case as it was shared, kept when the case is revised."""

    case = models.ForeignKey(TypicalCase, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField(_("version"))
    content = models.JSONField(_("content as published"))
    note = models.TextField(_("what changed"), blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    published_at = models.DateTimeField(_("published at"), default=timezone.now)

    class Meta:
        verbose_name = _("case version")
        verbose_name_plural = _("case versions")
        ordering = ["case", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["case", "number"], name="one_case_version_number"),
        ]

    def __str__(self) -> str:
        return f"{self.case} v{self.number}"


EVENT_LABELS = {
    "create": _("Draft written"),
    "edit": _("Changed"),
    "attach": _("Document added"),
    "submit": _("Submitted for review"),
    "return": _("Returned with comments"),
    "publish": _("Published"),
    "revise": _("Revised"),
    "withdraw": _("Withdrawn"),
    "seal": _("Criminal record sealed"),
}


class CaseEvent(TimelineEvent):
    """One step in the life of a case: who did what, when."""

    case = models.ForeignKey(TypicalCase, on_delete=models.CASCADE, related_name="events")
    from_status = models.CharField(_("from"), max_length=16, choices=CaseStatus.choices, blank=True)
    to_status = models.CharField(_("to"), max_length=16, choices=CaseStatus.choices, blank=True)

    class Meta:
        verbose_name = _("case event")
        verbose_name_plural = _("case events")
        ordering = ["case", "created_at", "id"]

    def __str__(self) -> str:
        return f"{self.case}: {self.action}"

    @property
    def label(self) -> str:
        return EVENT_LABELS.get(self.action, self.action)


def case_attachment_path(instance, filename: str) -> str:
    # A random name: the original one is kept in a column and never touches the file system.
    return f"casebank/{instance.case_id}/{uuid.uuid4().hex}"


class CaseAttachment(PrivateDocument):
    """A document of a case (judgment, indictment), downloaded only through a checked view."""

    case = models.ForeignKey(TypicalCase, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("file"), storage=private_storage, upload_to=case_attachment_path)

    downloads = download_log("case_attachment")

    class Meta:
        verbose_name = _("case attachment")
        verbose_name_plural = _("case attachments")
        ordering = ["case", "created_at", "id"]

    def __str__(self) -> str:
        return self.original_name
