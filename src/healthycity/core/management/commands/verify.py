"""`healthycity verify`: check everything that can be checked about the data (the ledger's hash
chain, stock = sum of movements, append-only triggers, orphaned rows, imports accounted for,
jobs) and exit 1 naming what is wrong. Run it after a restore and from monitoring."""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _

from healthycity.core import verify

MARK = {"ok": "ok  ", "problem": "FAIL", "error": "FAIL", "skipped": "skip"}


class Command(BaseCommand):
    help = _(
        "Check the data (ledger chain, stock, append-only triggers, orphans…); exit 1 if wrong."
    )
    requires_system_checks: list = []

    def add_arguments(self, parser):
        parser.add_argument("--only", nargs="+", metavar="CHECK", help=_("run only these checks"))
        parser.add_argument("--list", action="store_true", help=_("list the checks and exit"))
        parser.add_argument("--format", choices=["text", "json"], default="text")
        parser.add_argument("--language", choices=["ko", "en"], help=_("language of the messages"))

    def handle(self, *args, **options):
        with translation.override(options["language"] or translation.get_language() or "ko"):
            self._handle(options)

    def _handle(self, options):
        if options["list"]:
            for check in verify.checks().values():
                self.stdout.write(f"{check.name:22} {check.label}")
            return
        try:
            results = verify.run(options["only"])
        except LookupError as exc:
            raise CommandError(str(exc)) from None
        if options["format"] == "json":
            self.stdout.write(json.dumps([r.__dict__ for r in results], ensure_ascii=False))
        else:
            for r in results:
                self.stdout.write(
                    f"{MARK[r.status]}  {r.name:22} {r.label}: {r.summary}".rstrip(": ")
                )
                for problem in r.problems:
                    self.stdout.write(f"      - {problem}")
        failed = [r.name for r in results if r.status in ("problem", "error")]
        if failed:
            raise CommandError(
                _("verify found problems in: %(names)s") % {"names": ", ".join(failed)}
            )
