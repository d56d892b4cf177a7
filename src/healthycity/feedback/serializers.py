"""API shapes of reviews. No serializer here has a field that identifies a citizen."""

from __future__ import annotations

from rest_framework import serializers

from healthycity.feedback.models import Reply, Review, StatusChange
from healthycity.feedback.validators import NOTE_MAX_CHARS


class ReplySerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="external_id", read_only=True)
    company = serializers.CharField(source="organisation.slug", read_only=True)

    class Meta:
        model = Reply
        fields = ["id", "company", "text", "created_at"]
        read_only_fields = ["created_at"]


class StatusChangeSerializer(serializers.ModelSerializer):
    class Meta:
        model = StatusChange
        fields = ["at", "from_status", "to_status", "note"]


class PublicReviewSerializer(serializers.ModelSerializer):
    """A public review as partners and everyone see it: no citizen identifier of any kind."""

    id = serializers.UUIDField(source="external_id", read_only=True)
    product = serializers.UUIDField(source="product.external_id", read_only=True)
    product_name = serializers.CharField(source="product.name", read_only=True)
    replies = ReplySerializer(many=True, read_only=True)
    history = StatusChangeSerializer(many=True, read_only=True)

    class Meta:
        model = Review
        fields = [
            "id",
            "product",
            "product_name",
            "rating",
            "text",
            "language",
            "status",
            "submitted_at",
            "replies",
            "history",
        ]


class OwnReviewSerializer(PublicReviewSerializer):
    """A citizen's own review (or an official's view): also its moderation state."""

    class Meta(PublicReviewSerializer.Meta):
        fields = [
            *PublicReviewSerializer.Meta.fields,
            "moderation",
            "masked",
            "withdrawn_at",
        ]


class ReviewInputSerializer(serializers.Serializer):
    product = serializers.UUIDField(required=False)
    rating = serializers.IntegerField()
    # Length and emptiness are checked by feedback.validators with a clear message.
    text = serializers.CharField(allow_blank=True, trim_whitespace=False)


class ReplyInputSerializer(serializers.Serializer):
    text = serializers.CharField(allow_blank=True)


class StatusInputSerializer(serializers.Serializer):
    status = serializers.CharField()
    note = serializers.CharField(allow_blank=True, required=False, max_length=NOTE_MAX_CHARS)
