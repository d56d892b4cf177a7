"""Data checks after the conference for `healthycity verify` (see core/verify.py)."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from healthycity.core.verify import Report, verify_check


@verify_check("afterwards.feedback", label=gettext_lazy("Session feedback comes from attendees"))
def feedback() -> Report:
    """Every rating is from someone who attended the session (its door scan, or its day's
    entry), given after it began — the rules of the domain, checked on the stored rows."""
    from healthycity.conference.afterwards.domain.attendance import attendee_sets
    from healthycity.conference.afterwards.models import SessionFeedback
    from healthycity.conference.models import Event

    problems, count = [], 0
    for event in Event.objects.filter(sessions__feedback__isnull=False).distinct():
        by_day, by_door = attendee_sets(event)
        rows = SessionFeedback.objects.filter(session__event=event).values_list(
            "session_id", "session__starts_at", "registration_id", "submitted_at"
        )
        for session_id, starts_at, registration_id, submitted_at in rows.iterator(
            chunk_size=10_000
        ):
            count += 1
            day = timezone.localtime(starts_at, event.tz).date()
            present = by_door[session_id] if session_id in by_door else by_day.get(day, set())
            if registration_id not in present:
                problems.append(
                    _(
                        "%(event)s: registration %(reg)s rated session %(session)s without attending it"
                    )
                    % {"event": event.slug, "reg": registration_id, "session": session_id}
                )
            elif submitted_at < starts_at:
                problems.append(
                    _("%(event)s: session %(session)s was rated before it began")
                    % {"event": event.slug, "session": session_id}
                )
    return Report(summary=_("%(n)s ratings") % {"n": count}, problems=problems[:50])
