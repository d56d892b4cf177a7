"""REST endpoints of the exhibition, scoped to the caller's role (under /api/v1/).

GET  conference/events/{slug}/exhibitors/          everyone: exhibitors, their booths and products
GET  conference/events/{slug}/booths/              everyone: the booth plan (geometry, exhibitor)
GET  conference/events/{slug}/exhibition/figures/  officials: visits per exhibitor
POST conference/exhibition/scans/                  booth staff: a ticket scanned at their booth
GET  conference/exhibition/exhibitors/{id}/leads/   booth staff: visitors who share contact details
GET  conference/exhibition/exhibitors/{id}/figures/ booth staff (suppressed), officials
GET  conference/exhibition/lead-consents/          a visitor: what they share, with whom
POST conference/exhibition/lead-consents/          a visitor: share fields with an exhibitor
POST conference/exhibition/lead-consents/{id}/withdraw/
POST conference/exhibition/measurements/           booth staff: a measurement-station result
POST conference/exhibition/claims/                 a citizen: claim a result slip
"""

from __future__ import annotations

import dataclasses

from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, permissions, status
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from healthycity.conference.exhibition import sources
from healthycity.conference.exhibition.domain import leads, stations
from healthycity.conference.exhibition.domain.errors import ExhibitionError
from healthycity.conference.exhibition.domain.figures import booth_figures, event_figures
from healthycity.conference.exhibition.models import Booth, Exhibitor, LeadConsent
from healthycity.conference.exhibition.serializers import (
    BoothSerializer,
    ClaimRequestSerializer,
    ClaimResponseSerializer,
    ExhibitorSerializer,
    LeadConsentRequestSerializer,
    LeadConsentSerializer,
    LeadSerializer,
    MeasurementRequestSerializer,
    MeasurementResponseSerializer,
    ScanRequestSerializer,
    ScanResponseSerializer,
)
from healthycity.conference.models import Event
from healthycity.conference.queries import events_visible_to
from healthycity.partners.models import Product


class DomainRefused(exceptions.APIException):
    """An ExhibitionError as an API error (one error shape: core.api)."""

    def __init__(self, exc: ExhibitionError):
        self.status_code = exc.status
        super().__init__(exc.message, exc.code)


def refused(exc: ExhibitionError) -> exceptions.APIException:
    """A refusal about one field is a 400 naming the field; others keep their status."""
    if exc.field:
        return exceptions.ValidationError({exc.field: [exc.message]}, exc.code)
    return DomainRefused(exc)


def _event(request, slug: str) -> Event:
    return get_object_or_404(events_visible_to(request.user), slug=slug)


def _exhibitor(request, id, perm: str, message: str) -> Exhibitor:
    exhibitor = get_object_or_404(Exhibitor.objects.select_related("event"), external_id=id)
    if not request.user.has_perm(perm, exhibitor):
        raise exceptions.PermissionDenied(message)
    return exhibitor


@extend_schema(tags=["conference-exhibition"], responses=ExhibitorSerializer(many=True))
class EventExhibitors(APIView):
    permission_classes = [permissions.AllowAny]

    def get(self, request, slug):
        event = _event(request, slug)
        exhibitors = (
            Exhibitor.objects.filter(event=event)
            .select_related("organisation")
            .prefetch_related("booths", "products")
            .order_by("name_ko")
        )
        return Response(ExhibitorSerializer(exhibitors, many=True).data)


@extend_schema(tags=["conference-exhibition"], responses=BoothSerializer(many=True))
class EventBooths(APIView):
    permission_classes = [permissions.AllowAny]

    def get(self, request, slug):
        event = _event(request, slug)
        booths = Booth.objects.filter(event=event).select_related("exhibitor").order_by("number")
        return Response(BoothSerializer(booths, many=True).data)


@extend_schema(tags=["conference-exhibition"], responses=dict)
class EventFigures(APIView):
    def get(self, request, slug):
        event = _event(request, slug)
        if not request.user.has_perm("exhibition.manage_exhibition", event):
            raise exceptions.PermissionDenied(
                _("Only city officials see every exhibitor's figures.")
            )
        rows = [
            {
                "exhibitor": str(r["exhibitor"].external_id),
                "name": r["exhibitor"].name,
                "booths": r["booths"],
                "visitors": r["visitors"],
                "visits": r["visits"],
                "sharing": r["sharing"],
                "measurements": r["measurements"],
            }
            for r in event_figures(event)
        ]
        return Response(rows)


@extend_schema(
    tags=["conference-exhibition"], request=ScanRequestSerializer, responses=ScanResponseSerializer
)
class Scans(APIView):
    def post(self, request):
        data = ScanRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        d = data.validated_data
        exhibitor = _exhibitor(
            request,
            d["exhibitor"],
            "exhibition.work_booth",
            _("Only this exhibitor's booth staff can scan tickets here."),
        )
        products = Product.objects.filter(external_id__in=d.get("products", []))
        try:
            outcome = leads.record_visit(
                exhibitor=exhibitor,
                payload=d["qr_payload"],
                by=request.user,
                nonce=d.get("nonce", ""),
                scanned_at=d.get("scanned_at"),
                products=products,
            )
        except ExhibitionError as exc:
            raise refused(exc) from None
        body = {
            "result": outcome.result,
            "message": outcome.message,
            "visit": outcome.visit.external_id if outcome.visit else None,
            "replayed": outcome.replayed,
            "lead": dataclasses.asdict(outcome.lead) if outcome.lead else None,
        }
        created = outcome.visit is not None and not outcome.replayed
        return Response(
            ScanResponseSerializer(body).data,
            status=status.HTTP_201_CREATED if created else status.HTTP_200_OK,
        )


@extend_schema(tags=["conference-exhibition"], responses=LeadSerializer(many=True))
class Leads(APIView):
    def get(self, request, id):
        exhibitor = _exhibitor(
            request,
            id,
            "exhibition.view_leads",
            _("Only this exhibitor's own staff see its leads."),
        )
        found = [dataclasses.asdict(lead) for lead in leads.leads_of(exhibitor)]
        return Response(LeadSerializer(found, many=True).data)


def _table(table) -> dict:
    return {
        "rows": [{"label": label, "count": n} for label, n in table.rows],
        "total": table.total,
    }


@extend_schema(tags=["conference-exhibition"], responses=dict)
class Figures(APIView):
    def get(self, request, id):
        exhibitor = _exhibitor(
            request,
            id,
            "exhibition.view_booth_stats",
            _("Only this exhibitor's staff and city officials see its figures."),
        )
        private = not request.user.has_perm("exhibition.manage_exhibition", exhibitor.event)
        f = booth_figures(exhibitor, private=private)
        return Response(
            {
                "suppressed": private,
                "visitors": f.visitors,
                "visits": f.visits,
                "by_day": _table(f.by_day),
                "by_category": _table(f.by_category),
                "by_hour": _table(f.by_hour),
                "products": _table(f.products),
                "measurements": _table(f.measurements),
            }
        )


@extend_schema(tags=["conference-exhibition"])
class LeadConsents(APIView):
    @extend_schema(responses=LeadConsentSerializer(many=True))
    def get(self, request):
        consents = (
            LeadConsent.objects.active()
            .filter(registration__in=sources.registrations_of(request.user))
            .select_related("exhibitor")
        )
        return Response(LeadConsentSerializer(consents, many=True).data)

    @extend_schema(request=LeadConsentRequestSerializer, responses=LeadConsentSerializer)
    def post(self, request):
        data = LeadConsentRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        exhibitor = get_object_or_404(Exhibitor, external_id=data.validated_data["exhibitor"])
        registration = sources.registrations_of(request.user, exhibitor.event).first()
        if registration is None:
            raise exceptions.PermissionDenied(
                _("Only visitors registered for this event can share contact details.")
            )
        try:
            consent = leads.share_contact(
                registration=registration,
                exhibitor=exhibitor,
                fields=data.validated_data["fields"],
            )
        except ExhibitionError as exc:
            raise refused(exc) from None
        return Response(LeadConsentSerializer(consent).data, status=status.HTTP_201_CREATED)


@extend_schema(tags=["conference-exhibition"], request=None, responses=LeadConsentSerializer)
class WithdrawLeadConsent(APIView):
    def post(self, request, id):
        consent = get_object_or_404(
            LeadConsent.objects.select_related("exhibitor", "registration"),
            external_id=id,
            registration__in=sources.registrations_of(request.user),
        )
        leads.withdraw_contact(registration=consent.registration, exhibitor=consent.exhibitor)
        consent.refresh_from_db()
        return Response(LeadConsentSerializer(consent).data)


@extend_schema(
    tags=["conference-exhibition"],
    request={
        "multipart/form-data": MeasurementRequestSerializer,
        "application/json": MeasurementRequestSerializer,
    },
    responses={201: MeasurementResponseSerializer},
)
class Measurements(APIView):
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    def post(self, request):
        data = MeasurementRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        d = data.validated_data
        booth = get_object_or_404(
            Booth.objects.select_related("event", "exhibitor"), external_id=d["booth"]
        )
        if booth.exhibitor is None or not request.user.has_perm(
            "exhibition.work_booth", booth.exhibitor
        ):
            raise exceptions.PermissionDenied(
                _("Only this booth's staff can record measurements here.")
            )
        try:
            done = stations.record_input(
                booth=booth,
                by=request.user,
                file=d.get("file"),
                taken_at=d.get("taken_at"),
                values=d.get("values"),
                device_model=d.get("device_model", ""),
                device_serial=d.get("device_serial", ""),
                payload=d.get("qr_payload", ""),
                save_to_record=d["save_to_record"],
            )
        except ExhibitionError as exc:
            raise refused(exc) from None
        bm = done.measurement
        url = ""
        if done.secret:
            url = request.build_absolute_uri(reverse("exhibition:claim", args=[done.secret]))
        body = {
            "id": bm.external_id,
            "status": bm.status,
            "message": done.why_slip or _("Saved to the visitor's own health record."),
            "claim_url": url,
            "claim_expires_at": bm.claim_expires_at,
        }
        return Response(MeasurementResponseSerializer(body).data, status=status.HTTP_201_CREATED)


@extend_schema(
    tags=["conference-exhibition"],
    request=ClaimRequestSerializer,
    responses=ClaimResponseSerializer,
)
class Claims(APIView):
    def post(self, request):
        data = ClaimRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            bm = stations.claim(
                secret=data.validated_data["secret"],
                user=request.user,
                consent_care=data.validated_data["consent_care"],
            )
        except ExhibitionError as exc:
            raise refused(exc) from None
        body = {
            "id": bm.external_id,
            "status": bm.status,
            "measurement": bm.measurement.external_id,
        }
        return Response(ClaimResponseSerializer(body).data)
