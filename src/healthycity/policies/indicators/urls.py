"""Pages of the indicators sub-app, mounted under /policies/ beside the practice library."""

from django.urls import path

from healthycity.policies.indicators import views

app_name = "indicators"
urlpatterns = [
    path("benchmarks/", views.benchmarks_view, name="benchmarks"),
    path("benchmarks/import/", views.import_view, name="import"),
    path("benchmarks/import/<uuid:batch>/", views.import_status, name="import_status"),
    path("benchmarks/heat/", views.heat_upload, name="heat_upload"),
    path("benchmarks/values/<uuid:value>/", views.value_edit, name="value_edit"),
    path("benchmarks/export.csv", views.export_csv, name="export_csv"),
    path("benchmarks/catalogue/", views.catalogue_view, name="catalogue"),
]
