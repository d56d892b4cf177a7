"""The project's URLs plus the assessment route, for tests that run before health/api_urls.py
lists it (the project's own route comes first and wins once it exists)."""

from django.urls import path

from healthycity.health.api_assessment import AssessmentView
from healthycity.urls import urlpatterns as project

urlpatterns = [
    *project,
    path("api/v1/citizens/<uuid:id>/assessment/", AssessmentView.as_view(), name="assessment-test"),
]
