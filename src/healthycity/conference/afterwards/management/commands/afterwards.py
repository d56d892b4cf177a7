"""`healthycity afterwards certificates --event SLUG --output FILE.pdf --base-url URL`

Issues (or brings up to date) the attendance certificate of everyone who was checked in at the
event and writes them as one PDF, a page each, to post or e-mail to delegates without a login.
The verification QR codes point to BASE-URL/conference/certificates/<code>/."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.urls import reverse
from django.utils import translation

from healthycity.conference.afterwards.domain import certificates
from healthycity.conference.enums import ListKind, RegistrationStatus, ScanStatus
from healthycity.conference.models import Event, Registration


class Command(BaseCommand):
    help = "After the conference: attendance certificates of every attendee as one PDF."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        certs = sub.add_parser("certificates", help="Write every attendee's certificate (PDF).")
        certs.add_argument("--event", required=True, help="the event's short name (slug)")
        certs.add_argument("--output", required=True, help="the PDF file to write")
        certs.add_argument(
            "--base-url", required=True, help="the site's address, e.g. https://healthycity.example"
        )
        certs.add_argument("--language", choices=["ko", "en"], default="ko")

    def handle(self, *args, **options):
        event = Event.objects.filter(slug=options["event"]).first()
        if event is None:
            known = ", ".join(Event.objects.order_by("slug").values_list("slug", flat=True))
            raise CommandError(
                f"Unknown event '{options['event']}'. Known events: {known or 'none'}."
            )
        base = options["base_url"].rstrip("/")
        if not base.startswith(("http://", "https://")):
            raise CommandError("--base-url must start with http:// or https://")
        attendees = (
            Registration.objects.filter(
                event=event,
                status=RegistrationStatus.CONFIRMED,
                ticket__checkins__status=ScanStatus.OK,
                ticket__checkins__checkin_list__kind=ListKind.ENTRY,
            )
            .distinct()
            .select_related("event__venue", "event__organiser")
            .order_by("name", "pk")
        )
        items = []
        for registration in attendees.iterator(chunk_size=500):
            cert = certificates.issue(registration)
            items.append((cert, base + reverse("afterwards:verify", args=[cert.code])))
        if not items:
            raise CommandError(f"Nobody was checked in at {event.slug}; no certificate to write.")
        with translation.override(options["language"]):
            pdf = certificates.certificates_pdf(items)
        path = Path(options["output"])
        try:
            path.write_bytes(pdf)
        except OSError as exc:
            raise CommandError(f"Cannot write {path}: {exc.strerror}.") from exc
        self.stdout.write(f"Wrote {len(items)} certificate(s) of {event.slug} to {path}.")
