from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "healthycity.core"
    label = "core"

    def ready(self) -> None:
        from healthycity.core import checks  # noqa: F401  (registers system checks)
