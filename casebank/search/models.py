"""What search keeps: the index (one row per published case, kept current on every save)
and the saved searches of researchers with the cases already sent to them."""

import json

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class TextListField(models.Field):
    """A list of strings: a `text[]` array on PostgreSQL (unnested fast for facet counts,
    GIN-indexed for filters), JSON text elsewhere."""

    def db_type(self, connection):
        return "text[]" if connection.vendor == "postgresql" else "text"

    def from_db_value(self, value, expression, connection):
        if value is None or isinstance(value, list):
            return value
        return json.loads(value)

    def get_db_prep_value(self, value, connection, prepared=False):
        if value is None or connection.vendor == "postgresql":
            return value
        return json.dumps(list(value), ensure_ascii=False)


class CaseSearchEntry(models.Model):
    """What search reads of one published case: its filter columns and three text vectors.

    Written only by search's services (PostgreSQL); its GIN indexes are created by the
    migration on PostgreSQL only. The embedded SQLite portal searches the cases directly and
    leaves this table empty.
    """

    case = models.OneToOneField(
        "casebank.TypicalCase",
        verbose_name=_("case"),
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="search_entry",
    )
    province = models.CharField(_("member province"), max_length=2)
    category = models.CharField(_("case category"), max_length=32)
    level = models.CharField(_("procuratorate level"), max_length=16)
    year = models.PositiveSmallIntegerField(_("year"))
    decided_on = models.DateField(_("date of judgment or decision"))
    published_at = models.DateTimeField(_("published at"), null=True)
    charges = TextListField(_("charges"), default=list)
    keywords = TextListField(_("keywords"), default=list)
    facet_key = models.BigIntegerField(
        _("facet key"), help_text=_("The combination of its province, category, level and year.")
    )
    list_key = models.BigIntegerField(
        _("list key"), help_text=_("The combination of its charges and keywords.")
    )
    words = SearchVectorField(
        _("jieba words"), help_text=_("Search-mode words, weighted by field.")
    )
    head = SearchVectorField(
        _("title grams"), help_text=_("Unigrams and bigrams of the title and keywords.")
    )
    grams = SearchVectorField(
        _("character grams"), help_text=_("Unigrams and bigrams of every searched field.")
    )

    class Meta:
        verbose_name = _("search index entry")
        verbose_name_plural = _("search index entries")

    def __str__(self) -> str:
        return str(self.case_id)


class CaseFacetSet(models.Model):
    """A combination of facet values that an indexed case has (its province, category, level
    and year; or its charges and keywords), under its key: a search counts its matches per key,
    then spreads the counts over the values. Written only by search's services (PostgreSQL); a
    key's values never change, and a combination no case has any more is left in place."""

    key = models.BigIntegerField(_("key"), primary_key=True)
    values = TextListField(_("facet values"), help_text=_("As facet:value, each once."))

    class Meta:
        verbose_name = _("combination of facet values")
        verbose_name_plural = _("combinations of facet values")

    def __str__(self) -> str:
        return str(self.key)


class SavedSearch(models.Model):
    """A query a user keeps, with how often new published matches are sent to them."""

    class Rate(models.TextChoices):
        IMMEDIATELY = "immediately", _("Immediately")
        DAILY = "daily", _("Daily")
        WEEKLY = "weekly", _("Weekly")
        OFF = "off", _("Off")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="saved_searches",
    )
    name = models.CharField(_("name"), max_length=100)
    query = models.CharField(_("query"), max_length=200, blank=True)
    filters = models.JSONField(_("filters"), default=dict, blank=True)
    rate = models.CharField(_("alerts"), max_length=12, choices=Rate.choices, default=Rate.DAILY)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    last_sent_at = models.DateTimeField(_("last alert sent"), null=True, blank=True)

    class Meta:
        verbose_name = _("saved search")
        verbose_name_plural = _("saved searches")
        ordering = ["user", "name", "id"]
        indexes = [models.Index(fields=["rate"], name="savedsearch_rate_idx")]

    def __str__(self) -> str:
        return self.name


class SavedSearchMatch(models.Model):
    """A published case found for a saved search: each is sent once, never twice."""

    saved_search = models.ForeignKey(SavedSearch, on_delete=models.CASCADE, related_name="matches")
    case = models.ForeignKey("casebank.TypicalCase", on_delete=models.CASCADE, related_name="+")
    found_at = models.DateTimeField(_("found at"), default=timezone.now)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("saved-search match")
        verbose_name_plural = _("saved-search matches")
        constraints = [
            models.UniqueConstraint(fields=["saved_search", "case"], name="one_match_per_case"),
        ]
        indexes = [models.Index(fields=["saved_search", "sent_at"], name="match_unsent_idx")]

    def __str__(self) -> str:
        return f"{self.saved_search} → {self.case_id}"
