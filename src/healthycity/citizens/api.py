"""GET /api/v1/citizens/ — exactly the citizens the caller may see."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import viewsets

from healthycity.citizens.queries import citizens_visible_to
from healthycity.citizens.serializers import CitizenSerializer


@extend_schema(tags=["citizens"])
class CitizenViewSet(viewsets.ReadOnlyModelViewSet):
    """Citizens visible to the caller: officials all, a worker their centre's, a citizen
    themself, partners and delegates none. Registry attributes only: no names, no health data."""

    serializer_class = CitizenSerializer
    lookup_field = "external_id"
    lookup_url_kwarg = "id"

    def get_queryset(self):
        return citizens_visible_to(self.request.user).order_by("id")
