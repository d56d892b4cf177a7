from __future__ import annotations

from rest_framework import serializers

from healthycity.aid.models import DonationLot, Enrolment, HandOver, Programme


class ProgrammeSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="external_id", read_only=True)
    sponsors = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)
    centres = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)
    items = serializers.SerializerMethodField()

    class Meta:
        model = Programme
        fields = [
            "id",
            "name_ko",
            "name_en",
            "status",
            "starts_on",
            "ends_on",
            "rule",
            "sponsors",
            "centres",
            "items",
            "target_indicators",
            "fairness_floor",
        ]

    def get_items(self, obj) -> list[dict]:
        return [
            {"product": i.product.slug, "quantity": i.quantity}
            for i in obj.items.select_related("product")
        ]


class EnrolmentSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="external_id", read_only=True)
    programme = serializers.UUIDField(source="programme.external_id", read_only=True)
    citizen = serializers.UUIDField(source="citizen.external_id", read_only=True)
    centre = serializers.CharField(source="centre.code", read_only=True)

    class Meta:
        model = Enrolment
        fields = [
            "id",
            "programme",
            "citizen",
            "centre",
            "status",
            "need_score",
            "need_tier",
            "enrolled_on",
            "exited_on",
            "exit_reason",
        ]


class EnrolRequestSerializer(serializers.Serializer):
    programme = serializers.UUIDField()
    citizen = serializers.UUIDField()


class LotSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="external_id", read_only=True)
    partner = serializers.CharField(source="partner.slug", read_only=True)
    product = serializers.CharField(source="product.slug")
    deliver_to = serializers.CharField(source="deliver_to.code", required=False)

    class Meta:
        model = DonationLot
        fields = [
            "id",
            "partner",
            "product",
            "lot_number",
            "quantity",
            "received_quantity",
            "expires_on",
            "deliver_to",
            "status",
        ]
        read_only_fields = ["received_quantity", "status"]
        extra_kwargs = {"quantity": {"validators": []}}


class HandOverSerializer(serializers.ModelSerializer):
    # An entry is named by its place in the ledger (`seq`, the lookup of /handovers/{seq}/); the
    # request key it was recorded with is a string of the sender's choosing, not an id.
    key = serializers.CharField(
        source="idempotency_key", read_only=True, help_text="The Idempotency-Key it was sent with."
    )
    cycle = serializers.UUIDField(source="cycle.external_id", read_only=True)
    enrolment = serializers.UUIDField(source="enrolment.external_id", read_only=True)
    lot = serializers.UUIDField(source="lot.external_id", read_only=True)

    class Meta:
        model = HandOver
        fields = ["seq", "key", "recorded_at", "cycle", "enrolment", "lot", "quantity", "hash"]


class HandOverRequestSerializer(serializers.Serializer):
    cycle = serializers.UUIDField()
    enrolment = serializers.UUIDField()
    lot = serializers.UUIDField()
    quantity = serializers.JSONField(default=1)


class OutcomeRowSerializer(serializers.Serializer):
    """One row of `aid.queries.programme_outcomes` (schema only)."""

    programme = serializers.CharField()
    programme_id = serializers.UUIDField()
    measure = serializers.CharField()
    label = serializers.CharField()
    unit = serializers.CharField()
    group_by = serializers.ChoiceField(choices=["all", "district", "income_band"])
    group = serializers.CharField()
    n = serializers.IntegerField(allow_null=True)
    n_treated = serializers.IntegerField(allow_null=True)
    n_control = serializers.IntegerField(allow_null=True)
    treated_before = serializers.FloatField(allow_null=True)
    treated_after = serializers.FloatField(allow_null=True)
    control_before = serializers.FloatField(allow_null=True)
    control_after = serializers.FloatField(allow_null=True)
    estimate = serializers.FloatField(allow_null=True)
    low = serializers.FloatField(allow_null=True)
    high = serializers.FloatField(allow_null=True)
    p_value = serializers.FloatField(allow_null=True)
    suppressed = serializers.BooleanField()
    method = serializers.CharField()
