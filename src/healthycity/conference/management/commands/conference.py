"""healthycity conference import-registrations|badges|expire-holds — see docs/conference.md."""

from __future__ import annotations

import json
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _

from healthycity.conference.enums import RegistrationStatus
from healthycity.conference.models import Event, Registration


class Command(BaseCommand):
    help = "The conference: import registrations, print badges, expire waiting-list offers."
    requires_system_checks: list = []

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True, parser_class=type(parser))
        p = sub.add_parser(
            "import-registrations",
            help="import registrations (delegates, speakers, partner staff, press) from CSV or XLSX",
            description="Every row is imported, a duplicate, or rejected with its line and reason. "
            "CSV in UTF-8 (with or without BOM) or cp949.",
        )
        p.add_argument("file", metavar="FILE")
        p.add_argument("--event", help="event slug (default: the only event)")
        p.add_argument("--category", help="category code for rows without a category column")
        p.add_argument("--dry-run", action="store_true", help="check and count, record nothing")
        p.add_argument("--format", choices=["text", "json"], default="text")
        p.add_argument("--user", help="username the import is attributed to")
        p.add_argument("--language", choices=["ko", "en"], help="language of the messages")

        p = sub.add_parser(
            "badges", help="print the badges of confirmed registrations as one A6 PDF"
        )
        p.add_argument("--event", required=True, help="event slug")
        p.add_argument("--output", required=True, help="PDF file to write")
        p.add_argument("--category", action="append", help="only this category code (repeatable)")
        p.add_argument("--language", choices=["ko", "en"], help="language of the badges' labels")

        p = sub.add_parser(
            "expire-holds",
            help="let offers that were not accepted in time expire and offer the places to the next people",
        )
        p.add_argument("--format", choices=["text", "json"], default="text")
        p.add_argument("--language", choices=["ko", "en"], help="language of the messages")

    def handle(self, *args, **opts):
        with translation.override(opts.get("language") or translation.get_language() or "ko"):
            return getattr(self, "_" + opts["action"].replace("-", "_"))(opts)

    # --- subcommands --------------------------------------------------------------------------

    def _import_registrations(self, opts):
        from healthycity.conference.imports import ImportFailed, import_registrations

        event = self._event(opts.get("event"))
        category = None
        if opts.get("category"):
            category = event.categories.filter(code=opts["category"]).first()
            if category is None:
                raise CommandError(
                    _("There is no category “%(code)s” at this event.") % {"code": opts["category"]}
                )
        path = Path(opts["file"])
        if not path.is_file():
            raise CommandError(_("There is no file %(path)s.") % {"path": path})
        with path.open("rb") as fileobj:
            try:
                result = import_registrations(
                    event=event,
                    fileobj=fileobj,
                    file_name=path.name,
                    category=category,
                    dry_run=opts["dry_run"],
                    by=self._user(opts.get("user")),
                )
            except ImportFailed as exc:
                raise CommandError(f"{path}: {exc}") from None
        summary = result.as_dict()
        if opts["format"] == "json":
            self.stdout.write(json.dumps(summary, ensure_ascii=False))
            return
        self.stdout.write(
            _(
                "%(file)s: %(read)s rows read, %(imported)s imported (%(confirmed)s confirmed, %(waiting)s waiting), %(duplicates)s duplicates, %(rejected)s rejected."
            )
            % summary
        )
        for row in summary["lines"]:
            self.stdout.write(_("line %(line)s: %(outcome)s — %(reason)s") % row)
        if result.dry_run:
            self.stdout.write(_("Dry run: nothing was recorded."))

    def _badges(self, opts):
        from healthycity.conference.tickets import badges_pdf

        event = self._event(opts["event"])
        registrations = (
            Registration.objects.filter(event=event, status=RegistrationStatus.CONFIRMED)
            .select_related("category", "ticket", "member_city")
            .order_by("category__order", "name", "id")
        )
        if opts.get("category"):
            registrations = registrations.filter(category__code__in=opts["category"])
        total = registrations.count()
        if total == 0:
            raise CommandError(_("There are no confirmed registrations to print."))
        from rich.progress import Progress

        with Progress(transient=True) as bar:
            task = bar.add_task(_("Badges"), total=total)
            pdf = badges_pdf(
                event,
                registrations.iterator(chunk_size=500),
                language=translation.get_language(),
                total=total,
                progress=lambda done, _total: bar.update(task, completed=done),
            )
        Path(opts["output"]).write_bytes(pdf)
        self.stdout.write(
            _("%(n)s badges written to %(path)s.") % {"n": total, "path": opts["output"]}
        )

    def _expire_holds(self, opts):
        from healthycity.conference.domain.registration import expire_holds

        expired = expire_holds()
        if opts["format"] == "json":
            self.stdout.write(json.dumps({"expired": expired}))
        else:
            self.stdout.write(
                _("%(n)s offers expired; their places were offered to the next people.")
                % {"n": expired}
            )

    # --- helpers ------------------------------------------------------------------------------

    def _event(self, slug: str | None) -> Event:
        if slug:
            event = Event.objects.filter(slug=slug).first()
            if event is None:
                raise CommandError(_("There is no event “%(slug)s”.") % {"slug": slug})
            return event
        events = list(Event.objects.order_by("slug").values_list("slug", flat=True)[:10])
        if len(events) != 1:
            raise CommandError(
                _("Name the event with --event (events: %(slugs)s).")
                % {"slugs": ", ".join(events) or "—"}
            )
        return Event.objects.get(slug=events[0])

    def _user(self, username):
        if not username:
            return None
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(_("There is no user '%(name)s'.") % {"name": username})
        return user
