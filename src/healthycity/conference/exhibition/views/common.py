"""What the exhibition's pages share: finding the event and the exhibitor a URL names, the
floor plans of an event, the QR codes, an error page that says what was wrong."""

from __future__ import annotations

import segno
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _

from healthycity.conference.exhibition.floorplan import geometry, svg
from healthycity.conference.exhibition.models import Booth, Exhibitor
from healthycity.conference.models import Event
from healthycity.conference.queries import events_visible_to


def event_for(request, slug: str) -> Event:
    """A published event; officials and the event's managers also reach drafts."""
    return get_object_or_404(events_visible_to(request.user), slug=slug)


def managed_event(request, slug: str) -> Event:
    """The event `slug`, if the user runs it (officials, the event's managers), else 403."""
    event = event_for(request, slug)
    if not request.user.has_perm("exhibition.manage_exhibition", event):
        raise PermissionDenied
    return event


def current_event(request) -> Event | None:
    """The event people most likely mean: the next or running one, else the latest."""
    from django.utils import timezone

    events = events_visible_to(request.user)
    today = timezone.localdate()
    return (
        events.filter(ends_on__gte=today).order_by("starts_on").first()
        or events.order_by("-ends_on").first()
    )


def to_current(url_name: str):
    """A view that sends the visitor to `url_name` of the current event (for menus and
    home-page links, which cannot name an event)."""

    def view(request):
        from django.shortcuts import redirect

        event = current_event(request)
        if event is None:
            return message_page(
                request, _("No conference"), _("No conference is published yet."), status=404
            )
        return redirect(url_name, event=event.slug)

    return view


def exhibitor_for(request, id, perm: str) -> Exhibitor:
    """The exhibitor with external id `id`, if `request.user` has `perm` on it (else 403)."""
    exhibitor = get_object_or_404(
        Exhibitor.objects.select_related("event__venue", "organisation"), external_id=id
    )
    if not request.user.has_perm(perm, exhibitor):
        raise PermissionDenied
    return exhibitor


def message_page(request, title: str, message: str, *, status: int = 400):
    return render(
        request,
        "core/error.html",
        {"status": status, "title": title, "message": message},
        status=status,
    )


def denied(request, message: str):
    return message_page(request, _("Access denied"), message, status=403)


def booth_inputs(booths, *, link=True) -> dict[str, list[svg.BoothInput]]:
    """Booths grouped by hall, as the renderer wants them."""
    out: dict[str, list[svg.BoothInput]] = {}
    for b in booths:
        ex = b.exhibitor
        kind = svg.BoothKind.VACANT
        if ex is not None:
            kind = svg.BoothKind.PARTNER if ex.is_partner else svg.BoothKind.EXHIBITOR
        url = ""
        if ex is not None and link:
            url = reverse("exhibition:exhibitor", args=[b.event.slug, ex.slug])
        out.setdefault(b.hall, []).append(
            svg.BoothInput(
                number=b.number,
                x=float(b.x),
                y=float(b.y),
                width=float(b.width),
                depth=float(b.depth),
                kind=kind,
                exhibitor=ex.name if ex else "",
                station=b.station,
                url=url,
            )
        )
    return out


def plans_for(event: Event, *, current: str = "", halls: list[str] | None = None, link=True):
    """The floor plan of each hall that has booths (in the data file's order)."""
    booths = Booth.objects.filter(event=event).select_related("exhibitor__organisation", "event")
    grouped = booth_inputs(booths, link=link)
    plans = []
    for code, hall in geometry.venue().halls.items():
        if code in grouped and (halls is None or code in halls):
            plans.append(svg.plan_for(hall, grouped[code], current=current))
    return svg.same_scale(plans)


def qr_svg(text: str) -> str:
    """An inline SVG QR code (segno), for pages; the text is the URL the phone opens. A viewBox
    without width and height, so the page's CSS scales the whole code (with fixed sizes, a
    smaller box cut off its right and bottom finder patterns and the code did not scan)."""
    return segno.make(text, error="m").svg_inline(scale=5, dark="#000", light="#fff", omitsize=True)


def qr_png_uri(text: str) -> str:
    """A PNG data URI of a QR code, for PDFs."""
    return segno.make(text, error="m").png_data_uri(scale=8, border=2)
