"""API shapes of practices and reviews."""

from __future__ import annotations

from rest_framework import serializers

from healthycity.policies.models import (
    Nomination,
    Practice,
    PracticeAttachment,
    PracticeResult,
    PracticeStateChange,
    ReviewAssignment,
)
from healthycity.policies.reference import theme_name


class PracticeCitySerializer(serializers.Serializer):
    id = serializers.UUIDField(source="external_id")
    name_ko = serializers.CharField()
    name_en = serializers.CharField()
    country = serializers.CharField()
    country_code = serializers.CharField()


class ResultSerializer(serializers.ModelSerializer):
    class Meta:
        model = PracticeResult
        fields = [
            "indicator",
            "unit",
            "group_by",
            "group",
            "group_label",
            "baseline",
            "value",
            "estimate",
            "ci_low",
            "ci_high",
            "n",
            "suppressed",
            "method",
        ]


class AttachmentSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="external_id", read_only=True)

    class Meta:
        model = PracticeAttachment
        fields = ["id", "name", "content_type", "size", "created_at"]


class HistorySerializer(serializers.ModelSerializer):
    by = serializers.CharField(source="by.username", default=None)

    class Meta:
        model = PracticeStateChange
        fields = ["at", "from_status", "to_status", "by", "reason"]


class NominationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Nomination
        fields = ["category", "conference_year", "reason", "created_at"]


class PracticeListSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="external_id", read_only=True)
    city = PracticeCitySerializer(read_only=True)
    themes = serializers.SerializerMethodField()
    target_groups = serializers.SerializerMethodField()

    class Meta:
        model = Practice
        fields = [
            "id",
            "city",
            "status",
            "title_ko",
            "title_en",
            "summary_ko",
            "summary_en",
            "themes",
            "target_groups",
            "evaluation_type",
            "evidence_level",
            "review_outcome",
            "published_at",
        ]

    def get_themes(self, obj) -> list[dict]:
        return [{"code": c, "name": theme_name(c)} for c in obj.themes]

    def get_target_groups(self, obj) -> list[str]:
        return obj.target_groups


class PracticeSerializer(PracticeListSerializer):
    results = ResultSerializer(many=True, read_only=True)
    attachments = AttachmentSerializer(many=True, read_only=True)
    nominations = NominationSerializer(many=True, read_only=True)

    class Meta(PracticeListSerializer.Meta):
        fields = [
            *PracticeListSerializer.Meta.fields,
            "original_language",
            "title_original",
            "summary_original",
            "body_ko",
            "body_en",
            "body_original",
            "partners",
            "period_start",
            "period_end",
            "budget_amount",
            "budget_currency",
            "budget_note",
            "equity_effect_ko",
            "equity_effect_en",
            "transferability_ko",
            "transferability_en",
            "contact_name",
            "contact_email",
            "licence",
            "review_reasons",
            "source",
            "results",
            "attachments",
            "nominations",
        ]


class PracticeInputSerializer(serializers.Serializer):
    """What a city may write. Values are checked by policies.validators (one message per field)."""

    city = serializers.UUIDField(required=False, help_text="Member city; default: your own.")
    original_language = serializers.CharField(required=False)
    title_ko = serializers.CharField(required=False, allow_blank=True)
    title_en = serializers.CharField(required=False, allow_blank=True)
    title_original = serializers.CharField(required=False, allow_blank=True)
    summary_ko = serializers.CharField(required=False, allow_blank=True)
    summary_en = serializers.CharField(required=False, allow_blank=True)
    summary_original = serializers.CharField(required=False, allow_blank=True)
    body_ko = serializers.CharField(required=False, allow_blank=True)
    body_en = serializers.CharField(required=False, allow_blank=True)
    body_original = serializers.CharField(required=False, allow_blank=True)
    themes = serializers.ListField(child=serializers.CharField(), required=False)
    target_groups = serializers.ListField(child=serializers.CharField(), required=False)
    partners = serializers.ListField(child=serializers.DictField(), required=False)
    period_start = serializers.CharField(required=False, allow_blank=True, allow_null=True)
    period_end = serializers.CharField(required=False, allow_blank=True, allow_null=True)
    budget_amount = serializers.CharField(required=False, allow_blank=True, allow_null=True)
    budget_currency = serializers.CharField(required=False, allow_blank=True)
    budget_note = serializers.CharField(required=False, allow_blank=True)
    evaluation_type = serializers.CharField(required=False, allow_blank=True)
    equity_effect_ko = serializers.CharField(required=False, allow_blank=True)
    equity_effect_en = serializers.CharField(required=False, allow_blank=True)
    transferability_ko = serializers.CharField(required=False, allow_blank=True)
    transferability_en = serializers.CharField(required=False, allow_blank=True)
    contact_name = serializers.CharField(required=False, allow_blank=True)
    contact_email = serializers.CharField(required=False, allow_blank=True)
    licence = serializers.CharField(required=False)


class ReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(allow_blank=True, required=False, default="")


class ReviewerInputSerializer(serializers.Serializer):
    reviewer = serializers.CharField(help_text="Username of a delegate of another member city.")


class NominationInputSerializer(serializers.Serializer):
    category = serializers.CharField()
    conference_year = serializers.IntegerField(min_value=2000, max_value=2100)
    reason = serializers.CharField(allow_blank=True, required=False, default="")


class FromAidSerializer(serializers.Serializer):
    programme = serializers.UUIDField()


class PracticeReviewSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="external_id", read_only=True)
    practice = serializers.UUIDField(source="practice.external_id", read_only=True)
    practice_title = serializers.CharField(source="practice.title", read_only=True)
    reviewer = serializers.CharField(source="reviewer.username", read_only=True)
    reviewer_city = serializers.CharField(source="reviewer_city.name_en", read_only=True)

    class Meta:
        model = ReviewAssignment
        fields = [
            "id",
            "practice",
            "practice_title",
            "round",
            "reviewer",
            "reviewer_city",
            "exclusion",
            "scores",
            "recommendation",
            "comments",
            "submitted_at",
        ]


class ReviewSheetInputSerializer(serializers.Serializer):
    exclusion = serializers.DictField(child=serializers.BooleanField())
    scores = serializers.DictField(child=serializers.IntegerField())
    comments = serializers.CharField(allow_blank=True, required=False, default="")
