"""REST endpoints of the conference app (mounted under /api/v1/)."""

from django.urls import path

from healthycity.conference import api

urlpatterns = [
    path("conference/events/", api.EventList.as_view(), name="conference-events"),
    path("conference/events/<slug:slug>/", api.EventDetail.as_view(), name="conference-event"),
    path(
        "conference/events/<slug:slug>/sessions/",
        api.EventSessions.as_view(),
        name="conference-sessions",
    ),
    path("conference/sessions/<uuid:id>/", api.SessionDetail.as_view(), name="conference-session"),
    path(
        "conference/events/<slug:slug>/registrations/",
        api.EventRegistrations.as_view(),
        name="conference-registrations",
    ),
    path(
        "conference/registrations/<uuid:id>/",
        api.RegistrationDetail.as_view(),
        name="conference-registration",
    ),
    *[
        path(
            f"conference/registrations/<uuid:id>/{action}/",
            api.RegistrationAction.as_view(),
            {"action": action},
            name=f"conference-registration-{action}",
        )
        for action in api.RegistrationAction.actions
    ],
    path(
        "conference/events/<slug:slug>/checkin-lists/",
        api.EventCheckinLists.as_view(),
        name="conference-checkin-lists",
    ),
    path("conference/events/<slug:slug>/gates/", api.EventGates.as_view(), name="conference-gates"),
    path(
        "conference/events/<slug:slug>/devices/",
        api.EventDevices.as_view(),
        name="conference-devices",
    ),
    path(
        "conference/checkin-lists/<int:pk>/offline/",
        api.OfflineList.as_view(),
        name="conference-offline-list",
    ),
    path("conference/checkins/", api.Checkins.as_view(), name="conference-checkins"),
    path(
        "conference/checkins/batch/", api.CheckinBatch.as_view(), name="conference-checkins-batch"
    ),
]
