"""Shared helpers of the conference pages."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _

from healthycity.conference.models import Event
from healthycity.conference.queries import events_visible_to


def event_or_404(request, slug: str) -> Event:
    return get_object_or_404(
        events_visible_to(request.user).select_related("venue", "organiser"), slug=slug
    )


def managed_event(request, slug: str) -> Event:
    event = event_or_404(request, slug)
    if not request.user.has_perm("conference.manage_event", event):
        raise PermissionDenied
    return event


def base_url(request) -> str:
    return request.build_absolute_uri("/")


def refuse(request, message: str, status: int = 400):
    """An error page that says what was wrong, in the user's language."""
    title = _("Access denied") if status == 403 else _("Not possible")
    return render(
        request,
        "core/error.html",
        {"status": status, "title": title, "message": message},
        status=status,
    )
