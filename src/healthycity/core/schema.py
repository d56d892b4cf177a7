"""The OpenAPI schema view (kept apart from core.api, which DRF imports while drf-spectacular's
views are still loading)."""

from __future__ import annotations

import threading

from django.conf import settings
from django.urls import get_urlconf
from django.utils.translation import get_language
from drf_spectacular.views import SpectacularAPIView
from rest_framework.response import Response


class SchemaView(SpectacularAPIView):
    """The OpenAPI schema, generated once per language and API version rather than on every
    request: it is the same for every caller (public), and generating it takes about a second of
    CPU — an anonymous client could otherwise keep a web worker busy with it."""

    _generated: dict[tuple[str, str | None, str], dict] = {}
    _lock = threading.Lock()

    def _get_schema_response(self, request):
        version = self.api_version or request.version or self._get_version_parameter(request)
        key = (get_language() or "", version, str(get_urlconf() or settings.ROOT_URLCONF))
        schema = self._generated.get(key)
        if schema is None:
            generator = self.generator_class(
                urlconf=self.urlconf, api_version=version, patterns=self.patterns
            )
            schema = generator.get_schema(request=request, public=self.serve_public)
            with self._lock:
                self._generated[key] = schema
        filename = self._get_filename(request, version)
        return Response(
            data=schema, headers={"Content-Disposition": f'inline; filename="{filename}"'}
        )


ERROR_SCHEMA = {
    "type": "object",
    "description": "The one error shape of every API error (core.api.error_body).",
    "required": ["error"],
    "properties": {
        "error": {
            "type": "object",
            "required": ["status", "code", "message"],
            "properties": {
                "status": {"type": "integer", "description": "the HTTP status, again"},
                "code": {"type": "string", "description": "a stable code, e.g. `not_found`"},
                "message": {"type": "string", "description": "in the caller's language"},
                "fields": {
                    "type": "object",
                    "description": "the messages of each invalid field",
                    "additionalProperties": {"type": "array", "items": {"type": "string"}},
                },
            },
        }
    },
}
ERRORS = {
    "400": "the request is not valid (see `fields`)",
    "401": "no credentials, or they are not valid",
    "403": "the caller may not do this",
    "404": "no such object in the caller's scope (or no such page of a list)",
    "409": "the object is not in a state that allows this",
    "413": "the file is over its upload limit (docs/operations.md)",
    "415": "the request body's content type is not one the operation reads",
}
WRITES = {"post", "put", "patch", "delete"}


def document_errors(result, generator, request, public):
    """drf-spectacular post-processing hook: every operation documents the error answers it can
    give, with the one error shape — the request-level ones (400, 401, 403, 404), conflicts on
    writes (409), bodies in a type it does not read (415) and files over their limit on uploads
    (413). An operation's own annotation of a status wins."""
    result.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR_SCHEMA
    body = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
    for operations in result.get("paths", {}).values():
        for method, operation in operations.items():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            codes = ["400", "401", "403", "404"]
            if method in WRITES:
                codes += ["409", "415"]
            content = operation.get("requestBody", {}).get("content", {})
            if "multipart/form-data" in content:
                codes.append("413")
            for code in codes:
                operation["responses"].setdefault(
                    code, {"description": ERRORS[code], "content": body}
                )
    return result
