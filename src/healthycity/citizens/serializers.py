from rest_framework import serializers

from healthycity.citizens.models import Citizen, Consent


class ConsentSerializer(serializers.ModelSerializer):
    class Meta:
        model = Consent
        fields = ["purpose", "version", "granted_at", "withdrawn_at"]


class CitizenSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="external_id", read_only=True)
    district = serializers.CharField(source="district.code", read_only=True)
    welfare_centre = serializers.CharField(
        source="welfare_centre.code", read_only=True, allow_null=True, default=None
    )

    class Meta:
        model = Citizen
        fields = [
            "id",
            "birth_year",
            "sex",
            "district",
            "welfare_centre",
            "income_band",
            "medical_aid",
            "living_alone",
            "disability",
        ]
