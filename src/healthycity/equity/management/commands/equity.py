"""`healthycity equity snapshot|report|summarize` — the analytics snapshot and its reports.

Every user error (unknown indicator, bad file, text in a number column) ends with a one-line
message and a non-zero exit code, never a traceback. Messages and the reasons in a report are in
``--language`` (ko or en; default: the active language, Korean), as in `healthycity import`.
"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _


class Command(BaseCommand):
    help = _("Population health and inequality analytics: snapshot, report, summarize.")

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True, parser_class=type(parser))
        snap = sub.add_parser("snapshot", help=_("Write the pseudonymised Parquet snapshot."))
        snap.add_argument("--period", default=None, help=_("YYYY or YYYY-MM (default: this year)"))
        snap.add_argument("--output", default=None, help=_("Parquet file to write"))
        snap.add_argument("--no-progress", action="store_true")

        rep = sub.add_parser("report", help=_("Estimates and inequality measures from a snapshot."))
        rep.add_argument("--indicator", required=True, help=_("Indicator id, or 'all'"))
        rep.add_argument("--by", required=True, help=_("Stratifier, or 'all'"))
        rep.add_argument("--standardise", "--standardize", default=None)
        rep.add_argument("--period", default=None)
        rep.add_argument("--snapshot", default=None, help=_("Parquet snapshot to read"))
        rep.add_argument("--engine", choices=["duckdb", "spark"], default="duckdb")
        rep.add_argument("--method", choices=["heat", "phe"], default="heat")
        rep.add_argument("--suppress", action="store_true", help=_("Suppress small cells"))
        rep.add_argument("--format", choices=["json", "csv", "xlsx"], default="json")
        rep.add_argument("--output", default=None)

        summ = sub.add_parser("summarize", help=_("HEAT summary measures of a HEAT Plus CSV."))
        summ.add_argument("--input", required=True)
        summ.add_argument("--format", choices=["json", "csv"], default="json")
        summ.add_argument("--output", default=None)
        for sub_parser in (snap, rep, summ):
            sub_parser.add_argument(
                "--language", choices=["ko", "en"], help=_("Language of messages and reasons")
            )

    def handle(self, *args, **options):
        with translation.override(options.get("language") or translation.get_language() or "ko"):
            return self._handle(options)

    def _handle(self, options):
        from healthycity.equity.errors import EquityError
        from healthycity.equity.methods.errors import MethodInputError

        action = options["action"]
        try:
            return getattr(self, f"_{action}")(options)
        except (EquityError, MethodInputError) as exc:
            raise CommandError(str(exc)) from None
        except OSError as exc:
            raise CommandError(
                _("Cannot read or write a file: %(error)s") % {"error": exc}
            ) from None

    # --- subcommands --------------------------------------------------------------------------

    def _snapshot(self, options):
        from healthycity.equity import snapshot

        period = snapshot.parse_period(options["period"])
        path = Path(options["output"]) if options["output"] else snapshot.default_path(period)
        result = snapshot.write_snapshot(
            period=period, path=path, progress=not options["no_progress"]
        )
        self.stdout.write(
            _("Snapshot %(period)s: %(rows)s citizens written to %(path)s.")
            % {"period": period.label, "rows": result.rows, "path": path}
        )

    def _report(self, options):
        from healthycity.equity import exports, report, snapshot

        period = snapshot.parse_period(options["period"]) if options["period"] else None
        path = snapshot.resolve_snapshot(options["snapshot"], period=period)
        result = report.build_report(
            path=path,
            indicators=report.parse_list(options["indicator"], kind="indicator"),
            stratifiers=report.parse_list(options["by"], kind="stratifier"),
            standard=options["standardise"],
            engine=options["engine"],
            method=options["method"],
            suppress=options["suppress"],
        )
        exports.write(result, fmt=options["format"], output=options["output"], stdout=self.stdout)

    def _summarize(self, options):
        from healthycity.equity import exports
        from healthycity.equity.methods import summarize

        rows = summarize.read_heat_csv(options["input"])
        records = summarize.summarize_rows(rows)
        exports.write_records(
            [exports.as_dict(r) for r in records],
            fmt=options["format"],
            output=options["output"],
            stdout=self.stdout,
        )
