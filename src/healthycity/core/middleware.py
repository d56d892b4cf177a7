"""Request guards and response headers that every page and endpoint shares."""

from __future__ import annotations

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _

from healthycity.core import csp, text

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


class SecurityHeadersMiddleware:
    """Headers every response of the application gets (static files are served before this).

    - `Cache-Control: no-store` (with `private`, `max-age=0`): pages and API answers hold personal
      data or depend on who asks; no browser or proxy may keep them (a shared computer at a welfare
      centre, a proxy between the centre and the city). One rule for every view, so a new page
      cannot forget it.
    - `Content-Security-Policy` with a nonce per response, and `Permissions-Policy` (`core.csp`).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.csp_nonce = csp.new_nonce()
        response = self.get_response(request)
        add_never_cache_headers(response)
        response.headers.setdefault("Content-Security-Policy", csp.policy(request.csp_nonce))
        response.headers.setdefault("Permissions-Policy", csp.PERMISSIONS_POLICY)
        return response


class StaffIdleTimeoutMiddleware:
    """Sign staff out after `STAFF_IDLE_MINUTES` without a request (a screen left open at a
    welfare centre or in the bureau shows personal records). Citizens keep the normal session.
    The time of the last request is kept in the session, written at most once a minute."""

    KEY = "healthycity_last_seen"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and self._is_staff(user):
            now = int(time.time())
            last = request.session.get(self.KEY)
            limit = settings.STAFF_IDLE_MINUTES * 60
            if last is not None and now - last > limit:
                logout(request)
                messages.info(
                    request,
                    _("You were signed out after %(minutes)s minutes without activity.")
                    % {"minutes": settings.STAFF_IDLE_MINUTES},
                )
                if not request.path.startswith("/api/"):
                    return redirect_to_login(request.get_full_path())
            elif last is None or now - last >= 60:
                request.session[self.KEY] = now
        return self.get_response(request)

    @staticmethod
    def _is_staff(user) -> bool:
        from healthycity.accounts import roles
        from healthycity.accounts.enums import Role

        return bool(roles.roles_of(user) - {Role.CITIZEN}) or user.is_staff
