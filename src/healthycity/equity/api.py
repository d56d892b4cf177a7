"""GET /api/v1/equity/report/?indicator=&by=&standard= — the dashboard's numbers as JSON.
Partners and delegates get small cells suppressed; officials and admins get all cells."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.exceptions import APIException, NotFound, ValidationError
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from healthycity.equity import dashboard
from healthycity.equity.errors import EquityError


class SnapshotUnusable(APIException):
    status_code = 409
    default_code = "snapshot_unusable"


REPORT_SCHEMA = inline_serializer(
    name="EquityReport",
    fields={
        "meta": serializers.DictField(help_text="standard, method, suppressed"),
        "estimates": serializers.ListField(
            child=serializers.DictField(),
            help_text="One row per period, indicator, stratifier and subgroup: population, "
            "numerator, estimate, se, lower, upper, method, reason (null numbers have a reason).",
        ),
        "measures": serializers.ListField(
            child=serializers.DictField(),
            help_text="One row per period, indicator, stratifier and HEAT summary measure.",
        ),
    },
)


class EquityReportView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        operation_id="equity_report",
        summary="Estimates and inequality measures of one indicator by one stratifier",
        parameters=[
            OpenApiParameter("indicator", OpenApiTypes.STR, description="Indicator id"),
            OpenApiParameter("by", OpenApiTypes.STR, description="Stratifier id"),
            OpenApiParameter(
                "standard",
                OpenApiTypes.STR,
                enum=["who2000", "esp2013"],
                description="Age standard (empty: crude only)",
            ),
        ],
        responses={200: REPORT_SCHEMA},
    )
    def get(self, request):
        if not request.user.has_perm("equity.view_dashboard"):
            raise PermissionDenied
        suppress = not request.user.has_perm("equity.view_unsuppressed")
        try:
            sel = dashboard.select(request.query_params, suppress=suppress)
        except EquityError as exc:
            raise ValidationError({"detail": str(exc)}) from None
        try:
            data = dashboard.build(sel)
        except EquityError as exc:  # e.g. a snapshot of an older format
            raise SnapshotUnusable(str(exc)) from None
        if data is None:
            raise NotFound(_("There is no snapshot yet."))
        return Response(data["report"].as_dict())
