"""`healthycity exhibition load-booths --event SLUG FILE [--dry-run] [--format json]`
`healthycity exhibition expire-slips`

Loads a booth plan (CSV: number, hall, x, y, width, depth[, station, exhibitor]) into an event,
accounting for every row; erases the values of result slips that were not claimed in time
(run it daily)."""

from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from healthycity.conference.exhibition.domain.booths import load_plan
from healthycity.conference.exhibition.domain.errors import ExhibitionError
from healthycity.conference.exhibition.domain.stations import CLAIM_DAYS, expire_slips
from healthycity.conference.models import Event


class Command(BaseCommand):
    help = "Conference exhibition: load a booth plan; erase result slips not claimed in time."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        load = sub.add_parser("load-booths", help="Load a booth plan CSV into an event.")
        load.add_argument("file", help="the booth plan (CSV, UTF-8 or cp949)")
        load.add_argument("--event", required=True, help="the event's short name (slug)")
        load.add_argument("--dry-run", action="store_true", help="check and report, change nothing")
        load.add_argument("--format", choices=["table", "json"], default="table")
        load.add_argument("--language", choices=["ko", "en"], default="ko")
        sub.add_parser(
            "expire-slips",
            help=f"Erase the values of result slips not claimed within {CLAIM_DAYS} days.",
        )

    def handle(self, *args, **options):
        if options["action"] == "expire-slips":
            n = expire_slips()
            self.stdout.write(f"Erased {n} result slip(s) not claimed in time.")
            return
        event = Event.objects.filter(slug=options["event"]).first()
        if event is None:
            known = ", ".join(Event.objects.order_by("slug").values_list("slug", flat=True))
            raise CommandError(
                f"Unknown event '{options['event']}'. Known events: {known or 'none'}."
            )
        path = Path(options["file"])
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"Cannot read {path}: {exc.strerror}.") from exc
        with translation.override(options["language"]):
            try:
                result = load_plan(event=event, data=data, dry_run=options["dry_run"]).as_dict()
            except ExhibitionError as exc:
                raise CommandError(exc.message) from exc
        if options["format"] == "json":
            self.stdout.write(json.dumps(result, ensure_ascii=False, indent=2))
        else:
            self.stdout.write(
                "read {read}, created {created}, updated {updated}, unchanged {unchanged}, "
                "rejected {rejected}{dry}".format(
                    **result, dry=" (dry run)" if result["dry_run"] else ""
                )
            )
            for r in result["rejections"]:
                self.stdout.write(f"  line {r['line']} {r['number'] or '-'}: {r['reason']}")
        if result["rejected"]:
            raise SystemExit(2)
