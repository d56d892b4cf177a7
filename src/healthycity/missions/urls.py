"""Pages of the missions app (mounted under /missions/)."""

from django.urls import path

from healthycity.missions import views

app_name = "missions"
urlpatterns = [
    path("", views.mine, name="mine"),
    path("<uuid:id>/join/", views.join_mission, name="join"),
    path("<uuid:id>/leave/", views.leave_mission, name="leave"),
    path("manage/", views.manage, name="manage"),
    path("manage/new/", views.create, name="create"),
    path("manage/<uuid:id>/", views.detail, name="detail"),
    path("manage/<uuid:id>/evaluation/<uuid:terms>/", views.evaluation, name="evaluation"),
]
