"""Public pages: the floor plan (HTML and SVG) and an exhibitor's page, where a visitor with a
ticket decides what the exhibitor may see of them."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch, Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from healthycity.conference.exhibition import sources
from healthycity.conference.exhibition.domain import leads
from healthycity.conference.exhibition.domain.errors import ExhibitionError
from healthycity.conference.exhibition.floorplan import geometry, svg
from healthycity.conference.exhibition.forms import ShareForm
from healthycity.conference.exhibition.models import Booth, Exhibitor, LeadConsent
from healthycity.conference.exhibition.views.common import event_for, plans_for


def floorplan(request, event):
    event = event_for(request, event)
    halls = list(geometry.venue().halls)
    hall = request.GET.get("hall", "")
    plans = plans_for(event, halls=[hall] if hall in halls else None)
    query = request.GET.get("q", "").strip()[:100]
    stations_only = request.GET.get("stations") == "1"
    booths = (
        Booth.objects.filter(event=event)
        .select_related("exhibitor__organisation")
        .order_by("hall", "number")
    )
    if query:
        booths = booths.filter(
            Q(number__icontains=query)
            | Q(exhibitor__name_ko__icontains=query)
            | Q(exhibitor__name_en__icontains=query)
        )
    if stations_only:
        booths = booths.filter(station=True)
    if hall in halls:
        booths = booths.filter(hall=hall)
    counts = {"booths": 0, "partner": 0, "exhibitor": 0, "vacant": 0, "station": 0}
    for p in plans:
        counts["booths"] += len(p.booths)
        for key, n in p.counts.items():
            counts[key] += n
    return render(
        request,
        "exhibition/floorplan.html",
        {
            "event": event,
            "plans": plans,
            "booths": booths,
            "halls": geometry.venue().halls.values(),
            "hall": hall,
            "query": query,
            "stations_only": stations_only,
            "counts": counts,
            "venue": geometry.venue(),
            "can_manage": request.user.has_perm("exhibition.manage_exhibition", event),
        },
    )


def floorplan_svg(request, event):
    event = event_for(request, event)
    title = f"{event.name} — {geometry.venue().name}"
    body = svg.render_standalone(plans_for(event, link=False), title=title)
    response = HttpResponse(body, content_type="image/svg+xml; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="floorplan-{event.slug}.svg"'
    return response


@never_cache  # a signed-in visitor sees what they share with this exhibitor
def exhibitor_page(request, event, exhibitor):
    event = event_for(request, event)
    exhibitor = get_object_or_404(
        Exhibitor.objects.select_related("organisation").prefetch_related(
            Prefetch("booths", queryset=Booth.objects.order_by("number"))
        ),
        event=event,
        slug=exhibitor,
    )
    booths = list(exhibitor.booths.all())
    halls = sorted({b.hall for b in booths})
    current = booths[0].number if booths else ""
    registration = sources.registrations_of(request.user, event).first()
    consent = None
    if registration is not None:
        consent = (
            LeadConsent.objects.active()
            .filter(exhibitor=exhibitor, registration=registration)
            .first()
        )
    form = ShareForm(initial={"share": consent.fields if consent else ["name", "affiliation"]})
    return render(
        request,
        "exhibition/exhibitor.html",
        {
            "event": event,
            "exhibitor": exhibitor,
            "booths": booths,
            "plans": plans_for(event, current=current, halls=halls),
            "products": exhibitor.products.filter(active=True),
            "registration": registration,
            "consent": consent,
            "form": form,
            "can_work": request.user.has_perm("exhibition.work_booth", exhibitor),
        },
    )


@login_required
@require_POST
def share(request, event, exhibitor):
    """The visitor shares (or stops sharing) contact details with this exhibitor."""
    event = event_for(request, event)
    exhibitor = get_object_or_404(Exhibitor, event=event, slug=exhibitor)
    registration = sources.registrations_of(request.user, event).first()
    back = redirect("exhibition:exhibitor", event=event.slug, exhibitor=exhibitor.slug)
    if registration is None:
        messages.error(
            request, _("Only visitors registered for this event can share contact details.")
        )
        return back
    if request.POST.get("withdraw"):
        if leads.withdraw_contact(registration=registration, exhibitor=exhibitor):
            messages.success(
                request,
                _("You no longer share contact details with %(name)s.") % {"name": exhibitor.name},
            )
        return back
    form = ShareForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose at least one thing to share."))
        return back
    try:
        leads.share_contact(
            registration=registration, exhibitor=exhibitor, fields=form.cleaned_data["share"]
        )
    except ExhibitionError as exc:
        messages.error(request, exc.message)
        return back
    messages.success(
        request,
        _("%(name)s can now see what you chose, once your ticket is scanned at the booth.")
        % {"name": exhibitor.name},
    )
    return back
