"""`healthycity demo --citizens N --seed S [--password P] [--reset]`: build the synthetic Seoul."""

from __future__ import annotations

import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils.translation import gettext as _
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Column

from healthycity.citizens.models import Citizen, Consent
from healthycity.demo.build import DEFAULT_PASSWORD, DemoError, build_demo
from healthycity.env import env_bool


def demo_allowed() -> bool:
    """Demo logins with a known password belong on a demo, development or test database only."""
    return settings.DEMO_MODE or settings.DEBUG or env_bool("HEALTHYCITY_TESTING", False)


def unapplied_migrations() -> list:
    executor = MigrationExecutor(connection)
    return executor.migration_plan(executor.loader.graph.leaf_nodes())


class Command(BaseCommand):
    help = "Build the demo city: a synthetic Seoul, the same for the same seed."

    def add_arguments(self, parser):
        parser.add_argument("--citizens", type=int, default=5000, help="How many citizens.")
        parser.add_argument("--seed", type=int, default=2026, help="Random seed.")
        parser.add_argument(
            "--password",
            default=DEFAULT_PASSWORD,
            help="Password of every demo login (at least 8 characters).",
        )
        parser.add_argument(
            "--reset",
            action="store_true",
            help="Delete the demo data (people, organisations, logins and what refers to them) first.",
        )

    def handle(self, *args, citizens, seed, password, reset, **options):
        if not demo_allowed():
            raise CommandError(
                _(
                    "The demo city is built only in demo mode: set HEALTHYCITY_DEMO=1 "
                    "(never on a production database)."
                )
            )
        if unapplied_migrations():
            raise CommandError(
                _("The database is not up to date; run `healthycity migrate` first.")
            )
        started = time.perf_counter()
        console = Console(file=self.stdout._out, highlight=False)
        columns = (
            TextColumn("{task.description}", table_column=Column(min_width=34)),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
        )
        try:
            with Progress(*columns, console=console) as bar:

                def progress(label: str, total: int):
                    task = bar.add_task(label, total=total)
                    return lambda n=1: bar.advance(task, n)

                ctx = build_demo(
                    seed=seed,
                    n_citizens=citizens,
                    password=password,
                    progress=progress,
                    reset=reset,
                )
        except DemoError as error:
            raise CommandError(str(error)) from None
        seconds = time.perf_counter() - started
        self.stdout.write(
            self.style.SUCCESS(
                _(
                    "Demo city built in %(seconds).1f s: %(citizens)s citizens, %(consents)s "
                    "consents, %(centres)s welfare centres in %(districts)s districts, "
                    "%(cities)s member cities, %(logins)s logins (seed %(seed)s). "
                    "App data: %(hooks)s."
                )
                % {
                    "seconds": seconds,
                    "citizens": Citizen.objects.count(),
                    "consents": Consent.objects.count(),
                    "centres": len(ctx.centres),
                    "districts": len(ctx.districts),
                    "cities": len(ctx.member_cities),
                    "logins": len(ctx.users),
                    "seed": seed,
                    "hooks": ", ".join(ctx.hooks_ran) or "-",
                }
            )
        )
