"""Pages of the equity app (mounted under /equity/)."""

from django.urls import path

from healthycity.equity import views

app_name = "equity"
urlpatterns = [
    path("", views.dashboard_view, name="dashboard"),
    path("export.csv", views.export_csv, name="export_csv"),
    path("export.xlsx", views.export_xlsx, name="export_xlsx"),
]
