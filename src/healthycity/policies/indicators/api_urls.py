"""REST endpoints of the indicators sub-app (mounted under /api/v1/)."""

from django.urls import path

from healthycity.policies.indicators import api

urlpatterns = [
    path("policies/cities/", api.CityList.as_view(), name="policies-cities"),
    path("policies/indicators/", api.IndicatorList.as_view(), name="policies-indicators"),
    path("policies/indicator-values/", api.ValueList.as_view(), name="policies-indicator-values"),
    path("policies/benchmarks/", api.BenchmarkView.as_view(), name="policies-benchmarks"),
]
