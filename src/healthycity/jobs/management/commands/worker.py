"""`healthycity worker`: a Celery worker that runs background jobs (needs REDIS_URL).

One worker process per core by default (jobs are CPU work: parsing, statistics, PDFs); each
takes one job at a time and is replaced after 100 jobs. Run more workers on more machines to
go faster; `--beat` also runs the scheduler (nightly snapshot, recovery of jobs whose worker
died, clean-up) — in exactly one worker of the site, or run `healthycity beat` on its own.
"""

from __future__ import annotations

import os

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

NO_BROKER = gettext_noop(
    "REDIS_URL is not set. Without a broker the web process runs background jobs itself (in a "
    "thread), so there is nothing for a worker to do; set REDIS_URL to run jobs on workers."
)


def require_broker() -> None:
    if settings.JOBS_MODE != "celery":
        raise CommandError(_(NO_BROKER))


class Command(BaseCommand):
    help = _("Run a Celery worker for background jobs (needs REDIS_URL). See docs/operations.md.")

    def add_arguments(self, parser):
        parser.add_argument(
            "--concurrency",
            type=int,
            default=int(os.environ.get("WORKER_CONCURRENCY", "0")) or None,
            help=_("worker processes (default: one per core, or WORKER_CONCURRENCY)"),
        )
        parser.add_argument(
            "--beat", action="store_true", help=_("also run the scheduler (one per site)")
        )
        parser.add_argument("--loglevel", default="INFO")

    def handle(self, *args, **options):
        require_broker()
        from healthycity.celery import app

        argv = [
            "worker",
            f"--loglevel={options['loglevel']}",
            f"--queues={settings.CELERY_TASK_DEFAULT_QUEUE}",
            "--hostname=healthycity@%h",
            "--max-tasks-per-child=100",
        ]
        if options["concurrency"]:
            argv.append(f"--concurrency={options['concurrency']}")
        if options["beat"]:
            argv += ["--beat", f"--schedule={settings.CELERY_BEAT_SCHEDULE_FILENAME}"]
        app.worker_main(argv)
