from django.apps import AppConfig
from django.db.models.signals import post_migrate


class PoliciesConfig(AppConfig):
    name = "healthycity.policies"
    label = "policies"

    def ready(self) -> None:
        from healthycity.policies.search.sqlite_index import after_migrate

        post_migrate.connect(after_migrate, sender=self, dispatch_uid="policies-fts-triggers")
