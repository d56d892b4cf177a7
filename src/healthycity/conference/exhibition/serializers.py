"""API shapes of the exhibition. Nothing here names a visitor except a lead, and a lead only
carries the fields the visitor chose to share with that exhibitor."""

from __future__ import annotations

from django.urls import reverse
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from healthycity.conference.exhibition.domain.stations import FORM_FIELDS
from healthycity.conference.exhibition.enums import (
    ExhibitorKind,
    LeadField,
    MeasurementStatus,
    ScanResult,
)
from healthycity.conference.exhibition.models import Booth, Exhibitor, LeadConsent
from healthycity.core.uploads import LimitedSerializerFileField


class ProductLinkSerializer(serializers.Serializer):
    id = serializers.UUIDField(source="external_id")
    name = serializers.CharField()
    feedback_url = serializers.SerializerMethodField()

    def get_feedback_url(self, product) -> str:
        # The product's page, which holds its reviews and the form to write one (the
        # feedback app's review URL takes only the form's POST).
        return reverse("partners:product", args=[product.external_id])


class ExhibitorSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="external_id", read_only=True)
    name = serializers.CharField(read_only=True)
    kind = serializers.ChoiceField(choices=ExhibitorKind.choices, read_only=True)
    booths = serializers.SerializerMethodField()
    products = serializers.SerializerMethodField()

    class Meta:
        model = Exhibitor
        fields = [
            "id",
            "slug",
            "name",
            "name_ko",
            "name_en",
            "kind",
            "description_ko",
            "description_en",
            "website",
            "booths",
            "products",
        ]

    def get_booths(self, exhibitor) -> list[str]:
        return [b.number for b in exhibitor.booths.all()]

    @extend_schema_field(ProductLinkSerializer(many=True))
    def get_products(self, exhibitor):
        return ProductLinkSerializer(
            [p for p in exhibitor.products.all() if p.active], many=True
        ).data


class BoothSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="external_id", read_only=True)
    x = serializers.FloatField()
    y = serializers.FloatField()
    width = serializers.FloatField()
    depth = serializers.FloatField()
    exhibitor = serializers.SlugRelatedField(slug_field="slug", read_only=True)

    class Meta:
        model = Booth
        fields = ["id", "number", "hall", "x", "y", "width", "depth", "station", "exhibitor"]


class LeadSerializer(serializers.Serializer):
    consent = serializers.UUIDField(source="consent_id")
    fields = serializers.DictField(child=serializers.CharField(allow_blank=True))
    first_visit = serializers.DateTimeField(allow_null=True)
    last_visit = serializers.DateTimeField(allow_null=True)
    visits = serializers.IntegerField()


class ScanRequestSerializer(serializers.Serializer):
    exhibitor = serializers.UUIDField()
    qr_payload = serializers.CharField(max_length=200)
    nonce = serializers.CharField(max_length=64, required=False, allow_blank=True)
    scanned_at = serializers.DateTimeField(required=False)
    products = serializers.ListField(child=serializers.UUIDField(), required=False, max_length=20)


class ScanResponseSerializer(serializers.Serializer):
    result = serializers.ChoiceField(choices=ScanResult.choices)
    message = serializers.CharField()
    visit = serializers.UUIDField(allow_null=True)
    replayed = serializers.BooleanField()
    lead = LeadSerializer(allow_null=True)


class LeadConsentSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="external_id", read_only=True)
    exhibitor = serializers.UUIDField(source="exhibitor.external_id", read_only=True)
    exhibitor_name = serializers.CharField(source="exhibitor.name", read_only=True)
    fields = serializers.ListField(child=serializers.ChoiceField(choices=LeadField.choices))

    class Meta:
        model = LeadConsent
        fields = ["id", "exhibitor", "exhibitor_name", "fields", "granted_at", "withdrawn_at"]
        read_only_fields = ["granted_at", "withdrawn_at"]


class LeadConsentRequestSerializer(serializers.Serializer):
    exhibitor = serializers.UUIDField()
    fields = serializers.ListField(
        child=serializers.ChoiceField(choices=LeadField.choices), min_length=1, max_length=5
    )


class MeasurementRequestSerializer(serializers.Serializer):
    booth = serializers.UUIDField(help_text=_("The booth with the measurement station."))
    qr_payload = serializers.CharField(max_length=200, required=False, allow_blank=True)
    save_to_record = serializers.BooleanField(default=False)
    file = LimitedSerializerFileField(
        kind="station", required=False, help_text=_("A LookinBody export (CSV/XLSX).")
    )
    taken_at = serializers.DateTimeField(required=False)
    device_model = serializers.CharField(max_length=60, required=False, allow_blank=True)
    device_serial = serializers.CharField(max_length=60, required=False, allow_blank=True)
    values = serializers.DictField(
        child=serializers.FloatField(),
        required=False,
        help_text=format_lazy("{}: {}", _("Measured values by field"), ", ".join(FORM_FIELDS)),
    )

    def validate_values(self, values):
        unknown = sorted(set(values) - set(FORM_FIELDS))
        if unknown:
            raise serializers.ValidationError(
                _("Unknown values: %(names)s.") % {"names": ", ".join(unknown)}
            )
        return values

    def validate(self, data):
        if bool(data.get("file")) == bool(data.get("values")):
            raise serializers.ValidationError(_("Send the export file or the values, not both."))
        if data.get("values") and not data.get("taken_at"):
            raise serializers.ValidationError({"taken_at": [_("When was it measured?")]})
        return data


class MeasurementResponseSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    status = serializers.ChoiceField(choices=MeasurementStatus.choices)
    message = serializers.CharField()
    claim_url = serializers.CharField(allow_blank=True)
    claim_expires_at = serializers.DateTimeField(allow_null=True)


class ClaimRequestSerializer(serializers.Serializer):
    secret = serializers.CharField(max_length=64)
    consent_care = serializers.BooleanField(default=False)


class ClaimResponseSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    status = serializers.ChoiceField(choices=MeasurementStatus.choices)
    measurement = serializers.UUIDField()
