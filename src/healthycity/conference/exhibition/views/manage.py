"""Officials' pages: exhibitors, the booth plan and booth assignments, and every exhibitor's
figures."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from healthycity.conference.exhibition.domain import booths as booth_domain
from healthycity.conference.exhibition.domain.errors import ExhibitionError
from healthycity.conference.exhibition.domain.figures import event_figures
from healthycity.conference.exhibition.forms import BoothForm, ExhibitorForm, PlanForm
from healthycity.conference.exhibition.models import Booth, Exhibitor
from healthycity.conference.exhibition.views.common import managed_event

_event = managed_event


@never_cache
@login_required
def manage(request, event):
    event = _event(request, event)
    booths = (
        Booth.objects.filter(event=event).select_related("exhibitor").order_by("hall", "number")
    )
    exhibitors = (
        Exhibitor.objects.filter(event=event)
        .select_related("organisation")
        .prefetch_related("booths", "staff")
        .order_by("name_ko")
    )
    return render(
        request,
        "exhibition/manage.html",
        {
            "event": event,
            "booths": booths,
            "exhibitors": exhibitors,
            "plan_form": PlanForm(),
        },
    )


@never_cache
@login_required
def exhibitor_edit(request, event, exhibitor=None):
    event = _event(request, event)
    instance = get_object_or_404(Exhibitor, event=event, slug=exhibitor) if exhibitor else None
    form = ExhibitorForm(request.POST or None, instance=instance, event=event)
    if request.method == "POST" and form.is_valid():
        saved = form.save()
        messages.success(request, _("Exhibitor saved."))
        return redirect("exhibition:exhibitor", event=event.slug, exhibitor=saved.slug)
    return render(
        request,
        "exhibition/exhibitor_form.html",
        {"event": event, "form": form, "exhibitor": instance},
    )


@never_cache
@login_required
def booth_edit(request, event, number):
    event = _event(request, event)
    booth = get_object_or_404(Booth, event=event, number=number)
    form = BoothForm(
        request.POST or None,
        event=event,
        initial={"exhibitor": booth.exhibitor, "station": booth.station},
    )
    if request.method == "POST" and form.is_valid():
        try:
            booth_domain.assign_booth(booth=booth, exhibitor=form.cleaned_data["exhibitor"])
        except ExhibitionError as exc:
            form.add_error("exhibitor", exc.message)
        else:
            if booth.station != form.cleaned_data["station"]:
                booth.station = form.cleaned_data["station"]
                booth.save(update_fields=["station", "updated_at"])
            messages.success(request, _("Booth %(number)s saved.") % {"number": booth.number})
            return redirect("exhibition:manage", event=event.slug)
    return render(
        request, "exhibition/booth_form.html", {"event": event, "booth": booth, "form": form}
    )


@never_cache
@login_required
def plan_upload(request, event):
    event = _event(request, event)
    form = PlanForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        try:
            result = booth_domain.load_plan(
                event=event,
                data=form.cleaned_data["file"].read(),
                dry_run=form.cleaned_data["dry_run"],
            )
        except ExhibitionError as exc:
            form.add_error("file", exc.message)
    return render(
        request,
        "exhibition/plan.html",
        {"event": event, "form": form, "result": result and result.as_dict()},
    )


@never_cache
@login_required
def report(request, event):
    event = _event(request, event)
    return render(request, "exhibition/report.html", {"event": event, "rows": event_figures(event)})
