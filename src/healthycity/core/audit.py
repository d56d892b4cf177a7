"""Writing to the access log. Call `log_access` wherever a person's record is shown."""

from __future__ import annotations

from collections.abc import Iterable

from healthycity.accounts.roles import primary_role
from healthycity.core.models import AccessLog


def log_access(*, actor, citizen, action: str, purpose: str, path: str = "") -> AccessLog:
    """Append one entry to the access log. Side effect: one INSERT; never updates."""
    return AccessLog.objects.create(
        actor=actor,
        actor_role=primary_role(actor),
        citizen=citizen,
        action=action[:80],
        purpose=purpose[:200],
        path=path[:300],
    )


def log_access_many(*, actor, citizens: Iterable, action: str, purpose: str, path: str = "") -> int:
    """Append one entry per citizen (e.g. a worklist that shows findings). Returns the count."""
    role = primary_role(actor)
    rows = [
        AccessLog(
            actor=actor,
            actor_role=role,
            citizen=c,
            action=action[:80],
            purpose=purpose[:200],
            path=path[:300],
        )
        for c in citizens
    ]
    AccessLog.objects.bulk_create(rows)
    return len(rows)
