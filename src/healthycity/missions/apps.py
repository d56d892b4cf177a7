from django.apps import AppConfig


class MissionsConfig(AppConfig):
    name = "healthycity.missions"
    label = "missions"
