from django.apps import AppConfig


class HealthConfig(AppConfig):
    name = "healthycity.health"
    label = "health"
