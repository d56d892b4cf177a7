"""Pages of booth staff: the booth desk (ticket scans), the measurement station and its result
slips, the leads, the booth's figures, and its staff accounts."""

from __future__ import annotations

import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from healthycity.conference.exhibition.domain import booths as booth_domain
from healthycity.conference.exhibition.domain import leads, stations, window
from healthycity.conference.exhibition.domain.errors import ExhibitionError
from healthycity.conference.exhibition.domain.figures import booth_figures
from healthycity.conference.exhibition.enums import LeadField, MeasurementStatus, ScanResult
from healthycity.conference.exhibition.forms import BoothStaffForm, ScanForm, StationForm
from healthycity.conference.exhibition.models import BoothMeasurement, BoothStaff, Exhibitor
from healthycity.conference.exhibition.pdf import slip_pdf
from healthycity.conference.exhibition.rules import booth_exhibitor_ids, organisation_ids
from healthycity.conference.exhibition.views.common import (
    denied,
    exhibitor_for,
    message_page,
    qr_svg,
)
from healthycity.core import csvsafe

SLIPS_KEY = "exhibition_slips"  # the claim secrets of slips this session printed, by id
SLIPS_KEPT = 20


def my_exhibitors(user):
    """The exhibitors whose booth `user` works: booth roles and their organisations' booths."""
    return (
        (
            Exhibitor.objects.filter(pk__in=booth_exhibitor_ids(user))
            | Exhibitor.objects.filter(organisation_id__in=organisation_ids(user))
        )
        .select_related("event")
        .distinct()
        .order_by("-event__starts_on", "name_ko")
    )


@login_required
def desk_list(request):
    mine = list(my_exhibitors(request.user))
    if len(mine) == 1:
        return redirect("exhibition:desk", id=mine[0].external_id)
    if not mine:
        return denied(request, _("You do not work at any exhibition booth."))
    return render(request, "exhibition/desk_list.html", {"exhibitors": mine})


def _nav(request, exhibitor) -> dict:
    """What the booth's navigation shows this user."""
    return {
        "has_station": exhibitor.booths.filter(station=True).exists(),
        "can_leads": request.user.has_perm("exhibition.view_leads", exhibitor),
        "can_staff": request.user.has_perm("exhibition.manage_booth_staff", exhibitor),
    }


def _remember_slip(request, bm: BoothMeasurement, secret: str) -> None:
    slips = dict(request.session.get(SLIPS_KEY, {}))
    slips[str(bm.external_id)] = secret
    request.session[SLIPS_KEY] = dict(list(slips.items())[-SLIPS_KEPT:])


def _slip_secret(request, bm: BoothMeasurement) -> str:
    return request.session.get(SLIPS_KEY, {}).get(str(bm.external_id), "")


@never_cache
@login_required
def desk(request, id):
    exhibitor = exhibitor_for(request, id, "exhibition.work_booth")
    form = ScanForm(request.POST or None, exhibitor=exhibitor)
    outcome = None
    if request.method == "POST" and form.is_valid():
        try:
            outcome = leads.record_visit(
                exhibitor=exhibitor,
                payload=form.cleaned_data["code"],
                by=request.user,
                nonce=form.cleaned_data.get("nonce", ""),
                products=form.cleaned_data.get("products") or [],
            )
        except ExhibitionError as exc:
            form.add_error(None, exc.message)
        else:
            form = ScanForm(exhibitor=exhibitor)
    recent = (
        exhibitor.visits.filter(scanned_by=request.user)
        .prefetch_related("products_tried")
        .order_by("-scanned_at")[:10]
    )
    return render(
        request,
        "exhibition/desk.html",
        {
            "exhibitor": exhibitor,
            "event": exhibitor.event,
            "form": form,
            "outcome": outcome,
            "ok": outcome is not None and outcome.result in (ScanResult.LEAD, ScanResult.VISIT),
            "lead_labels": dict(LeadField.choices),
            "recent": recent,
            "open": window.is_open(exhibitor.event),
            **_nav(request, exhibitor),
        },
    )


@never_cache
@login_required
def leads_page(request, id):
    exhibitor = exhibitor_for(request, id, "exhibition.view_leads")
    found = leads.leads_of(exhibitor)
    page = Paginator(found, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "exhibition/leads.html",
        {
            "exhibitor": exhibitor,
            "event": exhibitor.event,
            "page": page,
            "count": len(found),
            "fields": LeadField.choices,
            **_nav(request, exhibitor),
        },
    )


@never_cache
@login_required
def leads_csv(request, id):
    exhibitor = exhibitor_for(request, id, "exhibition.view_leads")
    out = io.StringIO()
    writer = csvsafe.writer(out)  # cells a spreadsheet would run as formulas are neutralised
    fields = [f for f, _label in LeadField.choices]
    writer.writerow([str(LeadField(f).label) for f in fields] + [_("First visit"), _("Visits")])
    for lead in leads.leads_of(exhibitor):
        writer.writerow(
            [lead.fields.get(f, "") for f in fields]
            + [timezone.localtime(lead.first_visit).strftime("%Y-%m-%d %H:%M"), lead.visits]
        )
    response = HttpResponse("\ufeff" + out.getvalue(), content_type="text/csv; charset=utf-8")
    name = f"leads-{exhibitor.event.slug}-{exhibitor.slug}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@never_cache
@login_required
def station(request, id):
    exhibitor = exhibitor_for(request, id, "exhibition.work_booth")
    booths = list(exhibitor.booths.filter(station=True).order_by("number"))
    if not booths:
        return message_page(
            request,
            _("No measurement station"),
            _("%(name)s has no booth with a measurement station.") % {"name": exhibitor.name},
            status=404,
        )
    booth = next((b for b in booths if b.number == request.GET.get("booth")), booths[0])
    form = StationForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            done = stations.record_input(
                booth=booth,
                by=request.user,
                file=data.get("file"),
                taken_at=data.get("taken_at"),
                values=data["values"],
                device_model=data.get("device_model", ""),
                device_serial=data.get("device_serial", ""),
                payload=data.get("code", ""),
                save_to_record=data.get("save_to_record", False),
            )
        except ExhibitionError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            if done.secret:
                _remember_slip(request, done.measurement, done.secret)
                messages.info(request, done.why_slip)
            else:
                messages.success(request, _("Saved to the visitor's own health record."))
            return redirect("exhibition:result", id=done.measurement.external_id)
    recent = exhibitor.measurements.filter(measured_by=request.user).order_by("-taken_at")[:10]
    return render(
        request,
        "exhibition/station.html",
        {
            "exhibitor": exhibitor,
            "event": exhibitor.event,
            "booth": booth,
            "booths": booths,
            "form": form,
            "recent": recent,
            "open": window.is_open(exhibitor.event),
            "claim_days": stations.CLAIM_DAYS,
            **_nav(request, exhibitor),
        },
    )


def _measurement_for(request, id) -> BoothMeasurement:
    bm = get_object_or_404(
        BoothMeasurement.objects.select_related("booth__event", "exhibitor"), external_id=id
    )
    if not request.user.has_perm("exhibition.work_booth", bm.exhibitor):
        raise PermissionDenied
    return bm


def claim_url(request, secret: str) -> str:
    return request.build_absolute_uri(reverse("exhibition:claim", args=[secret]))


@never_cache
@login_required
def result(request, id):
    bm = _measurement_for(request, id)
    secret = _slip_secret(request, bm) if bm.status == MeasurementStatus.SLIP else ""
    context = {
        "bm": bm,
        "exhibitor": bm.exhibitor,
        "event": bm.booth.event,
        "secret": secret,
        "claimable": bm.status == MeasurementStatus.SLIP and bm.claim_expires_at > timezone.now(),
    }
    if secret:
        url = claim_url(request, secret)
        context.update({"rows": stations.slip_rows(bm.values), "claim_url": url, "qr": qr_svg(url)})
    return render(request, "exhibition/result.html", context)


@never_cache
@login_required
def result_pdf(request, id):
    bm = _measurement_for(request, id)
    secret = _slip_secret(request, bm) if bm.status == MeasurementStatus.SLIP else ""
    if not secret:
        messages.warning(
            request,
            _(
                "Only the device that recorded a result can print its slip; reissue the slip instead."
            ),
        )
        return redirect("exhibition:result", id=bm.external_id)
    pdf = slip_pdf(bm, claim_url=claim_url(request, secret))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="result-slip-{bm.booth.number}.pdf"'
    return response


@login_required
@require_POST
def reissue(request, id):
    bm = _measurement_for(request, id)
    try:
        secret = stations.reissue_slip(measurement=bm)
    except ExhibitionError as exc:
        messages.error(request, exc.message)
    else:
        _remember_slip(request, bm, secret)
        messages.success(request, _("A new slip was made; the old QR code no longer works."))
    return redirect("exhibition:result", id=bm.external_id)


@never_cache
@login_required
def figures(request, id):
    exhibitor = exhibitor_for(request, id, "exhibition.view_booth_stats")
    private = not request.user.has_perm("exhibition.manage_exhibition", exhibitor.event)
    return render(
        request,
        "exhibition/figures.html",
        {
            "exhibitor": exhibitor,
            "event": exhibitor.event,
            "f": booth_figures(exhibitor, private=private),
            "private": private,
            **_nav(request, exhibitor),
        },
    )


@never_cache
@login_required
def staff(request, id):
    exhibitor = exhibitor_for(request, id, "exhibition.manage_booth_staff")
    form = BoothStaffForm(request.POST or None)
    if request.method == "POST":
        revoke = request.POST.get("revoke")
        if revoke:
            member = get_object_or_404(BoothStaff, exhibitor=exhibitor, external_id=revoke)
            booth_domain.revoke_booth_staff(staff=member)
            messages.success(request, _("Booth role ended."))
            return redirect("exhibition:staff", id=exhibitor.external_id)
        if form.is_valid():
            try:
                booth_domain.add_booth_staff(
                    exhibitor=exhibitor, by=request.user, **form.cleaned_data
                )
            except ExhibitionError as exc:
                form.add_error(exc.field or None, exc.message)
            else:
                messages.success(request, _("Booth staff added."))
                return redirect("exhibition:staff", id=exhibitor.external_id)
    members = exhibitor.staff.active().select_related("user", "added_by")
    return render(
        request,
        "exhibition/staff.html",
        {
            "exhibitor": exhibitor,
            "event": exhibitor.event,
            "members": members,
            "form": form,
            **_nav(request, exhibitor),
        },
    )
