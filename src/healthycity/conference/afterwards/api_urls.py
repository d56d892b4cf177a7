"""REST endpoints after the conference (mounted under /api/v1/)."""

from django.urls import path

from healthycity.conference.afterwards import api

urlpatterns = [
    path(
        "conference/sessions/<uuid:id>/feedback/",
        api.SessionFeedbackView.as_view(),
        name="afterwards-api-feedback",
    ),
    path(
        "conference/events/<slug:slug>/feedback/",
        api.EventFeedback.as_view(),
        name="afterwards-api-event-feedback",
    ),
    path(
        "conference/events/<slug:slug>/attendance/",
        api.EventAttendance.as_view(),
        name="afterwards-api-attendance",
    ),
    path(
        "conference/events/<slug:slug>/certificate/",
        api.MyCertificate.as_view(),
        name="afterwards-api-my-certificate",
    ),
    path(
        "conference/certificates/<str:code>/",
        api.VerifyCertificate.as_view(),
        name="afterwards-api-verify",
    ),
]
