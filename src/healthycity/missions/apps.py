from django.apps import AppConfig


class MissionsConfig(AppConfig):
    name = "healthycity.missions"
    label = "missions"

    def ready(self) -> None:
        from healthycity.health.signals import steps_recorded
        from healthycity.missions.receivers import award_after_import

        steps_recorded.connect(award_after_import, dispatch_uid="missions.award_after_import")
