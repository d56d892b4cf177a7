from django.apps import AppConfig


class CitizensConfig(AppConfig):
    name = "healthycity.citizens"
    label = "citizens"
