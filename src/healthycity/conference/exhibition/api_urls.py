"""REST endpoints of the exhibition (mounted under /api/v1/)."""

from django.urls import path

from healthycity.conference.exhibition import api

urlpatterns = [
    path(
        "conference/events/<slug:slug>/exhibitors/",
        api.EventExhibitors.as_view(),
        name="exhibition-api-exhibitors",
    ),
    path(
        "conference/events/<slug:slug>/booths/",
        api.EventBooths.as_view(),
        name="exhibition-api-booths",
    ),
    path(
        "conference/events/<slug:slug>/exhibition/figures/",
        api.EventFigures.as_view(),
        name="exhibition-api-event-figures",
    ),
    path("conference/exhibition/scans/", api.Scans.as_view(), name="exhibition-api-scans"),
    path(
        "conference/exhibition/exhibitors/<uuid:id>/leads/",
        api.Leads.as_view(),
        name="exhibition-api-leads",
    ),
    path(
        "conference/exhibition/exhibitors/<uuid:id>/figures/",
        api.Figures.as_view(),
        name="exhibition-api-figures",
    ),
    path(
        "conference/exhibition/lead-consents/",
        api.LeadConsents.as_view(),
        name="exhibition-api-lead-consents",
    ),
    path(
        "conference/exhibition/lead-consents/<uuid:id>/withdraw/",
        api.WithdrawLeadConsent.as_view(),
        name="exhibition-api-lead-consent-withdraw",
    ),
    path(
        "conference/exhibition/measurements/",
        api.Measurements.as_view(),
        name="exhibition-api-measurements",
    ),
    path("conference/exhibition/claims/", api.Claims.as_view(), name="exhibition-api-claims"),
]
