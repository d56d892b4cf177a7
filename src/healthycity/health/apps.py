from django.apps import AppConfig


class HealthConfig(AppConfig):
    name = "healthycity.health"
    label = "health"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from healthycity.health.receivers import prepare_report_on_login

        user_logged_in.connect(prepare_report_on_login, dispatch_uid="health.prepare_report")
