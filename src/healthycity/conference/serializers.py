"""Shapes of the conference API."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from healthycity.conference.domain import registration as reg_domain
from healthycity.conference.enums import ScanStatus
from healthycity.conference.models import (
    CheckinList,
    Event,
    Gate,
    Registration,
    RegistrationCategory,
    Room,
    Session,
    Speaker,
    Ticket,
    Track,
)


class VenueRoomSerializer(serializers.ModelSerializer):
    class Meta:
        model = Room
        fields = ["code", "name_ko", "name_en", "kind", "capacity", "floor"]


class TrackSerializer(serializers.ModelSerializer):
    class Meta:
        model = Track
        fields = ["slug", "name_ko", "name_en", "colour"]


class CategorySerializer(serializers.ModelSerializer):
    class Meta:
        model = RegistrationCategory
        fields = [
            "code",
            "kind",
            "name_ko",
            "name_en",
            "colour",
            "capacity",
            "moderated",
            "self_service",
            "is_open",
        ]


class EventSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="external_id", read_only=True)
    venue = serializers.CharField(source="venue.name", read_only=True)
    days = serializers.ListField(child=serializers.DateField(), read_only=True)

    class Meta:
        model = Event
        fields = [
            "id",
            "slug",
            "name_ko",
            "name_en",
            "venue",
            "starts_on",
            "ends_on",
            "days",
            "timezone",
            "status",
            "url",
        ]


class EventDetailSerializer(EventSerializer):
    rooms = VenueRoomSerializer(source="venue.rooms", many=True, read_only=True)
    tracks = TrackSerializer(many=True, read_only=True)
    categories = CategorySerializer(many=True, read_only=True)

    class Meta(EventSerializer.Meta):
        fields = [
            *EventSerializer.Meta.fields,
            "description_ko",
            "description_en",
            "rooms",
            "tracks",
            "categories",
        ]


class SpeakerSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="external_id", read_only=True)

    class Meta:
        model = Speaker
        fields = ["id", "name_ko", "name_en", "affiliation_ko", "affiliation_en"]


class SessionSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="external_id", read_only=True)
    track = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    room = serializers.SlugRelatedField(slug_field="code", read_only=True)
    languages = serializers.ListField(
        child=serializers.CharField(), source="language_list", read_only=True
    )
    interpretation_into = serializers.ListField(
        child=serializers.CharField(), source="interpretation_list", read_only=True
    )
    speakers = serializers.SerializerMethodField()

    class Meta:
        model = Session
        fields = [
            "id",
            "kind",
            "status",
            "title_ko",
            "title_en",
            "abstract_ko",
            "abstract_en",
            "track",
            "room",
            "location_note",
            "starts_at",
            "ends_at",
            "languages",
            "interpretation",
            "interpretation_into",
            "capacity",
            "speakers",
        ]

    def get_speakers(self, session) -> list[dict]:
        return [SpeakerSerializer(link.speaker).data for link in session.speaker_links.all()]


class SessionInputSerializer(serializers.Serializer):
    """What an official sends to add or change a session; the conflict checks are the domain's."""

    kind = serializers.ChoiceField(choices=Session._meta.get_field("kind").choices)
    status = serializers.ChoiceField(
        choices=Session._meta.get_field("status").choices, required=False
    )
    title_ko = serializers.CharField(max_length=300)
    title_en = serializers.CharField(max_length=300, required=False, allow_blank=True)
    abstract_ko = serializers.CharField(required=False, allow_blank=True)
    abstract_en = serializers.CharField(required=False, allow_blank=True)
    track = serializers.SlugField(required=False, allow_blank=True)
    room = serializers.SlugField(required=False, allow_blank=True)
    location_note = serializers.CharField(max_length=300, required=False, allow_blank=True)
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField()
    languages = serializers.ListField(child=serializers.CharField(max_length=2), required=False)
    interpretation = serializers.ChoiceField(
        choices=Session._meta.get_field("interpretation").choices, required=False
    )
    interpretation_into = serializers.ListField(
        child=serializers.CharField(max_length=2), required=False
    )
    capacity = serializers.IntegerField(min_value=1, required=False, allow_null=True)
    speakers = serializers.ListField(child=serializers.UUIDField(), required=False)


class TicketSerializer(serializers.ModelSerializer):
    qr_payload = serializers.CharField(
        read_only=True, help_text=_("The exact string in the QR code.")
    )
    code = serializers.CharField(source="display_code", read_only=True)

    class Meta:
        model = Ticket
        fields = ["qr_payload", "code", "issued_at"]


class RegistrationSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="external_id", read_only=True)
    event = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    category = serializers.SlugRelatedField(slug_field="code", read_only=True)
    ticket = serializers.SerializerMethodField()
    waiting_position = serializers.SerializerMethodField()

    class Meta:
        model = Registration
        fields = [
            "id",
            "event",
            "category",
            "status",
            "name",
            "affiliation",
            "language",
            "answers",
            "waiting_position",
            "hold_expires_at",
            "confirmed_at",
            "cancelled_at",
            "ticket",
        ]

    @extend_schema_field(TicketSerializer(allow_null=True))
    def get_ticket(self, registration):
        if registration.status != "confirmed":
            return None
        ticket = getattr(registration, "ticket", None)
        return TicketSerializer(ticket).data if ticket else None

    def get_waiting_position(self, registration) -> int | None:
        return reg_domain.waiting_position(registration)


class RegistrationInputSerializer(serializers.Serializer):
    category = serializers.SlugField(help_text=_("The category's code, e.g. citizen."))
    consent = serializers.BooleanField(
        required=False,
        default=False,
        help_text=_(
            "I agree to the use of my details for the conference. Not needed if the citizen has already agreed."
        ),
    )
    name = serializers.CharField(max_length=200, required=False, allow_blank=True)
    email = serializers.EmailField(required=False, allow_blank=True)
    phone = serializers.CharField(max_length=30, required=False, allow_blank=True)
    affiliation = serializers.CharField(max_length=200, required=False, allow_blank=True)
    language = serializers.ChoiceField(choices=["ko", "en"], required=False)
    answers = serializers.DictField(required=False)


class ModerationInputSerializer(serializers.Serializer):
    note = serializers.CharField(max_length=300, required=False, allow_blank=True)


class CheckinListSerializer(serializers.ModelSerializer):
    session = serializers.UUIDField(source="session.external_id", read_only=True, allow_null=True)
    categories = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)

    class Meta:
        model = CheckinList
        fields = ["id", "kind", "name_ko", "name_en", "day", "session", "categories"]


class GateSerializer(serializers.ModelSerializer):
    class Meta:
        model = Gate
        fields = ["id", "name_ko", "name_en"]


class DeviceInputSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=100)
    gate = serializers.IntegerField()


class DeviceSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    name = serializers.CharField()
    gate = serializers.IntegerField(source="gate_id")


class CheckinInputSerializer(serializers.Serializer):
    qr_payload = serializers.CharField(max_length=200, allow_blank=True, trim_whitespace=False)
    list = serializers.IntegerField()
    device = serializers.UUIDField()
    nonce = serializers.CharField(max_length=64)
    scanned_at = serializers.DateTimeField()


class BatchInputSerializer(serializers.Serializer):
    scans = CheckinInputSerializer(many=True, allow_empty=False, max_length=1000)


class FirstCheckinSerializer(serializers.Serializer):
    device = serializers.CharField()
    gate = serializers.CharField()
    at = serializers.DateTimeField()
    at_display = serializers.CharField()


class ScanCategorySerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    colour = serializers.CharField()


class CheckinAnswerSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=ScanStatus.choices)
    colour = serializers.ChoiceField(choices=["green", "yellow", "red"])
    reason = serializers.CharField()
    checkin = serializers.IntegerField(allow_null=True)
    category = ScanCategorySerializer(allow_null=True)
    attendee = serializers.CharField(allow_blank=True)
    first = FirstCheckinSerializer(allow_null=True)
    replayed = serializers.BooleanField()


class BatchAnswerSerializer(serializers.Serializer):
    results = serializers.ListField(child=serializers.DictField())
