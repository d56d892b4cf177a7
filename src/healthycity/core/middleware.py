"""Request guards and response headers that every page and endpoint shares."""

from __future__ import annotations

from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from healthycity.core import text

_FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


class TextGuardMiddleware:
    """Refuse (400, in the user's language) a request whose path, query string or form fields
    hold text the database cannot store (`core.text`), before any view filters or saves with it.
    JSON bodies are checked by the API's parser (`core.parsers.JSONParser`)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        where = self._find(request)
        if where is not None:
            return refuse_text(request, where)
        return self.get_response(request)

    @staticmethod
    def _find(request) -> str | None:
        if not text.is_storable(request.path_info):
            return "path"
        found = text.first_unstorable(request.GET.lists())
        if found is not None:
            return found
        if request.method in ("POST", "PUT", "PATCH") and request.content_type in _FORM_TYPES:
            try:
                return text.first_unstorable(request.POST.lists())
            except Exception:  # noqa: BLE001 — a malformed body is the view's (Django's) 400
                return None
        return None


def refuse_text(request, field: str):
    message = str(text.MESSAGE)
    if request.path.startswith("/api/"):
        from healthycity.core.api import error_body

        body = error_body(
            status_code=400, code="invalid", message=message, fields={field: [message]}
        )
        return JsonResponse(body, status=400)
    context = {"status": 400, "title": _("Bad request"), "message": message}
    return render(request, "core/error.html", context, status=400)
