from django.apps import AppConfig


class AidConfig(AppConfig):
    name = "healthycity.aid"
    label = "aid"
