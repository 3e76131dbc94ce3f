"""`GET /api/v1/cases/compare/`: the sentencing comparison of the page, in JSON."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from casebank.comparison.adoption import adoption_by_charge
from casebank.comparison.forms import FIRST_YEAR
from casebank.comparison.selectors import sentencing_comparison
from portal.api_support import ERRORS
from portal.models import CaseCategory, Province


class ComparisonQuerySerializer(serializers.Serializer):
    """What to compare: the query parameters."""

    charge = serializers.CharField(max_length=100, help_text=_("The charge, e.g. 盗窃罪."))
    category = serializers.ChoiceField(
        choices=CaseCategory.choices, required=False, allow_blank=True
    )
    year_from = serializers.IntegerField(required=False, min_value=FIRST_YEAR)
    year_to = serializers.IntegerField(required=False, min_value=FIRST_YEAR)

    def validate(self, attrs):
        last_year = timezone.localdate().year
        for name in ("year_from", "year_to"):
            if attrs.get(name) and attrs[name] > last_year:
                raise serializers.ValidationError(
                    {
                        name: _("Ensure this value is less than or equal to %(limit)s.")
                        % {"limit": last_year}
                    }
                )
        if (
            attrs.get("year_from")
            and attrs.get("year_to")
            and attrs["year_from"] > attrs["year_to"]
        ):
            raise serializers.ValidationError(
                {
                    "year_to": _(
                        "The last year (%(to)s) comes before the first (%(from)s): swap them."
                    )
                    % {"to": attrs["year_to"], "from": attrs["year_from"]}
                }
            )
        return attrs


class TermStatsSerializer(serializers.Serializer):
    count = serializers.IntegerField(help_text=_("Defendants with a prison term."))
    minimum = serializers.FloatField(allow_null=True)
    q1 = serializers.FloatField(allow_null=True)
    median = serializers.FloatField(allow_null=True)
    q3 = serializers.FloatField(allow_null=True)
    maximum = serializers.FloatField(allow_null=True)


class ProvinceRowSerializer(serializers.Serializer):
    province = serializers.CharField(help_text=_("Province code; empty for the six pooled."))
    label = serializers.CharField()
    defendants = serializers.IntegerField()
    terms = TermStatsSerializer(help_text=_("Prison terms in months."))
    others = serializers.DictField(
        child=serializers.IntegerField(), help_text=_("Defendants by other sentence type.")
    )
    suspended = serializers.IntegerField(help_text=_("Suspended prison terms."))
    suspended_share = serializers.FloatField(allow_null=True)
    fined = serializers.IntegerField()
    median_fine = serializers.DecimalField(max_digits=14, decimal_places=2, allow_null=True)
    recommended = serializers.IntegerField(
        help_text=_("Sentencing recommendations whose adoption by the court is recorded.")
    )
    adopted = serializers.IntegerField(help_text=_("Recommendations the court adopted."))
    adoption_rate = serializers.FloatField(
        allow_null=True, help_text=_("Adopted among recorded (0–1); null without any.")
    )


class OutlierSerializer(serializers.Serializer):
    case_id = serializers.IntegerField()
    case_code = serializers.CharField()
    case_title = serializers.CharField()
    case_url = serializers.SerializerMethodField()
    province = serializers.CharField()
    decided_on = serializers.DateField()
    sentence_type = serializers.CharField()
    term_months = serializers.IntegerField()
    suspended = serializers.BooleanField()
    distance = serializers.FloatField(help_text=_("Months from the six-province median."))

    def get_case_url(self, outlier) -> str:
        return reverse("casebank:case-detail", args=[outlier.case_id])


class ComparisonSerializer(serializers.Serializer):
    charge = serializers.CharField()
    category = serializers.CharField(allow_null=True)
    year_from = serializers.IntegerField(allow_null=True)
    year_to = serializers.IntegerField(allow_null=True)
    provinces = ProvinceRowSerializer(many=True)
    overall = ProvinceRowSerializer(help_text=_("The six provinces pooled."))
    outliers = OutlierSerializer(many=True)


class AdoptionSerializer(serializers.Serializer):
    recommended = serializers.IntegerField(
        help_text=_("Sentencing recommendations whose adoption by the court is recorded.")
    )
    adopted = serializers.IntegerField(help_text=_("Recommendations the court adopted."))
    rate = serializers.FloatField(
        allow_null=True, help_text=_("Adopted among recorded (0–1); null without any.")
    )


class ProvinceAdoptionSerializer(AdoptionSerializer):
    province = serializers.CharField()


class ChargeAdoptionSerializer(serializers.Serializer):
    charge = serializers.CharField()
    overall = AdoptionSerializer(help_text=_("The six provinces pooled."))
    provinces = serializers.SerializerMethodField()

    def get_provinces(self, summary) -> list[dict]:
        return adoption_cells(summary.cells)


def adoption_cells(cells) -> list[dict]:
    """Each province's adoption, in the members' order."""
    return [
        {**AdoptionSerializer(cell).data, "province": code}
        for code, cell in zip(Province.values, cells, strict=True)
    ]


class AdoptionTableSerializer(serializers.Serializer):
    charges = ChargeAdoptionSerializer(many=True)
    provinces = serializers.SerializerMethodField()
    overall = AdoptionSerializer(help_text=_("All charges, the six provinces pooled."))

    @extend_schema_field(ProvinceAdoptionSerializer(many=True))
    def get_provinces(self, table) -> list[dict]:
        return adoption_cells([adoption for _code, _label, adoption in table.provinces])


class RecommendationAdoptionView(APIView):
    """How often the courts adopted the sentencing recommendations, per charge and province.

    Over the published cases; a group without any recorded recommendation has a null rate.
    Refreshed every few minutes.
    """

    @extend_schema(operation_id="cases_compare_adoption", responses={200: AdoptionTableSerializer})
    def get(self, request):
        """Adoption of sentencing recommendations per charge and per province."""
        return Response(AdoptionTableSerializer(adoption_by_charge(user=request.user)).data)


class CaseComparisonView(APIView):
    """Sentences for one charge across the six provinces, from the published cases.

    Prison terms are fixed-term imprisonment and criminal detention, in months; quartiles are
    continuous percentiles; the outliers are the defendants furthest from the six-province median.
    """

    @extend_schema(
        operation_id="cases_compare",
        parameters=[ComparisonQuerySerializer],
        responses={200: ComparisonSerializer, **ERRORS},
    )
    def get(self, request):
        """Compare the sentences for one charge across the six provinces."""
        params = ComparisonQuerySerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        comparison = sentencing_comparison(user=request.user, **params.validated_data)
        return Response(ComparisonSerializer(comparison).data)
