"""Celery tasks of the conference: thin wrappers around domain functions."""

from __future__ import annotations

from celery import shared_task


@shared_task(name="healthycity.conference.expire_holds")
def expire_holds_task() -> int:
    """Beat, every few minutes: offers not accepted in time expire; each place goes to the next
    person on the waiting list."""
    from healthycity.conference.domain.registration import expire_holds

    return expire_holds()
