from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "healthycity.demo"
    label = "demo"
