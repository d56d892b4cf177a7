from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "healthycity.jobs"
    label = "jobs"
    verbose_name = "background jobs"

    def ready(self) -> None:
        # The Celery app must exist before a task is sent, in the web process too (the task
        # functions are bound to it); importing it is cheap and connects to nothing.
        import healthycity.celery  # noqa: F401
