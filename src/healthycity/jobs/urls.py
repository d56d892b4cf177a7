"""Pages of background jobs (mounted under /jobs/)."""

from django.urls import path

from healthycity.jobs import views

app_name = "jobs"
urlpatterns = [
    path("", views.job_list, name="list"),
    path("<uuid:id>/", views.job_detail, name="detail"),
    path("<uuid:id>/file", views.job_file, name="file"),
]
