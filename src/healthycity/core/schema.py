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
