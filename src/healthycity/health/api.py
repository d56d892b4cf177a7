"""REST endpoints for health records (under /api/v1/):

- GET/POST  measurements/          list (role-scoped) and record one sitting
- GET       steps/                 daily steps (role-scoped)
- GET       citizens/{id}/fhir/    the citizen's record as a FHIR R4 Bundle
- POST      fhir/                  FHIR R4 JSON upload (Observation or Bundle)

Reading: a citizen their own; a worker their centre's citizens with care consent; an official
everyone with care consent; partners and delegates no one. Writing: a worker (their centre) or a
citizen (themself), never without care consent. Every staff read of a person's records is
written to the access log.
"""

from __future__ import annotations

import io
import json

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import exceptions, generics, serializers, status
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from healthycity.accounts import roles
from healthycity.accounts.enums import Role
from healthycity.citizens.enums import ConsentPurpose
from healthycity.citizens.queries import citizens_visible_to, has_consent
from healthycity.core.api import Pagination
from healthycity.core.audit import log_access, log_access_many
from healthycity.core.parsers import FhirJSONParser, JSONParser
from healthycity.core.renderers import FhirJSONRenderer
from healthycity.health.enums import SourceKind
from healthycity.health.fhir.export import bundle_for
from healthycity.health.imports import ImportFailed, import_file
from healthycity.health.models import VALUE_FIELDS, DailySteps, Measurement, QuarantinedRow
from healthycity.health.queries import (
    measurements_visible_to,
    record_subjects_visible_to,
    steps_visible_to,
)
from healthycity.health.views.access import purpose_of

STAFF = {Role.ADMIN, Role.OFFICIAL, Role.WORKER}
WRITERS = {Role.ADMIN, Role.WORKER, Role.CITIZEN}
PURPOSE = "care follow-up (API)"


def _is_staff(user) -> bool:
    return bool(roles.roles_of(user) & STAFF)


def _may_write(user) -> bool:
    found = roles.roles_of(user)
    # An official reads; writing is for the worker who measured, or the citizen themself.
    return bool(found & WRITERS) and not (
        Role.OFFICIAL in found and not found & {Role.ADMIN, Role.WORKER}
    )


def _purpose(user) -> str:
    """Why staff read through the API: a worker for care follow-up; an official or admin for
    the duty their role gives them (the same purposes as the pages, health.views.access)."""
    return PURPOSE if roles.primary_role(user) == Role.WORKER else purpose_of(user)


def _log_staff_read(request, citizens, action: str) -> None:
    if _is_staff(request.user):
        log_access_many(
            actor=request.user,
            citizens=citizens,
            action=action,
            purpose=_purpose(request.user),
            path=request.path,
        )


class MeasurementSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="external_id", read_only=True)
    citizen = serializers.SlugRelatedField(
        slug_field="external_id", queryset=Measurement.citizen.field.related_model.objects.none()
    )

    class Meta:
        model = Measurement
        fields = [
            "id",
            "citizen",
            "taken_at",
            "context",
            "place",
            "source",
            "device_model",
            "device_serial",
            *VALUE_FIELDS,
        ]
        read_only_fields = ["id", "source"]
        validators: list = []  # the natural key is checked on save, with our own message

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            self.fields["citizen"].queryset = citizens_visible_to(request.user)

    def validate(self, attrs):
        if not any(attrs.get(f) is not None for f in VALUE_FIELDS):
            raise serializers.ValidationError(_("Give at least one measured value."))
        return attrs


@extend_schema(
    tags=["health"], parameters=[OpenApiParameter("citizen", str, description="citizen id (UUID)")]
)
class MeasurementList(generics.ListCreateAPIView):
    """Sittings the caller may see, newest first; POST records one sitting."""

    serializer_class = MeasurementSerializer
    pagination_class = Pagination

    def get_queryset(self):
        qs = measurements_visible_to(self.request.user).select_related("citizen")
        citizen = self.request.query_params.get("citizen")
        if citizen:
            try:
                qs = qs.filter(citizen__external_id=citizen)
            except DjangoValidationError:
                raise exceptions.ValidationError({"citizen": [_("Not a citizen id.")]}) from None
        return qs

    def list(self, request, *args, **kwargs):
        response = super().list(request, *args, **kwargs)
        page = getattr(self.paginator, "page", None)
        shown = {m.citizen for m in (page.object_list if page else [])}
        _log_staff_read(request, shown, "measurements.list")
        return response

    def create(self, request, *args, **kwargs):
        if not _may_write(request.user):
            raise exceptions.PermissionDenied(
                _("Only a welfare worker or the citizen themself can record measurements.")
            )
        return super().create(request, *args, **kwargs)

    def perform_create(self, serializer):
        user = self.request.user
        citizen = serializer.validated_data["citizen"]
        if not has_consent(citizen, ConsentPurpose.CARE):
            raise exceptions.PermissionDenied(
                _(
                    "This citizen has not consented to health care records (care); nothing was recorded."
                )
            )
        instance = Measurement(**serializer.validated_data, source=SourceKind.API, recorded_by=user)
        try:
            instance.full_clean(validate_unique=False, validate_constraints=False)
        except DjangoValidationError as exc:
            raise exceptions.ValidationError(exc.message_dict) from None
        try:
            with transaction.atomic():
                instance.save()
        except IntegrityError:
            raise exceptions.ValidationError(
                {
                    "taken_at": [
                        _(
                            "A measurement of this citizen at this time from this device is already recorded."
                        )
                    ]
                }
            ) from None
        serializer.instance = instance


class StepsSerializer(serializers.ModelSerializer):
    citizen = serializers.UUIDField(source="citizen.external_id", read_only=True)

    class Meta:
        model = DailySteps
        fields = ["citizen", "date", "steps", "device"]


@extend_schema(tags=["health"])
class StepsList(generics.ListAPIView):
    serializer_class = StepsSerializer
    pagination_class = Pagination

    def get_queryset(self):
        return steps_visible_to(self.request.user).select_related("citizen")

    def list(self, request, *args, **kwargs):
        response = super().list(request, *args, **kwargs)
        page = getattr(self.paginator, "page", None)
        _log_staff_read(
            request, {s.citizen for s in (page.object_list if page else [])}, "steps.list"
        )
        return response


@extend_schema(
    tags=["health"],
    responses={200: inline_serializer("FhirBundle", {"resourceType": serializers.CharField()})},
)
class CitizenFhirView(APIView):
    """The citizen's record as a FHIR R4 Bundle (type collection), as `application/fhir+json`
    (or `application/json` when asked for). 404 outside the caller's scope."""

    renderer_classes = [FhirJSONRenderer, JSONRenderer]

    def handle_exception(self, exc):
        """Errors keep the API's one error shape and its media type (application/json)."""
        response = super().handle_exception(exc)
        self.request.accepted_renderer = JSONRenderer()
        self.request.accepted_media_type = JSONRenderer.media_type
        return response

    def get(self, request, id):
        citizen = record_subjects_visible_to(request.user).filter(external_id=id).first()
        if citizen is None:
            raise Http404
        if roles.citizen_of(request.user) != citizen:
            log_access(
                actor=request.user,
                citizen=citizen,
                action="fhir.export",
                purpose=_purpose(request.user),
                path=request.path,
            )
        return Response(bundle_for(citizen))


UploadResult = inline_serializer(
    "ImportSummary",
    {
        "read": serializers.IntegerField(), "imported": serializers.IntegerField(),
        "duplicates": serializers.IntegerField(), "rejected": serializers.IntegerField(),
        "rejections": serializers.ListField(child=serializers.DictField()),
    },
)  # fmt: skip


@extend_schema(
    tags=["health"],
    request={"application/fhir+json": dict, "application/json": dict},
    responses={200: UploadResult},
)
class FhirUploadView(APIView):
    """Upload a FHIR R4 Observation or Bundle. Subjects are `Patient/<citizen id>`; a citizen's
    own upload may use any subject (it is filed for them). Returns the row accounting and the
    reason for every rejected entry; rejected entries are not recorded."""

    parser_classes = [FhirJSONParser, JSONParser]

    def post(self, request):
        user = request.user
        if not _may_write(user):
            raise exceptions.PermissionDenied(
                _("Only a welfare worker or the citizen themself can upload records.")
            )
        own = roles.citizen_of(user) if not _is_staff(user) else None
        if not isinstance(request.data, dict):
            raise exceptions.ValidationError(
                {"non_field_errors": [_("Expected a FHIR Bundle or Observation (a JSON object).")]}
            )
        data = json.dumps(request.data).encode()
        try:
            result = import_file(
                fileobj=io.BytesIO(data),
                kind="fhir",
                by=user,
                citizen=own,
                file_name="api-upload.json",
            )
        except ImportFailed as exc:
            raise exceptions.ValidationError({"non_field_errors": [str(exc)]}) from None
        rejections = (
            list(
                QuarantinedRow.objects.filter(batch=result.batch).values(
                    "line", "reason", "message"
                )
            )
            if result.batch
            else []
        )
        body = {**result.as_dict(), "rejections": rejections}
        body.pop("report", None)
        code = status.HTTP_201_CREATED if result.imported else status.HTTP_200_OK
        if (
            result.read
            and result.rejected == result.read
            and any(r["reason"] == "no_consent" for r in rejections)
        ):
            code = status.HTTP_403_FORBIDDEN
        return Response(body, status=code)
