from django.apps import AppConfig


class EquityConfig(AppConfig):
    name = "healthycity.equity"
    label = "equity"
