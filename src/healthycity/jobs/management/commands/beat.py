"""`healthycity beat`: the scheduler of background jobs (one per site; needs REDIS_URL)."""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from healthycity.jobs.management.commands.worker import require_broker


class Command(BaseCommand):
    help = _("Run the scheduler of background jobs: nightly snapshot, recovery, clean-up.")

    def add_arguments(self, parser):
        parser.add_argument("--loglevel", default="INFO")

    def handle(self, *args, **options):
        require_broker()
        from healthycity.celery import app

        app.start(
            [
                "beat",
                f"--loglevel={options['loglevel']}",
                f"--schedule={settings.CELERY_BEAT_SCHEDULE_FILENAME}",
            ]
        )
