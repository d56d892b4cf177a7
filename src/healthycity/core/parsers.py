"""The API's request parsers (a module of their own: DRF reads DEFAULT_PARSER_CLASSES while
`rest_framework.views` is imported, so they must not live beside code that imports it)."""

from __future__ import annotations

from rest_framework import exceptions, parsers

from healthycity.core import jsonguard


class JSONParser(parsers.JSONParser):
    """DRF's JSON parser through `core.jsonguard`: deep nesting and unstorable text are refused
    with a 400 whose message is in the caller's language, like every other error."""

    def parse(self, stream, media_type=None, parser_context=None):
        raw = stream.read() if stream is not None else b""
        try:
            return jsonguard.loads(raw)
        except jsonguard.JSONRejected as exc:
            raise exceptions.ParseError(exc.message) from None


class FhirJSONParser(JSONParser):
    """FHIR's own media type (RFC: `application/fhir+json`), parsed the same way."""

    media_type = "application/fhir+json"
