"""`healthycity serve`: the site in production, on gunicorn.

Workers: `2 × CPU cores + 1` (gunicorn's rule of thumb: while one worker waits on PostgreSQL
another computes), at most 8 per machine by default — scale out with more machines behind the
load balancer rather than more workers per machine (docs/operations.md). Each worker is a
process with one thread and its own database connection. A request that takes longer than
`--timeout` seconds (30) is aborted and its worker replaced: long work belongs in a background
job, never in a request. `--threads N` (WEB_THREADS) gives each worker N threads instead, each
with its own connection, and keeps clients' connections open between requests — for many short
requests that mostly wait on PostgreSQL, as the gates' check-in scans at the conference; there
`--timeout` replaces a worker that stops answering but cannot abort one slow request
(docs/operations.md). Workers are recycled after ~1000 requests (a slow leak cannot grow).
Static files are served by WhiteNoise from STATIC_ROOT, collected here on the first start.
"""

from __future__ import annotations

import os
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connections
from django.utils.translation import gettext as _

MAX_DEFAULT_WORKERS = 8


def default_workers() -> int:
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return min(2 * (cores or 1) + 1, MAX_DEFAULT_WORKERS)


class Command(BaseCommand):
    help = _("Serve the site with gunicorn (production). See docs/operations.md.")

    def add_arguments(self, parser):
        parser.add_argument(
            "--bind",
            default=os.environ.get("HEALTHYCITY_BIND", "127.0.0.1:8000"),
            help=_("address:port or unix:/path (default 127.0.0.1:8000, or HEALTHYCITY_BIND)"),
        )
        parser.add_argument(
            "--workers",
            type=int,
            default=int(os.environ.get("WEB_CONCURRENCY", "0")) or default_workers(),
            help=_("worker processes (default 2 × cores + 1, at most 8; or WEB_CONCURRENCY)"),
        )
        parser.add_argument(
            "--threads",
            type=int,
            default=int(os.environ.get("WEB_THREADS", "1")),
            help=_(
                "threads per worker (default 1: a sync worker; more: threaded workers that keep "
                "connections alive; or WEB_THREADS)"
            ),
        )
        parser.add_argument(
            "--timeout", type=int, default=30, help=_("seconds before a request is aborted")
        )
        parser.add_argument(
            "--graceful-timeout",
            type=int,
            default=30,
            help=_("seconds a worker gets to finish its requests on restart"),
        )
        parser.add_argument(
            "--keep-alive", type=int, default=5, help=_("seconds an idle connection stays open")
        )
        parser.add_argument(
            "--max-requests",
            type=int,
            default=1000,
            help=_("requests after which a worker is replaced (0: never)"),
        )
        parser.add_argument(
            "--no-access-log", action="store_true", help=_("do not log each request")
        )
        parser.add_argument(
            "--no-collectstatic",
            action="store_true",
            help=_("do not collect static files on the first start (the deploy step does it)"),
        )

    def handle(self, *args, **options):
        self._require_migrated()
        if not options["no_collectstatic"]:
            self._collect_static_once()
        if options["threads"] < 1 or options["workers"] < 1:
            raise CommandError(_("--workers and --threads must be at least 1."))
        connections.close_all()  # nothing of the master's may be shared with the workers
        from healthycity.core.gunicorn import Server

        threaded = options["threads"] > 1
        config = {
            "bind": [options["bind"]],
            "workers": options["workers"],
            # More than one thread: gthread's worker, taking a connection only while a thread is
            # free (core.gunicorn.ThreadWorker), so kept-alive connections spread over the workers.
            "worker_class": "healthycity.core.gunicorn.ThreadWorker" if threaded else "sync",
            "threads": options["threads"],
            "timeout": options["timeout"],
            "graceful_timeout": options["graceful_timeout"],
            "keepalive": options["keep_alive"],
            "max_requests": options["max_requests"],
            "max_requests_jitter": max(options["max_requests"] // 10, 0),
            "preload_app": True,
            "accesslog": None if options["no_access_log"] else "-",
            "errorlog": "-",
            "forwarded_allow_ips": os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1"),
            "proc_name": "healthycity",
            # gunicorn's control socket is one path per machine user: several sites (or a test
            # beside a site) would fight over it, and nothing here uses it.
            "control_socket_disable": True,
        }
        shm = Path("/dev/shm")  # noqa: S108 — gunicorn's heartbeat files, not data
        if shm.is_dir():  # off the disk, as gunicorn advises
            config["worker_tmp_dir"] = str(shm)
        if threaded:
            message = _(
                "healthycity: serving on %(bind)s with %(n)s workers × %(threads)s threads "
                "(timeout %(t)s s)."
            )
        else:
            message = _("healthycity: serving on %(bind)s with %(n)s workers (timeout %(t)s s).")
        self.stderr.write(
            message
            % {
                "bind": options["bind"],
                "n": options["workers"],
                "threads": options["threads"],
                "t": options["timeout"],
            }
        )
        Server(config).run()

    def _require_migrated(self) -> None:
        from django.db.migrations.executor import MigrationExecutor

        executor = MigrationExecutor(connections["default"])
        plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
        if plan:
            raise CommandError(
                _(
                    "The database is not up to date: %(n)s migrations are not applied. "
                    "Run `healthycity migrate` first."
                )
                % {"n": len(plan)}
            )

    def _collect_static_once(self) -> None:
        backend = settings.STORAGES["staticfiles"]["BACKEND"]
        manifest = Path(settings.STATIC_ROOT) / "staticfiles.json"
        if "Manifest" in backend and not manifest.exists():
            self.stderr.write(_("healthycity: collecting static files (first start)…"))
            call_command("collectstatic", interactive=False, verbosity=0)
