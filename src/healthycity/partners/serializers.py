"""API shapes of partner companies and products."""

from __future__ import annotations

from rest_framework import serializers

from healthycity.accounts.models import Organisation
from healthycity.core.uploads import LimitedSerializerImageField
from healthycity.partners.models import Product
from healthycity.partners.validators import validate_picture


class CompanySerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="external_id", read_only=True)

    class Meta:
        model = Organisation
        fields = ["id", "slug", "name_ko", "name_en"]


class ProductSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="external_id", read_only=True)
    company = serializers.SlugRelatedField(source="partner", slug_field="slug", read_only=True)
    picture = LimitedSerializerImageField(
        kind="picture", required=False, allow_null=True, validators=[validate_picture]
    )

    class Meta:
        model = Product
        fields = [
            "id",
            "company",
            "slug",
            "name_ko",
            "name_en",
            "category",
            "description_ko",
            "description_en",
            "unit",
            "picture",
            "shown_at",
            "active",
        ]
