"""REST endpoints of the health app (mounted under /api/v1/)."""

from django.urls import path

from healthycity.health import api
from healthycity.health.api_assessment import AssessmentView
from healthycity.health.api_imports import ImportUploadView

urlpatterns: list = [
    path("measurements/", api.MeasurementList.as_view(), name="health-measurements"),
    path("steps/", api.StepsList.as_view(), name="health-steps"),
    path("citizens/<uuid:id>/fhir/", api.CitizenFhirView.as_view(), name="health-citizen-fhir"),
    path(
        "citizens/<uuid:id>/assessment/", AssessmentView.as_view(), name="health-citizen-assessment"
    ),
    path("fhir/", api.FhirUploadView.as_view(), name="health-fhir-upload"),
    path("health/imports/", ImportUploadView.as_view(), name="health-imports"),
]
