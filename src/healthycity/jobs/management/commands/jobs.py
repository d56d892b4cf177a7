"""`healthycity jobs list|recover|purge`: background jobs for operators."""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from healthycity.jobs.enums import JobState
from healthycity.jobs.models import Job


class Command(BaseCommand):
    help = _("Background jobs: list them, restart those whose worker died, delete old files.")

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        listing = sub.add_parser("list", help=_("the latest jobs"))
        listing.add_argument("--state", choices=JobState.values)
        listing.add_argument("--limit", type=int, default=20)
        sub.add_parser("recover", help=_("restart jobs whose worker stopped"))
        purge = sub.add_parser("purge", help=_("delete result files of old jobs"))
        purge.add_argument("--days", type=int, default=settings.JOBS_KEEP_DAYS)

    def handle(self, *args, **options):
        from healthycity.jobs import runner

        if options["action"] == "recover":
            counts = runner.recover()
            self.stdout.write(
                _("%(restarted)s restarted, %(failed)s failed, %(resent)s sent again.") % counts
            )
        elif options["action"] == "purge":
            n = runner.purge(older_than_days=options["days"])
            self.stdout.write(_("%(n)s files deleted.") % {"n": n})
        else:
            jobs = Job.objects.select_related("owner")
            if options["state"]:
                jobs = jobs.filter(state=options["state"])
            for job in jobs[: options["limit"]]:
                owner = job.owner.username if job.owner else "-"
                self.stdout.write(
                    f"{job.created_at:%Y-%m-%d %H:%M}  {job.external_id}  {job.kind:24} "
                    f"{job.state:8} {job.percent if job.percent is not None else '-':>4}%  {owner}"
                )
