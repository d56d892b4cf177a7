"""Pages: /policies/benchmarks/ (Urban HEART matrix, trend monitor, HEAT comparison), the
indicator file upload and its status, the HEAT Plus upload, editing a value, SDMX-CSV export."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from healthycity.core import uploads
from healthycity.policies.indicators import benchmarks, charts, exports, heat, queries
from healthycity.policies.indicators.enums import Colour
from healthycity.policies.indicators.forms import HeatForm, ImportForm, ValueForm
from healthycity.policies.indicators.models import IndicatorImport


def _require(request, perm: str, obj=None) -> None:
    if not request.user.has_perm(perm, obj):
        raise PermissionDenied


def _focus(request, cities: list):
    code = (request.GET.get("city") or "").upper()
    by_code = {c.unlocode: c for c in cities if c.unlocode}
    if code in by_code:
        return by_code[code]
    own = list(queries.delegate_cities(request.user))
    if own:
        return next((c for c in cities if c.pk == own[0].pk), None)
    from healthycity.policies.cities import home_city

    home = home_city()
    return next((c for c in cities if home and c.pk == home.pk), cities[0] if cities else None)


@login_required
@require_GET
def benchmarks_view(request):
    _require(request, "indicators.view_benchmarks")
    cities = list(queries.member_cities_visible_to(request.user))
    focus = _focus(request, cities)
    peers_mode = request.GET.get("peers", "all")
    peers = [
        c
        for c in cities
        if peers_mode != "country" or (focus and c.country_code == focus.country_code)
    ]
    values = queries.values_visible_to(request.user)
    m = benchmarks.matrix(values=values, cities=peers, focus=focus)
    rows = [(city, m.row(city)) for city in m.cities]
    editable = set(queries.editable_cities(request.user).values_list("pk", flat=True))
    context = {
        "cities": cities,
        "focus": focus,
        "peers_mode": peers_mode,
        "matrix": m,
        "rows": rows,
        "columns": [(ind, m.benchmarks[ind.pk]) for ind in m.indicators],
        "editable": editable,
        "colours": Colour,
        "can_import": request.user.has_perm("indicators.import_values"),
    }
    context.update(_trend(request, m, values, peers, focus))
    context.update(_heat(request))
    return render(request, "indicators/benchmarks.html", context)


def _trend(request, m, values, peers, focus) -> dict:
    if not m.indicators:
        return {}
    code = request.GET.get("indicator")
    ind = next((i for i in m.indicators if i.code == code), m.indicators[0])
    series = benchmarks.trend(values=values, indicator=ind, cities=peers)
    bench = m.benchmarks[ind.pk]
    labels = {"good": _("upper benchmark"), "poor": _("lower benchmark")}
    return {
        "trend_indicator": ind,
        "trend": charts.trend_chart(series, indicator=ind, focus=focus, bench=bench, labels=labels),
    }


def _heat(request) -> dict:
    uploads = list(queries.heat_uploads_visible_to(request.user))
    pairs = heat.choices(uploads)
    if not pairs:
        return {"heat_pairs": []}
    wanted = request.GET.get("heat", "")
    pair = next((p for p in pairs if "|".join(p) == wanted), pairs[0])
    comparison = heat.compare(
        uploads,
        indicator=pair[0],
        dimension=pair[1],
        unsuppressed_for=lambda city: queries.sees_unsuppressed(request.user, city),
    )
    return {
        "heat_pairs": [("|".join(p), f"{p[0]} · {p[1]}") for p in pairs],
        "heat_pair": "|".join(pair),
        "heat": comparison,
        "heat_rows": [
            (name, [c["measures"].get(name) for c in comparison.cities])
            for name in comparison.measures
        ],
        "k": settings.SMALL_CELL_K,
    }


@login_required
@require_http_methods(["GET", "POST"])
def import_view(request):
    _require(request, "indicators.import_values")
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        job = _start_import(request, form.cleaned_data)
        return redirect("jobs:detail", id=job.external_id)
    recent = IndicatorImport.objects.filter(by=request.user)[:10]
    return render(request, "indicators/import.html", {"form": form, "recent": recent})


def _start_import(request, data):
    from healthycity.jobs import enqueue

    upload = data["file"]
    return enqueue(
        "indicators.import",
        owner=request.user,
        params={
            "kind": data["kind"],
            "file_name": Path(upload.name).name[:255],
            "dry_run": data["dry_run"],
        },
        files={"file": upload},
    )


@login_required
@require_GET
def import_status(request, batch):
    _require(request, "indicators.import_values")
    found = get_object_or_404(IndicatorImport, external_id=batch)
    if found.by_id != request.user.pk and not queries.is_city_staff(request.user):
        raise PermissionDenied
    context = {"batch": found, "rejections": found.rejections.all()[:200]}
    template = "indicators/_import_status.html" if request.htmx else "indicators/import_status.html"
    return render(request, template, context)


@login_required
@require_http_methods(["GET", "POST"])
def heat_upload(request):
    _require(request, "indicators.import_values")
    cities = queries.editable_cities(request.user).order_by("name_en")
    form = HeatForm(request.POST or None, request.FILES or None, cities=cities)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            stored = heat.store_upload(
                city=form.cleaned_data["city"],
                data=upload.read(uploads.limit("heat") + 1),
                file_name=upload.name,
                by=request.user,
            )
        except heat.HeatUploadError as exc:
            form.add_error("file", str(exc))
        else:
            messages.success(
                request,
                _("The HEAT Plus file was summarised: %(n)s summary measures.")
                % {"n": len(stored.measures)},
            )
            first = stored.rows[0]
            return redirect(
                f"{_benchmarks_url()}?heat={first['indicator']}|{first['dimension']}#heat"
            )
    return render(request, "indicators/heat_upload.html", {"form": form})


def _benchmarks_url() -> str:
    from django.urls import reverse

    return reverse("indicators:benchmarks")


@login_required
@require_http_methods(["GET", "POST"])
def value_edit(request, value):
    found = get_object_or_404(queries.values_visible_to(request.user), external_id=value)
    _require(request, "indicators.edit_values", found.city)
    form = ValueForm(request.POST or None, instance=found)
    if request.method == "POST" and form.is_valid():
        edited = form.save(commit=False)
        edited.entered_by = request.user
        edited.batch = None
        edited.save()
        messages.success(request, _("The value was saved."))
        return redirect(f"{_benchmarks_url()}?city={found.area}")
    return render(request, "indicators/value_form.html", {"form": form, "value": found})


@login_required
@require_GET
def export_csv(request):
    _require(request, "indicators.view_benchmarks")
    values = queries.values_visible_to(request.user).order_by(
        "indicator__order", "indicator__code", "area", "year", "period", "breakdown"
    )
    if code := request.GET.get("city"):
        values = values.filter(area=code.upper())
    response = HttpResponse(
        exports.to_csv(values.iterator(chunk_size=2000)), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = 'attachment; filename="city-indicators-sdmx.csv"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def catalogue_view(request):
    """The catalogue with definitions, units and sources; officials add entries."""
    from healthycity.policies.indicators.enums import Framework
    from healthycity.policies.indicators.forms import IndicatorForm
    from healthycity.policies.indicators.models import Indicator

    _require(request, "indicators.view_benchmarks")
    may_add = request.user.has_perm("indicators.manage_catalogue")
    form = IndicatorForm(request.POST or None) if may_add else None
    if request.method == "POST":
        if not may_add:
            raise PermissionDenied
        if form.is_valid():
            entry = form.save(commit=False)
            entry.framework = Framework.CITY
            entry.save()
            messages.success(request, _("Indicator %(code)s was added.") % {"code": entry.code})
            return redirect("indicators:catalogue")
    context = {"indicators": Indicator.objects.order_by("order", "code"), "form": form}
    return render(request, "indicators/catalogue.html", context)
