"""REST endpoints of the equity app (mounted under /api/v1/)."""

from django.urls import path

from healthycity.equity.api import EquityReportView

urlpatterns = [path("equity/report/", EquityReportView.as_view(), name="equity-report")]
