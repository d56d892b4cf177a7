from django.urls import path

from healthycity.citizens import views

app_name = "citizens"
urlpatterns = [
    path("", views.citizen_list, name="list"),
    path("me/consents/", views.my_consents, name="my_consents"),
    path("me/consents/change/", views.change_consent, name="change_consent"),
]
