"""`healthycity policies import-indicators | export-indicators | platform-indicators`."""

from __future__ import annotations

import json

from django.core.management.base import CommandError
from django.utils.translation import gettext_lazy as _

from healthycity.policies.cli import Subcommand


def _user(username: str | None):
    if not username:
        return None
    from healthycity.accounts.models import User

    try:
        return User.objects.get(username=username)
    except User.DoesNotExist:
        raise CommandError(_("There is no user %(name)s.") % {"name": username}) from None


def _import_arguments(parser) -> None:
    parser.add_argument("file", help=_("GHO OData JSON or SDMX-CSV file"))
    parser.add_argument("--kind", required=True, choices=["gho", "sdmx-csv"])
    parser.add_argument("--dry-run", action="store_true", help=_("Check everything, keep nothing"))
    parser.add_argument("--format", choices=["json", "text"], default="text")
    parser.add_argument(
        "--user", default=None, help=_("Import as this user (a delegate: their own city only)")
    )


def _import(options, command) -> None:
    from healthycity.policies.indicators.imports import ImportFailed, import_file

    try:
        result = import_file(
            path=options["file"],
            kind=options["kind"],
            by=_user(options["user"]),
            dry_run=options["dry_run"],
        )
    except ImportFailed as exc:
        raise CommandError(str(exc)) from None
    if options["format"] == "json":
        command.stdout.write(json.dumps(result.as_dict()))
    else:
        command.stdout.write(
            str(
                _(
                    "%(file)s: %(read)s read, %(imported)s imported, %(duplicates)s duplicates, "
                    "%(rejected)s rejected."
                )
                % {"file": result.file_name, **result.as_dict()}
            )
            + (" " + str(_("(dry run: nothing kept)")) if result.dry_run else "")
        )
    if result.report:
        command.stderr.write(str(_("Rejected rows: %(path)s") % {"path": result.report}))


def _export_arguments(parser) -> None:
    parser.add_argument("--indicator", action="append", default=[], help=_("Indicator code"))
    parser.add_argument("--city", action="append", default=[], help=_("UN/LOCODE of a city"))
    parser.add_argument(
        "--output", default=None, help=_("File to write (default: standard output)")
    )


def _export(options, command) -> None:
    from healthycity.policies.indicators import exports
    from healthycity.policies.indicators.models import IndicatorValue

    values = IndicatorValue.objects.select_related("indicator").order_by(
        "indicator__order", "indicator__code", "area", "year", "period", "breakdown"
    )
    if options["indicator"]:
        values = values.filter(indicator__code__in=options["indicator"])
    if options["city"]:
        values = values.filter(area__in=[c.upper() for c in options["city"]])
    text = exports.to_csv(values.iterator(chunk_size=2000))
    if options["output"]:
        with open(options["output"], "w", encoding="utf-8", newline="") as fh:
            fh.write(text)
    else:
        command.stdout.write(text, ending="")


def _platform_arguments(parser) -> None:
    parser.add_argument("--period", default=None, help=_("Snapshot period (default: every one)"))
    parser.add_argument(
        "--synthetic", action="store_true", help=_("Label the values synthetic (a demo city)")
    )


def _platform(options, command) -> None:
    from healthycity.equity.errors import EquityError
    from healthycity.policies.indicators.platform import record_platform_indicators

    try:
        n = record_platform_indicators(period=options["period"], synthetic=options["synthetic"])
    except EquityError as exc:
        raise CommandError(str(exc)) from None
    command.stdout.write(
        str(_("%(n)s values of Seoul recorded from the equity snapshots.") % {"n": n})
    )


SUBCOMMANDS = [
    Subcommand(
        name="import-indicators",
        help=_("Import indicator values from a WHO GHO OData JSON or SDMX-CSV file."),
        add_arguments=_import_arguments,
        handle=_import,
    ),
    Subcommand(
        name="export-indicators",
        help=_("Write indicator values as SDMX-CSV."),
        add_arguments=_export_arguments,
        handle=_export,
    ),
    Subcommand(
        name="platform-indicators",
        help=_("Record Seoul's own indicators from the equity snapshots."),
        add_arguments=_platform_arguments,
        handle=_platform,
    ),
]
