"""POST /api/v1/health/imports/: a device file (multipart `file`, `kind`) imported by a
background job. Answers 202 with the job's URL; GET it until `state` is done or failed. The
result holds `read`, `imported`, `duplicates`, `rejected` (and the import batch)."""

from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import exceptions, serializers, status
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from healthycity.accounts import roles
from healthycity.core import uploads
from healthycity.health.enums import WEARABLE_KINDS, Context, ImportKind
from healthycity.jobs import enqueue
from healthycity.jobs.api import job_url


class ImportRequest(serializers.Serializer):
    file = serializers.FileField(
        help_text="LookinBody CSV/XLSX, FHIR R4 JSON/NDJSON, steps CSV, or a phone or watch export"
    )
    kind = serializers.ChoiceField(choices=ImportKind.choices)
    citizen = serializers.UUIDField(
        required=False,
        help_text="a phone or watch export (apple_health, samsung_health, fitbit, omh) is one "
        "person's: the citizen it belongs to (a worker's upload; a citizen's is their own)",
    )
    dry_run = serializers.BooleanField(default=False, help_text="check and count, record nothing")
    context = serializers.ChoiceField(choices=Context.choices, default=Context.CENTRE)
    place = serializers.CharField(max_length=200, default="", allow_blank=True)


@extend_schema(
    tags=["health"],
    request={"multipart/form-data": ImportRequest},
    responses={
        202: inline_serializer(
            "ImportAccepted",
            {
                "id": serializers.UUIDField(),
                "state": serializers.CharField(),
                "url": serializers.URLField(),
            },
        )
    },
)
class ImportUploadView(APIView):
    """Queue a device-file import. A welfare worker imports for the citizens of their centre,
    a citizen for themself; rows outside that scope or without care consent are rejected with
    the reason (see the import's quarantine)."""

    parser_classes = [MultiPartParser, FormParser]

    def post(self, request):
        from healthycity.health.api import _is_staff, _may_write

        user = request.user
        if not _may_write(user):
            raise exceptions.PermissionDenied(
                _("Only a welfare worker or the citizen themself can upload records.")
            )
        # Before the other fields: a file over its limit is refused with 413 whatever else is wrong.
        wearable = request.data.get("kind") in WEARABLE_KINDS
        uploads.check_api(request.data.get("file"), "device_export" if wearable else "device_table")
        data = ImportRequest(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        upload = values["file"]
        own = roles.citizen_of(user) if not _is_staff(user) else None
        job = enqueue(
            "health.import",
            owner=user,
            params={
                "kind": values["kind"],
                "file_name": upload.name,
                "dry_run": values["dry_run"],
                "context": values["context"],
                "place": values["place"],
                "citizen": str(own.external_id) if own is not None else _str(values.get("citizen")),
            },
            files={"file": upload},
        )
        url = job_url(request, job)
        body = {"id": str(job.external_id), "state": job.state, "url": url}
        return Response(body, status=status.HTTP_202_ACCEPTED, headers={"Location": url})


def _str(value) -> str | None:
    return None if value is None else str(value)
