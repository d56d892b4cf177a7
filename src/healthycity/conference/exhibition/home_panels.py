"""Home-page panel of booth staff (a temporary booth login has no other role)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from healthycity.conference.exhibition.rules import booth_exhibitor_ids


def panels(user, role: str) -> list[dict]:
    if not booth_exhibitor_ids(user):
        return []
    from healthycity.conference.exhibition.models import Exhibitor

    names = Exhibitor.objects.filter(pk__in=booth_exhibitor_ids(user)).order_by("name_ko")
    return [
        {
            "title": _("My booth"),
            "text": ", ".join(f"{e.name} ({e.event.name})" for e in names.select_related("event")),
            "link": ("exhibition:desk_list", _("Open the booth desk")),
        }
    ]
