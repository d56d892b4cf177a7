"""REST endpoints: member cities, the indicator catalogue, indicator values and the benchmark
matrix, each scoped by the caller's role (queries.py)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import generics, serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from healthycity.places.models import MemberCity
from healthycity.policies.indicators import benchmarks, queries
from healthycity.policies.indicators.models import Indicator, IndicatorValue


class CitySerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="external_id", read_only=True)

    class Meta:
        model = MemberCity
        fields = [
            "id", "name_ko", "name_en", "country", "country_code", "country_alpha3", "unlocode",
            "membership", "chapter",
        ]  # fmt: skip


class IndicatorSerializer(serializers.ModelSerializer):
    class Meta:
        model = Indicator
        fields = [
            "code", "framework", "name_ko", "name_en", "definition_ko", "definition_en", "unit",
            "unit_code", "higher_is_better", "benchmark_good", "benchmark_poor",
            "benchmark_source", "source",
        ]  # fmt: skip


class ValueSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="external_id", read_only=True)
    indicator = serializers.CharField(source="indicator.code")

    class Meta:
        model = IndicatorValue
        fields = [
            "id", "indicator", "area", "country_code", "period", "year", "breakdown", "value",
            "lower", "upper", "unit", "status", "source", "synthetic",
        ]  # fmt: skip


class CityList(generics.ListAPIView):
    """AFHC member cities (any logged-in user)."""

    serializer_class = CitySerializer

    def get_queryset(self):
        return queries.member_cities_visible_to(self.request.user).order_by(
            "country_code", "name_en"
        )


class IndicatorList(generics.ListAPIView):
    """The indicator catalogue, with each definition's unit and source."""

    serializer_class = IndicatorSerializer

    def get_queryset(self):
        return Indicator.objects.order_by("order", "code")


@extend_schema(
    parameters=[
        OpenApiParameter("city", OpenApiTypes.STR, description="UN/LOCODE or ISO alpha-3 code"),
        OpenApiParameter("indicator", OpenApiTypes.STR, description="Indicator code"),
    ]
)
class ValueList(generics.ListAPIView):
    """Indicator values (officials, admins and delegates; others get an empty list)."""

    serializer_class = ValueSerializer

    def get_queryset(self):
        values = queries.values_visible_to(self.request.user).order_by(
            "indicator__order", "area", "year", "period", "breakdown", "id"
        )
        if city := self.request.query_params.get("city"):
            values = values.filter(area=city.upper()[:5])
        if code := self.request.query_params.get("indicator"):
            values = values.filter(indicator__code=code[:60])
        return values


MATRIX_SCHEMA = inline_serializer(
    name="BenchmarkMatrix",
    fields={
        "focus": serializers.CharField(allow_null=True),
        "synthetic": serializers.BooleanField(),
        "indicators": serializers.ListField(child=serializers.DictField()),
        "cities": serializers.ListField(child=serializers.DictField()),
    },
)


class BenchmarkView(APIView):
    @extend_schema(
        operation_id="policies_benchmarks",
        summary="The Urban HEART matrix: each city's latest value per indicator, coloured",
        parameters=[
            OpenApiParameter("city", OpenApiTypes.STR, description="UN/LOCODE of the focus city"),
        ],
        responses={200: MATRIX_SCHEMA},
    )
    def get(self, request):
        if not request.user.has_perm("indicators.view_benchmarks"):
            raise PermissionDenied
        cities = list(queries.member_cities_visible_to(request.user))
        code = (request.query_params.get("city") or "").upper()
        focus = next((c for c in cities if c.unlocode == code), None)
        m = benchmarks.matrix(
            values=queries.values_visible_to(request.user), cities=cities, focus=focus
        )
        return Response(
            {
                "focus": focus.unlocode if focus else None,
                "synthetic": m.synthetic,
                "indicators": [
                    {
                        "code": i.code,
                        "unit": i.unit,
                        "higher_is_better": i.higher_is_better,
                        "benchmark_good": m.benchmarks[i.pk].good,
                        "benchmark_poor": m.benchmarks[i.pk].poor,
                        "relative_to_peers": m.benchmarks[i.pk].relative,
                    }
                    for i in m.indicators
                ],
                "cities": [
                    {
                        "unlocode": city.unlocode,
                        "name_en": city.name_en,
                        "cells": [
                            None
                            if cell is None
                            else {
                                "value": cell.value.value,
                                "lower": cell.value.lower,
                                "upper": cell.value.upper,
                                "period": cell.value.period,
                                "colour": str(cell.colour),
                                "synthetic": cell.value.synthetic,
                            }
                            for cell in m.row(city)
                        ],
                    }
                    for city in m.cities
                ],
            }
        )
