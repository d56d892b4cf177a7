from django.apps import AppConfig


class ConferenceConfig(AppConfig):
    name = "healthycity.conference"
    label = "conference"
