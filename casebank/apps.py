from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasebankConfig(AppConfig):
    name = "casebank"
    verbose_name = _("Typical-case library")
    subdomains = ("library", "search", "comparison", "leads")

    def ready(self):
        from django.urls import path

        from casebank.comparison.api import CaseComparisonView, RecommendationAdoptionView
        from casebank.library.api import TypicalCaseViewSet
        from casebank.library.services import case_indexers
        from casebank.search.api import CaseSearchView
        from casebank.search.services import index_cases
        from casebank.search.text import jieba
        from portal import registry

        registry.api_paths += [
            path("cases/compare/", CaseComparisonView.as_view(), name="case-compare"),
            path(
                "cases/compare/adoption/",
                RecommendationAdoptionView.as_view(),
                name="case-compare-adoption",
            ),
            path("cases/search/", CaseSearchView.as_view(), name="case-search"),
        ]
        registry.register_api("cases", TypicalCaseViewSet, "typical-case")
        registry.warm_ups.append(jieba)  # the search dictionary takes about a second
        # The library keeps the search index current as it saves a case; search reads the
        # library's cases, so the library cannot import it and is lent its indexer here.
        case_indexers.append(index_cases)
