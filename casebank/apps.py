from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasebankConfig(AppConfig):
    name = "casebank"
    verbose_name = _("Typical-case library")
    subdomains = ("search",)

    def ready(self):
        from django.urls import path

        from casebank import api
        from casebank.api import comparison, search
        from casebank.search.text import jieba
        from portal import registry

        registry.api_paths += [
            path("cases/compare/", comparison.CaseComparisonView.as_view(), name="case-compare"),
            path("cases/search/", search.CaseSearchView.as_view(), name="case-search"),
        ]
        registry.register_api("cases", api.TypicalCaseViewSet, "typical-case")
        registry.warm_ups.append(jieba)  # the search dictionary takes about a second
