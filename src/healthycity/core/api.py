"""API plumbing: one error shape for every error, pagination, and scoped permissions.

Every API error is `{"error": {"status": 403, "code": "permission_denied", "message": "…",
"fields": {"field": ["…"]}}}` with the message in the caller's language.
"""

from __future__ import annotations

import logging

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

logger = logging.getLogger(__name__)


class Pagination(PageNumberPagination):
    page_size_query_param = "page_size"
    max_page_size = 500


def error_body(*, status_code: int, code: str, message: str, fields: dict | None = None) -> dict:
    body: dict = {"error": {"status": status_code, "code": code, "message": str(message)}}
    if fields:
        body["error"]["fields"] = fields
    return body


def _flatten(detail) -> dict:
    if isinstance(detail, dict):
        return {k: [str(m) for m in (v if isinstance(v, list) else [v])] for k, v in detail.items()}
    if isinstance(detail, list):
        return {"non_field_errors": [str(m) for m in detail]}
    return {}


def exception_handler(exc, context):
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(
            exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        )
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound(_("Not found."))
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied(_("You do not have permission to do this."))
    response = drf_exception_handler(exc, context)
    if response is None:
        logger.exception("Unhandled API error", exc_info=exc)
        return Response(
            error_body(
                status_code=500,
                code="server_error",
                message=_(
                    "Something went wrong on our side. It has been logged; please try again."
                ),
            ),
            status=status.HTTP_500_INTERNAL_SERVER_ERROR,
        )
    if isinstance(exc, exceptions.ValidationError):
        fields = _flatten(exc.detail)
        message = _("Some values are not valid; see the fields.")
        code = "invalid"
    else:
        fields = None
        message = exc.detail if isinstance(exc.detail, str) else str(exc.detail)
        code = exc.get_codes() if isinstance(exc.get_codes(), str) else "error"
    response.data = error_body(
        status_code=response.status_code, code=code, message=message, fields=fields
    )
    return response
