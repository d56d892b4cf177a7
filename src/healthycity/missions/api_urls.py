"""API of the missions app (under /api/v1/)."""

from django.urls import path

from healthycity.missions import api

urlpatterns = [
    path("missions/me/", api.MyMissions.as_view(), name="missions-me"),
]
