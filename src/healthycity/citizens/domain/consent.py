"""Granting and withdrawing consent."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from healthycity.citizens.enums import ConsentPurpose
from healthycity.citizens.models import Citizen, Consent

CURRENT_VERSION = "2026-1"


@transaction.atomic
def grant_consent(
    *, citizen: Citizen, purpose: ConsentPurpose | str, by=None, version: str = CURRENT_VERSION
) -> Consent:
    """Record consent for `purpose`. Idempotent: an active consent of the same version is kept;
    an older version is withdrawn and replaced. Side effect: up to one UPDATE and one INSERT."""
    purpose = ConsentPurpose(purpose)
    current = Consent.objects.select_for_update().active().filter(citizen=citizen, purpose=purpose)
    existing = current.first()
    if existing is not None and existing.version == version:
        return existing
    current.update(withdrawn_at=timezone.now())
    return Consent.objects.create(citizen=citizen, purpose=purpose, version=version, recorded_by=by)


@transaction.atomic
def withdraw_consent(*, citizen: Citizen, purpose: ConsentPurpose | str, by=None) -> int:
    """Withdraw consent for `purpose` at once. Returns how many active consents were withdrawn
    (0 if there was none). Side effect: UPDATE of the active row; the history is kept."""
    purpose = ConsentPurpose(purpose)
    return (
        Consent.objects.active()
        .filter(citizen=citizen, purpose=purpose)
        .update(withdrawn_at=timezone.now())
    )
