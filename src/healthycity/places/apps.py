from django.apps import AppConfig


class PlacesConfig(AppConfig):
    name = "healthycity.places"
    label = "places"
