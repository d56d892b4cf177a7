"""Which member city a login speaks for, and which one is the host city (Seoul)."""

from __future__ import annotations

from django.conf import settings

from healthycity.accounts import roles
from healthycity.accounts.enums import Role
from healthycity.places.models import MemberCity


def cities_of(user) -> list[MemberCity]:
    """The member cities a delegate works for (cached on the user for the request)."""
    cached = getattr(user, "_hc_member_cities", None)
    if cached is None:
        orgs = [o.pk for o in roles.organisations_of(user, Role.DELEGATE)]
        cached = list(MemberCity.objects.filter(organisation_id__in=orgs)) if orgs else []
        user._hc_member_cities = cached
    return cached


def city_ids_of(user) -> list[int]:
    return [c.pk for c in cities_of(user)]


def home_city() -> MemberCity | None:
    """The host city's own member-city record, by its UN/LOCODE (`HEALTHYCITY_CITY_LOCODE`,
    default KRSEL)."""
    return MemberCity.objects.filter(unlocode=settings.HEALTHYCITY_CITY_LOCODE).first()
