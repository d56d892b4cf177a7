"""Pages after the conference (mounted under /conference/)."""

from django.urls import path

from healthycity.conference.afterwards import views
from healthycity.conference.exhibition.views.common import to_current

app_name = "afterwards"
urlpatterns = [
    path("afterwards/", to_current("afterwards:mine"), name="current"),
    path("afterwards/dashboard/", to_current("afterwards:dashboard"), name="current_dashboard"),
    path("<slug:event>/afterwards/", views.mine, name="mine"),
    path("<slug:event>/afterwards/sessions/<uuid:session>/rate/", views.rate, name="rate"),
    path("<slug:event>/afterwards/certificate.pdf", views.my_certificate, name="certificate"),
    path("<slug:event>/afterwards/dashboard/", views.dashboard, name="dashboard"),
    path(
        "<slug:event>/afterwards/sessions/<uuid:session>/comments/",
        views.comments,
        name="comments",
    ),
    path("certificates/<str:code>/", views.verify, name="verify"),
]
