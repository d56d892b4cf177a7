"""healthycity import inbody|fhir|steps|apple-health|samsung-health|fitbit|omh FILE… [--dry-run]
[--format json] [--user U] [--citizen ID]"""

from __future__ import annotations

import csv
import itertools
import json

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _

from healthycity.citizens.models import Citizen
from healthycity.health.enums import Context
from healthycity.health.imports import ImportFailed, import_file

WEARABLES = {
    "apple-health": "Apple Health export.zip or export.xml (one person's)",
    "samsung-health": "Samsung Health personal-data download (folder or zip)",
    "fitbit": "Fitbit / Google Takeout folder or zip, or a steps-YYYY-MM-DD.json",
    "omh": "Open mHealth / IEEE 1752.1 JSON (a data point, a list, or NDJSON)",
}


class Command(BaseCommand):
    help = (
        "Import health records: LookinBody exports, FHIR R4 JSON, daily steps CSV, or a "
        "citizen's phone or watch export (Apple Health, Samsung Health, Fitbit, Open mHealth)."
    )
    # The system checks load every URLconf and so every app's views (statistics, maps, PDF
    # libraries: ~100 MB); an import needs none of them, and its memory should be the import's.
    # `healthycity check` (and `runserver`, `migrate`) still run them.
    requires_system_checks: list = []

    def add_arguments(self, parser):
        sub = parser.add_subparsers(
            dest="kind",
            required=True,
            metavar="{inbody,fhir,steps,apple-health,samsung-health,fitbit,omh}",
        )
        for kind, text in (
            ("inbody", "LookinBody export (CSV or XLSX)"),
            ("fhir", "FHIR R4 Observation, Bundle or NDJSON"),
            ("steps", "daily steps CSV: citizen,date,steps,device"),
            *WEARABLES.items(),
        ):
            p = sub.add_parser(kind, help=text)
            p.add_argument("files", nargs="+", metavar="FILE")
            p.add_argument("--dry-run", action="store_true", help="check and count, record nothing")
            p.add_argument("--format", choices=["text", "json"], default="text")
            p.add_argument("--user", help="username the import is attributed to")
            p.add_argument("--language", choices=["ko", "en"], help="language of the messages")
            p.add_argument("--context", choices=[c.value for c in Context], default=Context.CENTRE)
            p.add_argument("--place", default="", help="where the measurements were taken")
            if kind == "fhir":
                p.add_argument(
                    "--citizen", help="citizen id for resources whose subject is foreign"
                )
            if kind in WEARABLES:
                p.add_argument(
                    "--citizen", required=True, help="the citizen id of the export's owner"
                )

    def handle(self, *args, **opts):
        with translation.override(opts.get("language") or translation.get_language() or "ko"):
            return self._handle(opts)

    def _handle(self, opts):
        by = self._user(opts.get("user"))
        citizen = self._citizen(opts.get("citizen"))
        summaries = [self._one(path, opts, by, citizen) for path in opts["files"]]
        if opts["format"] == "json":
            out = summaries[0] if len(summaries) == 1 else {"files": summaries, **_total(summaries)}
            self.stdout.write(json.dumps(out, ensure_ascii=False))

    def _one(self, path: str, opts, by, citizen) -> dict:
        progress, done = self._progress(path, opts["format"] != "json")
        try:
            result = import_file(
                path=path,
                kind=opts["kind"].replace("-", "_"),
                by=by,
                citizen=citizen,
                dry_run=opts["dry_run"],
                context=opts["context"],
                place=opts["place"],
                progress=progress,
            )
        except ImportFailed as exc:
            raise CommandError(f"{path}: {exc}") from None
        finally:
            done()
        summary = result.as_dict()
        if opts["format"] != "json":
            self.stdout.write(self._text(path, result))
        else:
            summary["rejections"] = _rejections(result.report)
        return summary

    def _text(self, path, r) -> str:
        line = _("%(file)s: %(read)s rows read, %(imported)s imported, %(duplicates)s duplicates, %(rejected)s rejected.") % {
            "file": path, "read": r.read, "imported": r.imported, "duplicates": r.duplicates, "rejected": r.rejected,
        }  # fmt: skip
        if r.dry_run:
            line += " " + _("Dry run: nothing was recorded.")
        if r.days:
            line += (
                " "
                + _(
                    "Days of steps: %(new)s new, %(corrected)s corrected, %(unchanged)s unchanged, %(flagged)s flagged."
                )
                % r.days
            )
        if r.rejected:
            line += " " + _("See the report: %(path)s") % {"path": r.report}
        return line

    def _progress(self, path: str, show: bool):
        if not show:
            return None, lambda: None
        from rich.progress import BarColumn, DownloadColumn, Progress, TimeRemainingColumn

        bar = Progress(
            "[progress.description]{task.description}",
            BarColumn(),
            DownloadColumn(),
            TimeRemainingColumn(),
            transient=True,
        )
        task = bar.add_task(path, total=None)
        bar.start()
        return (lambda pos, total: bar.update(task, completed=pos, total=total)), bar.stop

    def _user(self, username):
        if not username:
            return None
        try:
            return get_user_model().objects.get(username=username)
        except get_user_model().DoesNotExist:
            raise CommandError(_("There is no user '%(name)s'.") % {"name": username}) from None

    def _citizen(self, ident):
        if not ident:
            return None
        try:
            return Citizen.objects.get(external_id=ident)
        except (Citizen.DoesNotExist, ValidationError, ValueError):
            raise CommandError(
                _("There is no citizen with the id '%(id)s'.") % {"id": ident}
            ) from None


def _total(summaries: list[dict]) -> dict:
    return {k: sum(s[k] for s in summaries) for k in ("read", "imported", "duplicates", "rejected")}


JSON_REJECTIONS = 1000  # listed in the JSON summary; the report (its path is given) has them all


def _rejections(report: str) -> list[dict]:
    """The first rejected rows, in line order, from the quarantine report (written for dry runs
    too): line, reason code, column and message — the raw row stays in the report."""
    if not report:
        return []
    with open(report, encoding="utf-8-sig", newline="") as f:
        rows = itertools.islice(csv.DictReader(f), JSON_REJECTIONS)
        return [
            {"line": int(r["line"]), "reason": r["reason"], "column": r["column"],
             "message": r["message"]}
            for r in rows
        ]  # fmt: skip
