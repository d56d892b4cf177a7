from django.apps import AppConfig


class PartnersConfig(AppConfig):
    name = "healthycity.partners"
    label = "partners"
