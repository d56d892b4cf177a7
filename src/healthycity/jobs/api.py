"""GET /api/v1/jobs/ and /api/v1/jobs/<id>/: the caller's own jobs.

`{"id", "kind", "state": "queued" | "running" | "done" | "failed", "progress": 0–100 or null,
"result", "error", "attempts", "created_at", "started_at", "finished_at", "url", "file_url"}`.
"""

from __future__ import annotations

from django.urls import reverse
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, viewsets

from healthycity.jobs.enums import JobState
from healthycity.jobs.queries import jobs_visible_to


class JobSerializer(serializers.Serializer):
    id = serializers.UUIDField(source="external_id", read_only=True)
    kind = serializers.CharField(read_only=True)
    label = serializers.CharField(read_only=True)
    state = serializers.ChoiceField(choices=JobState.choices, read_only=True)
    progress = serializers.IntegerField(
        source="percent", read_only=True, allow_null=True, min_value=0, max_value=100
    )
    result = serializers.JSONField(read_only=True, allow_null=True)
    error = serializers.CharField(source="error_message", read_only=True)
    attempts = serializers.IntegerField(read_only=True)
    created_at = serializers.DateTimeField(read_only=True)
    started_at = serializers.DateTimeField(read_only=True, allow_null=True)
    finished_at = serializers.DateTimeField(read_only=True, allow_null=True)
    url = serializers.SerializerMethodField()
    file_url = serializers.SerializerMethodField()

    def _absolute(self, path: str) -> str:
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request else path

    def get_url(self, job) -> str:
        return self._absolute(reverse("api-job-detail", args=[job.external_id]))

    def get_file_url(self, job) -> str | None:
        if job.file is None:
            return None
        return self._absolute(reverse("jobs:file", args=[job.external_id]))

    def to_representation(self, job):
        data = super().to_representation(job)
        result = data.get("result")
        if isinstance(result, dict) and isinstance(result.get("file"), dict):
            # Where the file lies on the server is not the client's business.
            data["result"] = {
                **result,
                "file": {k: v for k, v in result["file"].items() if k != "path"},
            }
        return data


@extend_schema(tags=["jobs"])
class JobViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Background jobs the caller started (imports, snapshots, reports, solves)."""

    serializer_class = JobSerializer
    lookup_field = "external_id"
    lookup_url_kwarg = "id"
    lookup_value_regex = "[0-9a-fA-F-]{36}"

    def get_queryset(self):
        return jobs_visible_to(self.request.user)


def job_url(request, job) -> str:
    """The API URL of a job, absolute when a request is at hand (for 202 responses)."""
    path = reverse("api-job-detail", args=[job.external_id])
    return request.build_absolute_uri(path) if request is not None else path
