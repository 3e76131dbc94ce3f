"""The search index of the library: one row per published case, kept current on every save."""

import json

from django.contrib.postgres.search import SearchVectorField
from django.db import models
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

    Written only by `casebank.search` (PostgreSQL); its GIN indexes are created by the
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
    then spreads the counts over the values. Written only by `casebank.search` (PostgreSQL); a
    key's values never change, and a combination no case has any more is left in place."""

    key = models.BigIntegerField(_("key"), primary_key=True)
    values = TextListField(_("facet values"), help_text=_("As facet:value, each once."))

    class Meta:
        verbose_name = _("combination of facet values")
        verbose_name_plural = _("combinations of facet values")

    def __str__(self) -> str:
        return str(self.key)
