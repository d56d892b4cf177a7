"""The one place that decides which citizens a user may see. Nothing else lists people."""

from __future__ import annotations

from collections.abc import Iterator

from django.db.models import QuerySet

from healthycity.accounts import roles
from healthycity.accounts.enums import Role
from healthycity.citizens.enums import ConsentPurpose
from healthycity.citizens.models import Citizen, Consent


def citizens_visible_to(user) -> QuerySet[Citizen]:
    """Admin and officials: everyone; a worker: the citizens of their centres; a citizen:
    themself; partners, delegates and anonymous users: no one."""
    base = Citizen.objects.select_related("district", "welfare_centre")
    found = roles.roles_of(user)
    if Role.ADMIN in found or Role.OFFICIAL in found:
        return base.all()
    if Role.WORKER in found:
        return base.filter(welfare_centre_id__in=roles.centre_ids_of(user))
    if Role.CITIZEN in found:
        return base.filter(pk=roles.citizen_of(user).pk)
    return base.none()


def with_consent(queryset: QuerySet[Citizen], purpose: ConsentPurpose | str) -> QuerySet[Citizen]:
    """Restrict to citizens holding an active consent for `purpose`."""
    active = Consent.objects.active().filter(purpose=purpose).values("citizen_id")
    return queryset.filter(pk__in=active)


def has_consent(citizen: Citizen, purpose: ConsentPurpose | str) -> bool:
    return Consent.objects.active().filter(citizen=citizen, purpose=purpose).exists()


def consented_citizens(purpose: ConsentPurpose | str) -> QuerySet[Citizen]:
    """Every citizen with an active consent for `purpose`, for system jobs that act for no user
    (the statistics snapshot, scheduled aid refreshes). Never use it to show people to a user."""
    return with_consent(Citizen.objects.all(), purpose)


def citizen_id_chunks(size: int = 50_000) -> Iterator[list[int]]:
    """Primary keys of every citizen in id order, in lists of at most `size` (keyset pagination:
    each chunk is one indexed query, however many millions there are). For system jobs only."""
    last = 0
    while True:
        ids = list(
            Citizen.objects.filter(pk__gt=last).order_by("pk").values_list("pk", flat=True)[:size]
        )
        if not ids:
            return
        yield ids
        last = ids[-1]
