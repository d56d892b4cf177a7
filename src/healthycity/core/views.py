"""Home, health check, access-log search and error pages."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import connection
from django.http import HttpResponseServerError, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from healthycity.accounts import roles
from healthycity.core import audit
from healthycity.core import home as home_panels
from healthycity.core.models import AccessLog


@never_cache
def healthz(request):
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # noqa: BLE001 — the point is to report any failure as JSON
        return JsonResponse(
            {"status": "error", "database": "unreachable", "detail": type(exc).__name__},
            status=503,
        )
    return JsonResponse({"status": "ok", "database": "reachable", "vendor": connection.vendor})


def home(request):
    if not request.user.is_authenticated:
        return render(request, "core/landing.html")
    role = roles.primary_role(request.user)
    context = {"role": role, "panels": home_panels.panels_for(request.user, role)}
    return render(request, "core/home.html", context)


@login_required
def access_log(request):
    if not request.user.has_perm("accounts.view_access_log"):
        raise PermissionDenied
    entries = AccessLog.objects.select_related("actor", "citizen").order_by("-at", "-id")
    actor = request.GET.get("actor", "").strip()
    citizen = request.GET.get("citizen", "").strip()
    action = request.GET.get("action", "").strip()
    if actor:
        entries = entries.filter(actor__username__icontains=actor)
    if citizen:
        entries = entries.filter(citizen__external_id__startswith=citizen.lower())
    if action:
        entries = entries.filter(action=action)
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    for entry in page:
        entry.action_label = audit.action_label(entry.action)
        entry.purpose_label = audit.purpose_label(entry.purpose)
    logged = AccessLog.objects.order_by().values_list("action", flat=True).distinct()
    actions = sorted(((code, audit.action_label(code)) for code in logged), key=lambda a: a[1])
    return render(
        request,
        "core/access_log.html",
        {"page": page, "actor": actor, "citizen": citizen, "action": action, "actions": actions},
    )


_API_CODES = {400: "bad_request", 403: "permission_denied", 404: "not_found", 500: "server_error"}


def _error(request, status: int, title: str, message: str):
    if request.path.startswith("/api/"):
        from healthycity.core.api import error_body

        body = error_body(status_code=status, code=_API_CODES[status], message=message)
        return JsonResponse(body, status=status)
    return render(
        request,
        "core/error.html",
        {"status": status, "title": title, "message": message},
        status=status,
    )


def bad_request(request, exception=None):
    return _error(request, 400, _("Bad request"), _("The request could not be understood."))


def permission_denied(request, exception=None):
    return _error(
        request,
        403,
        _("Access denied"),
        _(
            "You do not have permission to see this page. If you think you should, ask your administrator."
        ),
    )


def page_not_found(request, exception=None):
    return _error(
        request, 404, _("Page not found"), _("The page you asked for does not exist or has moved.")
    )


def server_error(request):
    """Rendered without context processors or the database: it must work when they are broken."""
    title = _("Something went wrong")
    message = _("An error occurred on our side. It has been logged; please try again later.")
    if request.path.startswith("/api/"):
        return _error(request, 500, title, message)
    html = loader.get_template("core/500.html").render(
        {"title": title, "message": message, "home": _("Go to the home page")}
    )
    return HttpResponseServerError(html)


def csrf_failure(request, reason=""):
    return _error(
        request,
        403,
        _("The form has expired"),
        _("For your security the form could not be sent. Reload the page and try again."),
    )
