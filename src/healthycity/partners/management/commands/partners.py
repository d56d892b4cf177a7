"""`healthycity partners report --partner SLUG --period YYYY[-MM] --format pdf|json|csv --output FILE`

Writes the ESG impact report of one partner company — the same figures as the report page."""

from __future__ import annotations

import json
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from healthycity.accounts.enums import OrganisationKind
from healthycity.accounts.models import Organisation
from healthycity.partners.esg import report as esg
from healthycity.partners.periods import Period


class Command(BaseCommand):
    help = "Partner companies: write an ESG impact report (pdf, json or csv)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        rep = sub.add_parser("report", help="Write the ESG impact report of one partner.")
        rep.add_argument("--partner", required=True, help="the company's short name, e.g. inbody")
        rep.add_argument("--period", required=True, help="a year (2026) or a month (2026-09)")
        rep.add_argument("--format", choices=["pdf", "json", "csv"], default="pdf")
        rep.add_argument(
            "--output", required=True, help="the file to write ('-' for stdout, not for pdf)"
        )
        rep.add_argument("--language", choices=["ko", "en"], default="ko")

    def handle(self, *args, **options):
        partner = Organisation.objects.filter(
            slug=options["partner"], kind=OrganisationKind.PARTNER
        ).first()
        if partner is None:
            known = ", ".join(
                Organisation.objects.filter(kind=OrganisationKind.PARTNER)
                .order_by("slug")
                .values_list("slug", flat=True)
            )
            raise CommandError(
                f"Unknown partner '{options['partner']}'. Known partners: {known or 'none'}."
            )
        try:
            period = Period.parse(options["period"])
        except ValidationError as exc:
            raise CommandError(exc.messages[0]) from exc
        with translation.override(options["language"]):
            report = esg.build_report(partner, period)
            fmt = options["format"]
            if fmt == "pdf":
                if options["output"] == "-":
                    raise CommandError("A PDF cannot go to stdout; name a file with --output.")
                body: bytes | str = esg.as_pdf(report)
            elif fmt == "json":
                body = json.dumps(esg.as_json(report), ensure_ascii=False, indent=2, default=str)
            else:
                body = esg.as_csv(report)
        if options["output"] == "-":
            self.stdout.write(body)  # type: ignore[arg-type]
            return
        path = Path(options["output"])
        try:
            if isinstance(body, bytes):
                path.write_bytes(body)
            else:
                path.write_text(body, encoding="utf-8")
        except OSError as exc:
            raise CommandError(f"Cannot write {path}: {exc.strerror}.") from exc
        self.stdout.write(f"Wrote the {fmt} report of {partner.slug} for {period} to {path}.")
