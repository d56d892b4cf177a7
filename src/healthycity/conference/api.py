"""REST endpoints of the conference, scoped to the caller's role.

GET  /api/v1/conference/events/                               anyone: published events (officials: drafts too)
GET  /api/v1/conference/events/{slug}/                        the event with rooms, tracks, categories
GET  /api/v1/conference/events/{slug}/sessions/               anyone: the published programme
                                                              (?day=YYYY-MM-DD&track=&room=&language=)
POST /api/v1/conference/events/{slug}/sessions/               officials: a session (conflicts are 400s)
PATCH /api/v1/conference/sessions/{id}/                       officials: change a session
GET  /api/v1/conference/events/{slug}/registrations/          own registrations (officials: all)
POST /api/v1/conference/events/{slug}/registrations/          signed-in: register {category, consent, …};
                                                              201 confirmed with ticket, or waiting
GET  /api/v1/conference/registrations/{id}/                   own or official
POST /api/v1/conference/registrations/{id}/cancel|accept|approve|reject/
GET  /api/v1/conference/events/{slug}/checkin-lists/          staff: check-in lists
GET  /api/v1/conference/checkin-lists/{id}/offline/           staff: the offline list (hashes, no names)
GET  /api/v1/conference/events/{slug}/gates/                  staff: gates
POST /api/v1/conference/events/{slug}/devices/                staff: register this phone to a gate
POST /api/v1/conference/checkins/                             staff: one scan {qr_payload, list, device, nonce, scanned_at}
POST /api/v1/conference/checkins/batch/                       staff: the offline queue {scans: […]}
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db.models import Subquery
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, generics, permissions, status
from rest_framework.response import Response
from rest_framework.views import APIView

from healthycity.accounts import roles
from healthycity.conference.domain import checkin as checkin_domain
from healthycity.conference.domain import programme
from healthycity.conference.domain import registration as reg_domain
from healthycity.conference.enums import RegistrationSource
from healthycity.conference.models import (
    CheckinList,
    Device,
    Event,
    Gate,
    Registration,
    RegistrationCategory,
    Room,
    Session,
    Speaker,
    Track,
)
from healthycity.conference.queries import events_visible_to, registrations_visible_to
from healthycity.conference.serializers import (
    BatchAnswerSerializer,
    BatchInputSerializer,
    CheckinAnswerSerializer,
    CheckinInputSerializer,
    CheckinListSerializer,
    DeviceInputSerializer,
    DeviceSerializer,
    EventDetailSerializer,
    EventSerializer,
    GateSerializer,
    ModerationInputSerializer,
    RegistrationInputSerializer,
    RegistrationSerializer,
    SessionInputSerializer,
    SessionSerializer,
)

TAGS = ["conference"]


def _event(request, slug: str) -> Event:
    return get_object_or_404(events_visible_to(request.user), slug=slug)


def _require(request, perm: str, obj, message: str) -> None:
    if not request.user.has_perm(perm, obj):
        raise exceptions.PermissionDenied(message)


@extend_schema(tags=TAGS)
class EventList(generics.ListAPIView):
    serializer_class = EventSerializer
    permission_classes = [permissions.AllowAny]

    def get_queryset(self):
        return events_visible_to(self.request.user).order_by("-starts_on", "slug")


@extend_schema(tags=TAGS)
class EventDetail(generics.RetrieveAPIView):
    serializer_class = EventDetailSerializer
    permission_classes = [permissions.AllowAny]
    lookup_field = "slug"

    def get_queryset(self):
        return events_visible_to(self.request.user).prefetch_related(
            "venue__rooms", "tracks", "categories"
        )


def _parse_day(raw: str | None) -> dt.date | None:
    if not raw:
        return None
    try:
        return dt.date.fromisoformat(raw)
    except ValueError:
        raise exceptions.ValidationError(
            {"day": [_("Write the day as YYYY-MM-DD, e.g. 2026-09-25.")]}
        ) from None


class EventSessions(generics.ListCreateAPIView):
    def get_permissions(self):
        if self.request.method == "GET":
            return [permissions.AllowAny()]
        return [permissions.IsAuthenticated()]

    def get_serializer_class(self):
        return SessionInputSerializer if self.request.method == "POST" else SessionSerializer

    def get_queryset(self):
        event = _event(self.request, self.kwargs["slug"])
        params = self.request.query_params
        return programme.sessions_query(
            event,
            day=_parse_day(params.get("day")),
            track=params.get("track", ""),
            room=params.get("room", ""),
            language=params.get("language", ""),
        )

    @extend_schema(
        tags=TAGS,
        parameters=[
            OpenApiParameter("day", str, description="YYYY-MM-DD"),
            OpenApiParameter("track", str, description="track slug"),
            OpenApiParameter("room", str, description="room code"),
            OpenApiParameter(
                "language", str, description="ko, en, zh or ja (held in or interpreted into)"
            ),
        ],
        responses=SessionSerializer(many=True),
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    @extend_schema(tags=TAGS, request=SessionInputSerializer, responses={201: SessionSerializer})
    def post(self, request, slug):
        event = _event(request, slug)
        _require(
            request,
            "conference.manage_event",
            event,
            _("Only the organisers can edit the programme."),
        )
        data = SessionInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        session = _save_session(event, Session(event=event), data.validated_data)
        return Response(SessionSerializer(session).data, status=status.HTTP_201_CREATED)


def _save_session(event: Event, session: Session, data: dict) -> Session:
    """Apply the API's fields to `session` and save it through the domain's conflict checks."""
    lookups = {
        "track": (Track, {"event": event}, "slug"),
        "room": (Room, {"venue": event.venue}, "code"),
    }
    for name, value in data.items():
        if name in lookups:
            model, scope, key = lookups[name]
            found = model.objects.filter(**scope, **{key: value}).first() if value else None
            if value and found is None:
                raise exceptions.ValidationError(
                    {name: [_("“%(value)s” is not known at this event.") % {"value": value}]}
                )
            setattr(session, name, found)
        elif name in ("languages", "interpretation_into"):
            setattr(session, name, ",".join(value))
        elif name != "speakers":
            setattr(session, name, value)
    speakers = None
    if "speakers" in data:
        speakers = list(Speaker.objects.filter(event=event, external_id__in=data["speakers"]))
        if len(speakers) != len(set(data["speakers"])):
            raise exceptions.ValidationError(
                {"speakers": [_("Some speakers are not speakers of this event.")]}
            )
        order = {sid: i for i, sid in enumerate(data["speakers"])}
        speakers.sort(key=lambda s: order[s.external_id])
    return programme.save_session(session=session, speakers=speakers)


@extend_schema(tags=TAGS)
class SessionDetail(generics.RetrieveUpdateAPIView):
    lookup_field = "external_id"
    lookup_url_kwarg = "id"
    http_method_names = ["get", "patch", "head", "options"]

    def get_permissions(self):
        if self.request.method == "GET":
            return [permissions.AllowAny()]
        return [permissions.IsAuthenticated()]

    def get_queryset(self):
        return Session.objects.filter(
            event__in=events_visible_to(self.request.user)
        ).select_related("event", "track", "room")

    def get_serializer_class(self):
        return SessionInputSerializer if self.request.method == "PATCH" else SessionSerializer

    @extend_schema(request=SessionInputSerializer, responses=SessionSerializer)
    def patch(self, request, *args, **kwargs):
        session = self.get_object()
        _require(
            request,
            "conference.manage_event",
            session.event,
            _("Only the organisers can edit the programme."),
        )
        data = SessionInputSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        session = _save_session(session.event, session, data.validated_data)
        return Response(SessionSerializer(session).data)


def registration_for_user(event: Event, user, data: dict) -> Registration:
    """Register the signed-in user in the category they chose. A citizen's name comes from the
    citizen registry; others give it."""
    category = RegistrationCategory.objects.filter(event=event, code=data["category"]).first()
    if category is None:
        raise exceptions.ValidationError(
            {
                "category": [
                    _("There is no category “%(code)s” at this event.") % {"code": data["category"]}
                ]
            }
        )
    citizen = roles.citizen_of(user)
    identity = getattr(citizen, "identity", None) if citizen is not None else None
    name = (
        data.get("name")
        or (identity.name if identity else "")
        or user.get_full_name()
        or user.username
    )
    return reg_domain.register(
        event=event,
        category=category,
        name=name,
        email=data.get("email") or user.email,
        phone=data.get("phone", ""),
        affiliation=data.get("affiliation", ""),
        language=data.get("language") or getattr(user, "preferred_language", "ko"),
        answers=data.get("answers"),
        user=user,
        citizen=citizen,
        consent=data.get("consent", False),
        source=RegistrationSource.SELF,
        by=user,
    )


@extend_schema(tags=TAGS)
class EventRegistrations(generics.ListCreateAPIView):
    def get_serializer_class(self):
        return (
            RegistrationInputSerializer if self.request.method == "POST" else RegistrationSerializer
        )

    def get_queryset(self):
        event = _event(self.request, self.kwargs["slug"])
        return (
            registrations_visible_to(self.request.user, event=event)
            .select_related("ticket")
            .order_by("created_at", "id")
        )

    @extend_schema(request=RegistrationInputSerializer, responses={201: RegistrationSerializer})
    def post(self, request, slug):
        event = _event(request, slug)
        data = RegistrationInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        registration = registration_for_user(event, request.user, data.validated_data)
        registration = Registration.objects.select_related("ticket", "category", "event").get(
            pk=registration.pk
        )
        return Response(RegistrationSerializer(registration).data, status=status.HTTP_201_CREATED)


@extend_schema(tags=TAGS)
class RegistrationDetail(generics.RetrieveAPIView):
    serializer_class = RegistrationSerializer
    lookup_field = "external_id"
    lookup_url_kwarg = "id"

    def get_queryset(self):
        return registrations_visible_to(self.request.user).select_related("ticket")


class RegistrationAction(APIView):
    """POST …/registrations/{id}/{action}/ — cancel and accept (the person or an official),
    approve and reject (officials)."""

    actions = {
        "cancel": (
            "conference.change_registration",
            lambda r, u, d: reg_domain.cancel(registration=r, by=u),
        ),
        "accept": (
            "conference.change_registration",
            lambda r, u, d: reg_domain.accept_offer(registration=r),
        ),
        "approve": (
            "conference.moderate_registration",
            lambda r, u, d: reg_domain.approve(registration=r, by=u),
        ),
        "reject": (
            "conference.moderate_registration",
            lambda r, u, d: reg_domain.reject(registration=r, by=u, note=d.get("note", "")),
        ),
    }

    @extend_schema(tags=TAGS, request=ModerationInputSerializer, responses=RegistrationSerializer)
    def post(self, request, id, action):
        registration = get_object_or_404(registrations_visible_to(request.user), external_id=id)
        perm, verb = self.actions[action]
        _require(request, perm, registration, _("You cannot change this registration."))
        data = ModerationInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        verb(registration, request.user, data.validated_data)
        registration = Registration.objects.select_related("ticket", "category", "event").get(
            pk=registration.pk
        )
        return Response(RegistrationSerializer(registration).data)


def _checkin_event(request, slug) -> Event:
    event = _event(request, slug)
    _require(request, "conference.checkin", event, _("Only the event's staff can use check-in."))
    return event


@extend_schema(tags=TAGS)
class EventCheckinLists(generics.ListAPIView):
    serializer_class = CheckinListSerializer
    pagination_class = None

    def get_queryset(self):
        event = _checkin_event(self.request, self.kwargs["slug"])
        return (
            CheckinList.objects.filter(event=event)
            .select_related("session")
            .prefetch_related("categories")
        )


@extend_schema(tags=TAGS)
class EventGates(generics.ListAPIView):
    serializer_class = GateSerializer
    pagination_class = None

    def get_queryset(self):
        return Gate.objects.filter(event=_checkin_event(self.request, self.kwargs["slug"]))


class EventDevices(APIView):
    @extend_schema(tags=TAGS, request=DeviceInputSerializer, responses={201: DeviceSerializer})
    def post(self, request, slug):
        event = _checkin_event(request, slug)
        data = DeviceInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        gate = Gate.objects.filter(event=event, pk=data.validated_data["gate"]).first()
        if gate is None:
            raise exceptions.ValidationError({"gate": [_("Choose a gate of this event.")]})
        device = Device.objects.create(
            event=event, gate=gate, name=data.validated_data["name"], registered_by=request.user
        )
        return Response(
            {"id": str(device.external_id), "name": device.name, "gate": gate.pk},
            status=status.HTTP_201_CREATED,
        )


class OfflineList(APIView):
    @extend_schema(tags=TAGS, responses=dict)
    def get(self, request, pk):
        the_list = get_object_or_404(CheckinList.objects.select_related("event", "session"), pk=pk)
        _require(
            request,
            "conference.checkin",
            the_list.event,
            _("Only the event's staff can use check-in."),
        )
        return Response(checkin_domain.offline_list(checkin_list=the_list))


def _scan_context(request, data: dict, cache: dict) -> tuple[CheckinList, Device]:
    """The list and device of a scan, in one query, looked up once per request (a batch shares
    them). The device comes back as the columns a scan needs (id, event, switched on)."""
    key = (data["list"], data["device"])
    if key not in cache:
        # No ordering in the subqueries: Device's default ordering would join the event and
        # gate three times over to sort a single row.
        device = Device.objects.filter(external_id=data["device"]).order_by()
        the_list = next(
            iter(
                CheckinList.objects.select_related("event", "session")
                .only(*checkin_domain.SCAN_LIST_FIELDS)
                .annotate(
                    device_pk=Subquery(device.values("pk")[:1]),
                    device_event_id=Subquery(device.values("event_id")[:1]),
                    device_active=Subquery(device.values("active")[:1]),
                )
                .filter(pk=data["list"])
                .order_by()[:1]
            ),
            None,
        )
        if the_list is None:
            raise exceptions.ValidationError(
                {"list": [_("There is no check-in list %(id)s.") % {"id": data["list"]}]}
            )
        _require(
            request,
            "conference.checkin",
            the_list.event,
            _("Only the event's staff can use check-in."),
        )
        if the_list.device_pk is None:
            raise exceptions.ValidationError(
                {"device": [_("This scanner is not registered; register it to a gate first.")]}
            )
        device = Device(
            pk=the_list.device_pk,
            external_id=data["device"],
            event_id=the_list.device_event_id,
            active=the_list.device_active,
        )
        cache[key] = (the_list, device)
    return cache[key]


def _scan(request, data: dict, cache: dict, *, offline: bool):
    the_list, device = _scan_context(request, data, cache)
    return checkin_domain.scan(
        payload=data["qr_payload"],
        checkin_list=the_list,
        device=device,
        nonce=data["nonce"],
        scanned_at=data["scanned_at"],
        offline=offline,
    )


class Checkins(APIView):
    @extend_schema(tags=TAGS, request=CheckinInputSerializer, responses=CheckinAnswerSerializer)
    def post(self, request):
        data = CheckinInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        answer = _scan(request, data.validated_data, {}, offline=False)
        return Response(answer.as_dict())


class CheckinBatch(APIView):
    """The offline queue of one scanner: each scan is judged and recorded on its own, so one bad
    scan does not stop the rest; a scan already uploaded (same nonce) is answered, not recorded."""

    @extend_schema(tags=TAGS, request=BatchInputSerializer, responses=BatchAnswerSerializer)
    def post(self, request):
        data = BatchInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        cache: dict = {}
        results = []
        for scan in data.validated_data["scans"]:
            try:
                answer = _scan(request, scan, cache, offline=True)
                results.append({"nonce": scan["nonce"], **answer.as_dict()})
            except ValidationError as exc:
                errors = (
                    exc.message_dict
                    if hasattr(exc, "error_dict")
                    else {"non_field_errors": exc.messages}
                )
                results.append({"nonce": scan["nonce"], "status": "error", "errors": errors})
            except exceptions.ValidationError as exc:
                results.append(
                    {"nonce": scan["nonce"], "status": "error", "errors": _flat(exc.detail)}
                )
        return Response({"results": results})


def _flat(detail) -> dict:
    if isinstance(detail, dict):
        return {k: [str(m) for m in (v if isinstance(v, list) else [v])] for k, v in detail.items()}
    return {
        "non_field_errors": [str(m) for m in (detail if isinstance(detail, list) else [detail])]
    }
