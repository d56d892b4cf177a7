"""REST API of the aid app (under /api/v1/aid/). Every list is role-scoped via aid.queries;
writes call the domain, whose refusals come back in the one error shape (core.api)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import APIException
from rest_framework.response import Response

from healthycity.accounts import roles
from healthycity.aid import queries
from healthycity.aid.domain.distribution import hand_over
from healthycity.aid.domain.enrolment import enrol
from healthycity.aid.domain.errors import IdempotencyConflict
from healthycity.aid.domain.stock import register_lot
from healthycity.aid.models import Cycle, DonationLot, Location
from healthycity.aid.serializers import (
    EnrolmentSerializer,
    EnrolRequestSerializer,
    HandOverRequestSerializer,
    HandOverSerializer,
    LotSerializer,
    OutcomeRowSerializer,
    ProgrammeSerializer,
)
from healthycity.citizens.queries import citizens_visible_to
from healthycity.core.audit import log_access_many
from healthycity.partners.models import Product


def _need(request, perm: str) -> None:
    if not request.user.has_perm(perm):
        raise PermissionDenied


@extend_schema(tags=["aid"])
class ProgrammeViewSet(viewsets.ReadOnlyModelViewSet):
    """Programmes the caller may see; `outcomes` gives the DiD results (suppressed for anyone
    outside the city)."""

    serializer_class = ProgrammeSerializer
    lookup_field = "external_id"
    lookup_url_kwarg = "id"

    def get_queryset(self):
        return (
            queries.programmes_visible_to(self.request.user)
            .prefetch_related("sponsors", "centres")
            .order_by("id")
        )

    @extend_schema(responses=OutcomeRowSerializer(many=True))
    @action(detail=True, pagination_class=None)
    def outcomes(self, request, id=None):
        _need(request, "aid.view_outcomes")
        programme = self.get_object()
        city = request.user.has_perm("aid.manage_programme")
        return Response(queries.programme_outcomes(programme, suppress=not city))


@extend_schema(tags=["aid"])
class EnrolmentViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Enrolments: officials all, a worker their centre's; workers enrol (POST)."""

    serializer_class = EnrolmentSerializer
    lookup_field = "external_id"
    lookup_url_kwarg = "id"

    def get_queryset(self):
        return queries.enrolments_visible_to(self.request.user).order_by("id")

    # An enrolment shows a person's need score and tier: every read is in the access log.
    def list(self, request, *args, **kwargs):
        response = super().list(request, *args, **kwargs)
        page = getattr(self.paginator, "page", None)
        self._log(request, page.object_list if page is not None else [])
        return response

    def retrieve(self, request, *args, **kwargs):
        response = super().retrieve(request, *args, **kwargs)
        self._log(request, [self.get_object()])
        return response

    @staticmethod
    def _log(request, enrolments) -> None:
        log_access_many(
            actor=request.user,
            citizens=[e.citizen for e in enrolments],
            action="aid.api_enrolments",
            purpose="aid enrolment",
            path=request.path,
        )

    @extend_schema(request=EnrolRequestSerializer, responses=EnrolmentSerializer)
    def create(self, request, *args, **kwargs):
        _need(request, "aid.enrol")
        data = EnrolRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        programme = get_object_or_404(
            queries.programmes_visible_to(request.user),
            external_id=data.validated_data["programme"],
        )
        citizen = (
            citizens_visible_to(request.user)
            .filter(external_id=data.validated_data["citizen"])
            .first()
        )
        if citizen is None:
            raise PermissionDenied
        enrolment = enrol(programme=programme, citizen=citizen, by=request.user)
        return Response(EnrolmentSerializer(enrolment).data, status=status.HTTP_201_CREATED)


@extend_schema(tags=["aid"])
class LotViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Donation lots: officials all, a partner its own (and registers new ones)."""

    serializer_class = LotSerializer
    lookup_field = "external_id"
    lookup_url_kwarg = "id"

    def get_queryset(self):
        return queries.lots_visible_to(self.request.user).order_by("id")

    def create(self, request, *args, **kwargs):
        _need(request, "aid.register_donation")
        data = LotSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        partners = roles.partner_organisations_of(request.user)
        product = get_object_or_404(
            Product, slug=data.validated_data["product"]["slug"], partner__in=partners
        )
        code = data.validated_data.get("deliver_to", {}).get("code")
        location = get_object_or_404(Location, code=code) if code else None
        lot = register_lot(
            partner=product.partner,
            product=product,
            quantity=request.data.get("quantity"),
            lot_number=data.validated_data["lot_number"],
            expires_on=data.validated_data["expires_on"],
            deliver_to=location,
            by=request.user,
        )
        return Response(LotSerializer(lot).data, status=status.HTTP_201_CREATED)


class Conflict(APIException):
    status_code = status.HTTP_409_CONFLICT
    default_code = "conflict"


@extend_schema(tags=["aid"])
class HandOverViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """The distribution ledger as the caller may see it. POST records a hand-over; send an
    `Idempotency-Key` header (a new random value per hand-over, e.g. a UUID) so that a retried
    request is not handed over twice: 201 the first time, 200 with the same entry when the same
    user sends the same request again, 409 when the key was used for a different request. Keys
    belong to the user who sent them."""

    serializer_class = HandOverSerializer
    lookup_field = "seq"

    def get_queryset(self):
        return queries.handovers_visible_to(self.request.user).order_by("seq")

    @extend_schema(
        request=HandOverRequestSerializer,
        responses={200: HandOverSerializer, 201: HandOverSerializer, 409: OpenApiTypes.OBJECT},
        parameters=[
            OpenApiParameter("Idempotency-Key", str, OpenApiParameter.HEADER, required=True)
        ],
    )
    def create(self, request, *args, **kwargs):
        _need(request, "aid.hand_over")
        data = HandOverRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        enrolment = get_object_or_404(
            queries.enrolments_visible_to(request.user), external_id=v["enrolment"]
        )
        try:
            entry, created = hand_over(
                cycle=get_object_or_404(Cycle, external_id=v["cycle"]),
                enrolment=enrolment,
                lot=get_object_or_404(DonationLot, external_id=v["lot"]),
                quantity=v["quantity"],
                by=request.user,
                idempotency_key=request.headers.get("Idempotency-Key", ""),
            )
        except IdempotencyConflict as exc:
            raise Conflict(exc.text) from None
        return Response(
            HandOverSerializer(entry).data,
            status=status.HTTP_201_CREATED if created else status.HTTP_200_OK,
        )
