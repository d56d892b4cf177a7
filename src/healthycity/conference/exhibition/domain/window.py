"""When a booth works: booth staff scan tickets and run measurement stations from the day
before the event (set-up and rehearsal) to its last day, in the event's time zone. After
that the temporary accounts can still read their booth's leads and figures, but record
nothing about anyone."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext as _

from healthycity.conference.exhibition.domain.errors import BoothClosed

SETUP_DAYS = 1


def local_day(event, at: dt.datetime | None = None) -> dt.date:
    return timezone.localtime(at or timezone.now(), event.tz).date()


def is_open(event, at: dt.datetime | None = None) -> bool:
    day = local_day(event, at)
    return event.starts_on - dt.timedelta(days=SETUP_DAYS) <= day <= event.ends_on


def check_open(event, at: dt.datetime | None = None) -> None:
    """Raises BoothClosed outside the event's days (and its set-up day)."""
    if not is_open(event, at):
        raise BoothClosed(
            _("Booths record visits and measurements only from %(first)s to %(last)s.")
            % {
                "first": (event.starts_on - dt.timedelta(days=SETUP_DAYS)).isoformat(),
                "last": event.ends_on.isoformat(),
            }
        )
