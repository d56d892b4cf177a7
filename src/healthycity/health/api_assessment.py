"""GET /api/v1/citizens/{id}/assessment/ — the personal assessment of one citizen.

Role-scoped and consent-checked through health.queries.record_subjects_visible_to (a citizen:
themself; staff: their scope with an active care consent; partners and delegates: no one; anyone
else gets 404, so existence is not revealed). Every call by someone other than the citizen is
written to the access log. The route is added in health/api_urls.py."""

from __future__ import annotations

from django.http import Http404
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from healthycity.health.assessment.adapter import assess_records
from healthycity.health.assessment.explain import describe_change, describe_in
from healthycity.health.queries import record_subjects_visible_to, records_for
from healthycity.health.views.access import log_view

LANGUAGES = ("ko", "en")


class TextSerializer(serializers.Serializer):
    ko = serializers.CharField()
    en = serializers.CharField()


class FindingSerializer(serializers.Serializer):
    topic = serializers.CharField(
        help_text="bmi, waist, body_fat, sarcopenia, ecw_tbw, visceral_fat, blood_pressure, steps"
    )
    rule_id = serializers.CharField(
        help_text="The rule that produced the finding, e.g. ksso2022.bmi_class."
    )
    source = serializers.CharField(help_text="The published source of the rule's cut-offs.")
    status = serializers.ChoiceField(choices=["assessed", "not_assessable", "not_applicable"])
    outcome = serializers.CharField(
        help_text="Class from the rule's data file; empty unless assessed."
    )
    level = serializers.ChoiceField(choices=["ok", "attention", "alert", "info"])
    value = serializers.FloatField(allow_null=True)
    shown = serializers.CharField(help_text="The value as printed, e.g. '132/84'.")
    unit = serializers.CharField(help_text="UCUM unit.")
    taken_on = serializers.DateField(allow_null=True)
    reference = serializers.CharField(help_text="The normal or goal range, e.g. '18.5–<23'.")
    missing = serializers.ListField(
        child=serializers.CharField(), help_text="Inputs that were needed but absent."
    )
    details = serializers.JSONField()
    label = TextSerializer()
    meaning = TextSerializer(help_text="What this number means, in plain Korean and English.")
    notes = serializers.DictField(child=serializers.ListField(child=serializers.CharField()))


class ChangeSerializer(serializers.Serializer):
    code = serializers.CharField()
    unit = serializers.CharField()
    latest = serializers.FloatField()
    latest_on = serializers.DateField()
    since_previous = serializers.FloatField(allow_null=True)
    previous_on = serializers.DateField(allow_null=True)
    since_first = serializers.FloatField(allow_null=True)
    first_on = serializers.DateField(allow_null=True)


class AssessmentSerializer(serializers.Serializer):
    citizen = serializers.UUIDField()
    assessed_at = serializers.DateTimeField()
    findings = FindingSerializer(many=True)
    changes = ChangeSerializer(many=True)


def _finding(finding) -> dict:
    texts = {lang: describe_in(finding, lang) for lang in LANGUAGES}
    return {
        "topic": finding.topic,
        "rule_id": finding.rule_id,
        "source": finding.source,
        "status": finding.status.value,
        "outcome": finding.outcome,
        "level": finding.level.value,
        "value": finding.value,
        "shown": finding.shown,
        "unit": finding.unit,  # UCUM code
        "taken_on": finding.taken_on,
        "reference": finding.reference,
        "missing": list(finding.missing),
        "details": finding.details,
        "label": {lang: texts[lang]["outcome_label"] for lang in LANGUAGES},
        "meaning": {lang: texts[lang]["meaning"] for lang in LANGUAGES},
        "notes": {lang: texts[lang]["notes"] for lang in LANGUAGES},
    }


def _change(change) -> dict:
    d = describe_change(change)
    d["unit"] = change.unit  # UCUM code in the API
    return {k: d[k] for k in ChangeSerializer().fields}


class AssessmentView(APIView):
    """The personal assessment of one citizen: every finding names its rule and source; missing
    inputs give 'not_assessable' with the inputs that were needed."""

    @extend_schema(
        tags=["health"],
        operation_id="citizen_assessment",
        parameters=[
            OpenApiParameter("id", str, OpenApiParameter.PATH, description="Citizen id (UUID)")
        ],
        responses={200: AssessmentSerializer},
    )
    def get(self, request, id):
        citizen = record_subjects_visible_to(request.user).filter(external_id=id).first()
        if citizen is None:
            raise Http404
        log_view(request, citizen, "health.api_assessment")
        assessment = assess_records(records_for(citizen))
        body = {
            "citizen": citizen.external_id,
            "assessed_at": timezone.now(),
            "findings": [_finding(f) for f in assessment.findings],
            "changes": [_change(c) for c in assessment.changes],
        }
        return Response(AssessmentSerializer(body).data)
