"""Browser forms of search and saved searches: they parse input; the services decide."""

from django import forms
from django.utils.translation import gettext_lazy as _

from casebank.search.backends.base import SORTS
from casebank.search.models import SavedSearch
from casebank.search.selectors import FILTERS
from portal.models import CaseCategory, Procuratorate, Province


class SearchForm(forms.Form):
    """The search page's query string: words, words within the results, filters, sort, page."""

    q = forms.CharField(label=_("Search the case library"), required=False, max_length=200)
    within = forms.CharField(label=_("Search within these results"), required=False, max_length=200)
    category = forms.ChoiceField(
        label=_("Category"),
        required=False,
        choices=[("", _("Any category")), *CaseCategory.choices],
    )
    charge = forms.CharField(label=_("Charge"), required=False, max_length=100)
    province = forms.ChoiceField(
        label=_("Province"), required=False, choices=[("", _("Any province")), *Province.choices]
    )
    level = forms.ChoiceField(
        label=_("Procuratorate level"),
        required=False,
        choices=[("", _("Any level")), *Procuratorate.Level.choices],
    )
    year = forms.IntegerField(label=_("Year"), required=False, min_value=1949, max_value=2100)
    keyword = forms.CharField(label=_("Keyword"), required=False, max_length=100)
    sort = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=[("relevance", _("Relevance")), ("date", _("Date of decision"))],
    )
    page = forms.IntegerField(required=False, min_value=1)

    def search_kwargs(self) -> dict:
        """The arguments of `search_cases` (the form must be valid)."""
        data = self.cleaned_data
        return {
            "query": data["q"],
            "within": data["within"],
            "filters": {name: data[name] for name in FILTERS if data.get(name) not in (None, "")},
            "sort": data["sort"] if data["sort"] in SORTS else "relevance",
            "page": data["page"] or 1,
        }


class SavedSearchForm(forms.Form):
    """Save the search on the page: a name and how often to be alerted."""

    name = forms.CharField(label=_("Name"), required=False, max_length=100)
    rate = forms.ChoiceField(
        label=_("Alerts"), choices=SavedSearch.Rate.choices, initial=SavedSearch.Rate.DAILY
    )


class RateForm(forms.Form):
    rate = forms.ChoiceField(
        label=_("Alerts"),
        choices=SavedSearch.Rate.choices,
        widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
    )
