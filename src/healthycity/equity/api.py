"""GET /api/v1/equity/report/?indicator=&by=&standard= — the dashboard's numbers as JSON.
Partners and delegates get small cells suppressed; officials and admins get all cells."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from healthycity.equity import dashboard
from healthycity.equity.errors import EquityError


class EquityReportView(APIView):
    permission_classes = [IsAuthenticated]

    def get(self, request):
        if not request.user.has_perm("equity.view_dashboard"):
            raise PermissionDenied
        suppress = not request.user.has_perm("equity.view_unsuppressed")
        try:
            sel = dashboard.select(request.query_params, suppress=suppress)
        except EquityError as exc:
            raise ValidationError({"detail": str(exc)}) from None
        data = dashboard.build(sel)
        if data is None:
            raise NotFound(_("There is no snapshot yet."))
        return Response(data["report"].as_dict())
