"""Pages of the health app (mounted under /health/)."""

from django.urls import path

from healthycity.health.views import records, wearables, worker

app_name = "health"
urlpatterns = [
    path("me/", records.my_health, name="my_health"),
    path("me/report.pdf", records.my_report_pdf, name="my_report_pdf"),
    path("me/fhir.json", records.my_fhir, name="my_fhir"),
    path("me/upload/", wearables.my_upload, name="my_upload"),
    path("worklist/", worker.worklist, name="worklist"),
    path("upload/", worker.upload, name="upload"),
    path("imports/<uuid:id>/quarantine/", worker.quarantine, name="quarantine"),
    path("citizens/<uuid:id>/", records.citizen_record, name="citizen_record"),
    path("citizens/<uuid:id>/report.pdf", records.citizen_report_pdf, name="citizen_report_pdf"),
    path("citizens/<uuid:id>/record/", worker.record_measurement, name="record_measurement"),
    path("citizens/<uuid:id>/upload/", wearables.citizen_upload, name="citizen_upload"),
]
