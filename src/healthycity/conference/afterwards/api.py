"""REST endpoints after the conference (under /api/v1/).

POST conference/sessions/{id}/feedback/      an attendee: rating and comment (again: replaces)
GET  conference/events/{slug}/feedback/      officials: per session count, mean and spread
GET  conference/events/{slug}/attendance/    officials: by day, category and session
GET  conference/events/{slug}/certificate/   an attendee: their certificate (issued on demand)
GET  conference/certificates/{code}/         everyone: verify a certificate's code
"""

from __future__ import annotations

from django.db.models import Count
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, permissions, serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from healthycity.conference.afterwards.domain import attendance, certificates, feedback
from healthycity.conference.afterwards.models import COMMENT_LIMIT, SessionFeedback
from healthycity.conference.exhibition import sources
from healthycity.conference.exhibition.api import _event, refused
from healthycity.conference.exhibition.domain.errors import ExhibitionError
from healthycity.conference.models import Session


class FeedbackRequest(serializers.Serializer):
    rating = serializers.IntegerField(min_value=1, max_value=5)
    comment = serializers.CharField(max_length=COMMENT_LIMIT, required=False, allow_blank=True)


class FeedbackResponse(serializers.Serializer):
    id = serializers.UUIDField(source="external_id")
    session = serializers.UUIDField(source="session.external_id")
    rating = serializers.IntegerField()
    comment = serializers.CharField()
    submitted_at = serializers.DateTimeField()


class CertificateResponse(serializers.Serializer):
    code = serializers.CharField()
    valid = serializers.BooleanField()
    name = serializers.CharField()
    affiliation = serializers.CharField()
    event = serializers.CharField()
    days = serializers.ListField(child=serializers.DateField())
    issued_at = serializers.DateTimeField()
    verify_url = serializers.CharField()
    pdf_url = serializers.CharField(allow_blank=True)


def _officials_only(request, slug):
    event = _event(request, slug)
    if not request.user.has_perm("exhibition.manage_exhibition", event):
        raise exceptions.PermissionDenied(_("Only city officials see these figures."))
    return event


@extend_schema(tags=["conference-afterwards"], request=FeedbackRequest, responses=FeedbackResponse)
class SessionFeedbackView(APIView):
    def post(self, request, id):
        session = get_object_or_404(Session.objects.select_related("event"), external_id=id)
        registration = sources.registrations_of(request.user, session.event).first()
        if registration is None:
            raise exceptions.PermissionDenied(
                _("Only people who attended this session can rate it.")
            )
        data = FeedbackRequest(data=request.data)
        data.is_valid(raise_exception=True)
        existed = SessionFeedback.objects.filter(
            session=session, registration=registration
        ).exists()
        try:
            saved = feedback.submit_feedback(
                registration=registration,
                session=session,
                rating=data.validated_data["rating"],
                comment=data.validated_data.get("comment", ""),
            )
        except ExhibitionError as exc:
            raise refused(exc) from None
        return Response(
            FeedbackResponse(saved).data,
            status=status.HTTP_200_OK if existed else status.HTTP_201_CREATED,
        )


@extend_schema(tags=["conference-afterwards"], responses=dict)
class EventFeedback(APIView):
    def get(self, request, slug):
        event = _officials_only(request, slug)
        spread: dict[int, dict[int, int]] = {}
        for row in (
            SessionFeedback.objects.filter(session__event=event)
            .values("session_id", "rating")
            .annotate(n=Count("id"))
        ):
            spread.setdefault(row["session_id"], {})[row["rating"]] = row["n"]
        rows = []
        for r in attendance.attendance(event).sessions:
            counts = spread.get(r.session.pk, {})
            rows.append(
                {
                    "session": str(r.session.external_id),
                    "title": r.session.title,
                    "feedback": r.feedback,
                    "mean_rating": round(r.mean_rating, 2) if r.mean_rating is not None else None,
                    "ratings": {str(k): counts.get(k, 0) for k in range(1, 6)},
                }
            )
        return Response(rows)


@extend_schema(tags=["conference-afterwards"], responses=dict)
class EventAttendance(APIView):
    def get(self, request, slug):
        event = _officials_only(request, slug)
        a = attendance.attendance(event)
        return Response(
            {
                "attendees": a.attendees,
                "by_day": [{"day": d.isoformat(), "attendees": n} for d, n in a.by_day],
                "by_category": [
                    {
                        "category": c.code,
                        "name": c.name,
                        "by_day": dict(
                            zip([d.isoformat() for d in event.days], per_day, strict=True)
                        ),
                        "attendees": total,
                    }
                    for c, per_day, total in a.by_category
                ],
                "by_session": [
                    {
                        "session": str(r.session.external_id),
                        "title": r.session.title,
                        "starts_at": r.session.starts_at,
                        "checked_in": r.checked_in,
                        "feedback": r.feedback,
                        "mean_rating": r.mean_rating,
                    }
                    for r in a.sessions
                ],
            }
        )


def _certificate_body(request, cert, *, pdf_url: str = "") -> dict:
    return {
        "code": cert.display_code,
        "valid": cert.revoked_at is None,
        "name": cert.name,
        "affiliation": cert.affiliation,
        "event": cert.registration.event.name,
        "days": cert.days,
        "issued_at": cert.issued_at,
        "verify_url": request.build_absolute_uri(reverse("afterwards:verify", args=[cert.code])),
        "pdf_url": pdf_url,
    }


@extend_schema(tags=["conference-afterwards"], responses=CertificateResponse)
class MyCertificate(APIView):
    def get(self, request, slug):
        event = _event(request, slug)
        registration = sources.registrations_of(request.user, event).first()
        if registration is None:
            raise exceptions.NotFound(_("You are not registered for this event."))
        try:
            cert = certificates.issue(registration)
        except ExhibitionError as exc:
            raise refused(exc) from None
        pdf = request.build_absolute_uri(reverse("afterwards:certificate", args=[event.slug]))
        return Response(CertificateResponse(_certificate_body(request, cert, pdf_url=pdf)).data)


@extend_schema(tags=["conference-afterwards"], responses=CertificateResponse)
class VerifyCertificate(APIView):
    permission_classes = [permissions.AllowAny]

    def get(self, request, code):
        cert = certificates.verify(code)
        if cert is None:
            raise exceptions.NotFound(_("No certificate has this code."))
        return Response(CertificateResponse(_certificate_body(request, cert)).data)
