"""The API of library search: the same search service as the page, answered in JSON."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response
from rest_framework.views import APIView

from casebank.library.models import TypicalCase
from casebank.library.permissions import case_policy
from casebank.search.selectors import FILTERS, MAX_PER_PAGE, PER_PAGE, search_cases
from portal.api_support import ERRORS, service_errors
from portal.models import CaseCategory, Procuratorate, Province


class SearchQuerySerializer(serializers.Serializer):
    """The query string of a search."""

    q = serializers.CharField(required=False, allow_blank=True, max_length=200, default="")
    within = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=200,
        default="",
        help_text=_("Words that must also occur: a search within the results."),
    )
    category = serializers.ChoiceField(choices=CaseCategory.choices, required=False)
    charge = serializers.CharField(required=False, max_length=100)
    province = serializers.ChoiceField(choices=Province.choices, required=False)
    level = serializers.ChoiceField(choices=Procuratorate.Level.choices, required=False)
    year = serializers.IntegerField(required=False, min_value=1949, max_value=2100)
    keyword = serializers.CharField(required=False, max_length=100)
    sort = serializers.ChoiceField(
        choices=[("relevance", _("Relevance")), ("date", _("Date of decision"))],
        default="relevance",
    )
    page = serializers.IntegerField(required=False, min_value=1, default=1)
    page_size = serializers.IntegerField(
        required=False, min_value=1, max_value=MAX_PER_PAGE, default=PER_PAGE
    )


class SearchHitSerializer(serializers.ModelSerializer):
    """A case found, with its title and a passage highlighted: HTML-escaped text with <mark>."""

    title_html = serializers.CharField(help_text=_("The title, escaped, matches in <mark>."))
    snippet_html = serializers.CharField(help_text=_("A passage, escaped, matches in <mark>."))
    url = serializers.CharField(help_text=_("The case's page."))

    class Meta:
        model = TypicalCase
        fields = [
            "id", "code", "title", "title_html", "snippet_html", "province", "category",
            "charges", "keywords", "decided_on", "published_at", "url",
        ]  # fmt: skip


class FacetValueSerializer(serializers.Serializer):
    value = serializers.CharField()
    label = serializers.CharField()
    count = serializers.IntegerField()
    selected = serializers.BooleanField()


class FacetSerializer(serializers.Serializer):
    name = serializers.ChoiceField(choices=[(name, name) for name in FILTERS])
    label = serializers.CharField()
    values = FacetValueSerializer(many=True)


class SearchResponseSerializer(serializers.Serializer):
    count = serializers.IntegerField(help_text=_("How many cases match."))
    page = serializers.IntegerField()
    num_pages = serializers.IntegerField()
    next = serializers.IntegerField(allow_null=True, help_text=_("The next page's number."))
    previous = serializers.IntegerField(allow_null=True)
    results = SearchHitSerializer(many=True)
    facets = FacetSerializer(many=True)


class CaseSearchView(APIView):
    """Full-text search of the published typical cases, ranked, with facet counts."""

    @extend_schema(
        operation_id="cases_search",
        parameters=[SearchQuerySerializer],
        responses={200: SearchResponseSerializer, **ERRORS},
        tags=["cases"],
        description=(
            "Every word of `q` (and of `within`) must occur in the title, keywords, key points, "
            "facts or significance; one- and two-character words are found wherever they "
            "occur. Filters narrow the results; `facets` counts the results by category, "
            "charge, province, procuratorate level, year and keyword."
        ),
    )
    def get(self, request):
        if not case_policy.allows(request.user, "view"):
            raise PermissionDenied
        params = SearchQuerySerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        data = params.validated_data
        with service_errors():
            results = search_cases(
                user=request.user,
                query=data["q"],
                within=data["within"],
                filters={name: data[name] for name in FILTERS if name in data},
                sort=data["sort"],
                page=data["page"],
                per_page=data["page_size"],
            )
        hits = []
        for hit in results.hits:
            hit.case.title_html = hit.title
            hit.case.snippet_html = hit.snippet
            hit.case.url = hit.url
            hits.append(hit.case)
        body = {
            "count": results.total,
            "page": results.page,
            "num_pages": results.num_pages,
            "next": results.page + 1 if results.has_next else None,
            "previous": results.page - 1 if results.has_previous else None,
            "results": hits,
            "facets": results.facets,
        }
        return Response(SearchResponseSerializer(body).data)
