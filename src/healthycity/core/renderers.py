"""The API's response renderers beyond DRF's JSON."""

from __future__ import annotations

from rest_framework.renderers import JSONRenderer


class FhirJSONRenderer(JSONRenderer):
    """FHIR's own media type (`application/fhir+json`, FHIR R4 http.html#mime-type). A FHIR
    client asks for it with `Accept: application/fhir+json`; plain `application/json` is
    answered too (`JSONRenderer` after this one)."""

    media_type = "application/fhir+json"
    format = "fhir"
