"""The health-equity dashboard (/equity/), its exports and the offline plotly.js."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from healthycity.equity import charts, dashboard
from healthycity.equity.errors import EquityError
from healthycity.equity.indicators import indicators, stratifiers
from healthycity.equity.methods.heat import MEASURES


def _selection(request, *, export: bool):
    if not request.user.has_perm("equity.view_dashboard"):
        raise PermissionDenied
    # Exports may leave the city, so they are always suppressed; on screen only officials see all.
    suppress = export or not request.user.has_perm("equity.view_unsuppressed")
    try:
        return dashboard.select(request.POST if export else request.GET, suppress=suppress)
    except EquityError as exc:
        raise Http404(str(exc)) from None


@login_required
@require_GET
def dashboard_view(request):
    sel = _selection(request, export=False)
    lang = get_language() or "ko"
    try:
        data = dashboard.build(sel)
    except EquityError as exc:  # e.g. a snapshot of an older format: say how to fix it
        messages.error(request, str(exc))
        data = None
    context = {
        "sel": sel,
        "indicators": [(i.id, i.name(lang)) for i in indicators().values()],
        "stratifiers": [(s.id, s.name(lang)) for s in stratifiers().values()],
        "standards": [
            ("", _("Crude (not standardised)")),
            ("who2000", _("WHO World Standard 2000–2025")),
            ("esp2013", _("European Standard Population 2013")),
        ],
        "data": data,
        "can_snapshot": request.user.has_perm("equity.make_snapshot"),
    }
    if data is not None:
        labels = dashboard.subgroup_labels(sel.stratifier)
        ind = sel.indicator
        name = ind.name(lang)
        for row in data["rows"]:
            row["label"] = labels.get(row["subgroup"], row["subgroup"])
        context.update(
            bar=charts.estimates_bar(
                data["rows"], labels, title=name, unit=ind.unit, standardised=bool(sel.standard)
            ),
            trend=charts.trend_lines(
                data["trend"], labels, title=_("Trend over periods"), unit=ind.unit
            ),
            map=charts.district_map(
                data["districts"],
                dashboard.subgroup_labels(dashboard.stratifier("district")),
                title=_("By district"),
                unit=ind.unit,
                favourable=ind.higher_is_better,
            ),
            measures=[m for m in data["measures"] if m["measure"] in MEASURES],
        )
    template = "equity/_panels.html" if request.htmx else "equity/dashboard.html"
    return render(request, template, context)


@login_required
@require_POST
def export(request):
    """Start an export of the shown report (CSV or XLSX) as a background job; the file is on the
    job's page when it is ready. Exports may leave the city, so they are always suppressed."""
    _selection(request, export=True)  # permission, and a clear 404 for an unknown indicator
    from healthycity.jobs import enqueue

    fmt = request.POST.get("format", "csv")
    if fmt not in ("csv", "xlsx"):
        raise Http404(_("Unknown export format."))
    job = enqueue(
        "equity.export",
        owner=request.user,
        params={
            "indicator": request.POST.get("indicator", ""),
            "by": request.POST.get("by", ""),
            "standard": request.POST.get("standard", ""),
            "format": fmt,
        },
    )
    return redirect("jobs:detail", id=job.external_id)


@login_required
@require_POST
def snapshot_now(request):
    """An official rebuilds this year's snapshot now (it is also rebuilt every night)."""
    if not request.user.has_perm("equity.make_snapshot"):
        raise PermissionDenied
    from healthycity.jobs import enqueue

    job = enqueue("equity.snapshot", owner=request.user, params={})
    return redirect("jobs:detail", id=job.external_id)
