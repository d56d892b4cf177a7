"""Pages of the equity app (mounted under /equity/)."""

from django.urls import path

from healthycity.equity import views

app_name = "equity"
urlpatterns = [
    path("", views.dashboard_view, name="dashboard"),
    path("export/", views.export, name="export"),
    path("snapshot/", views.snapshot_now, name="snapshot"),
]
