"""REST endpoints of the partners app, scoped to the caller's role.

GET  /api/v1/products/                    every signed-in user: the active catalogue
POST /api/v1/products/                    partner staff: a product of their company;
                                          officials: of any company (``company`` slug)
PATCH /api/v1/products/{id}/              the maker's staff or an official
GET  /api/v1/companies/                   officials: all partner companies; partner: its own
GET  /api/v1/companies/{slug}/report/?period=YYYY[-MM]   the ESG report figures (suppressed)
"""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, mixins, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from healthycity.accounts import roles
from healthycity.accounts.enums import OrganisationKind, Role
from healthycity.accounts.models import Organisation
from healthycity.partners.esg import report as esg
from healthycity.partners.models import Product
from healthycity.partners.periods import Period
from healthycity.partners.serializers import CompanySerializer, ProductSerializer


@extend_schema(tags=["partners"])
class ProductViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = ProductSerializer
    lookup_field = "external_id"
    lookup_url_kwarg = "id"

    def get_object(self):
        # Permission before validation: a PUT on another company's product is 403, whatever its
        # body says (the serializer would otherwise answer 400 first).
        product = super().get_object()
        if self.request.method not in ("GET", "HEAD", "OPTIONS") and not (
            self.request.user.has_perm("partners.change_product", product)
        ):
            raise exceptions.PermissionDenied(_("You can change only your own company's products."))
        return product

    @extend_schema(
        parameters=[OpenApiParameter("company", str, description="a partner company's slug")]
    )
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    def get_queryset(self):
        qs = Product.objects.select_related("partner").order_by("partner__slug", "slug")
        company = self.request.query_params.get("company")
        if company:
            qs = qs.filter(partner__slug=company)
        if self.action == "list":
            qs = qs.filter(active=True)
        return qs

    def perform_create(self, serializer):
        user = self.request.user
        mine = roles.partner_organisations_of(user)
        slug = self.request.data.get("company")
        if user.has_perm("partners.list_partners"):
            company = get_object_or_404(Organisation, slug=slug, kind=OrganisationKind.PARTNER)
        elif mine:
            company = next((o for o in mine if o.slug == slug), None) if slug else mine[0]
            if company is None:
                raise exceptions.PermissionDenied(
                    _("You can add products only for your own company.")
                )
        else:
            raise exceptions.PermissionDenied(
                _("Only partner staff and city officials can add products.")
            )
        serializer.save(partner=company)

    def perform_update(self, serializer):
        if not self.request.user.has_perm("partners.change_product", serializer.instance):
            raise exceptions.PermissionDenied(_("You can change only your own company's products."))
        serializer.save()


@extend_schema(tags=["partners"])
class CompanyViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = CompanySerializer
    lookup_field = "slug"

    def get_queryset(self):
        qs = Organisation.objects.filter(kind=OrganisationKind.PARTNER).order_by("slug")
        found = roles.roles_of(self.request.user)
        if Role.ADMIN in found or Role.OFFICIAL in found:
            return qs
        return qs.filter(pk__in=[o.pk for o in roles.partner_organisations_of(self.request.user)])

    @extend_schema(
        parameters=[OpenApiParameter("period", str, required=True, description="YYYY or YYYY-MM")],
        responses=dict,
    )
    @action(detail=True, methods=["get"])
    def report(self, request, slug=None):
        company = self.get_object()
        if not request.user.has_perm("partners.view_report", company):
            raise exceptions.PermissionDenied(
                _("Only the company itself and city officials see its report.")
            )
        period = Period.parse(request.query_params.get("period", ""))
        return Response(esg.as_json(esg.build_report(company, period)))
