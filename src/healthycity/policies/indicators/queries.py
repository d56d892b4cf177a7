"""Role-scoped queries of the indicators app: which cities a user acts for, which values and HEAT
uploads they may see. Views and the API start from these, never from `.objects.all()`."""

from __future__ import annotations

from django.db.models import QuerySet

from healthycity.accounts import roles
from healthycity.accounts.enums import Role


def is_city_staff(user) -> bool:
    return roles.has_role(user, Role.ADMIN) or roles.has_role(user, Role.OFFICIAL)


def delegate_cities(user) -> QuerySet:
    """The member cities a delegate works for (none for anyone else)."""
    from healthycity.places.models import MemberCity
    from healthycity.policies.cities import city_ids_of

    return MemberCity.objects.filter(pk__in=city_ids_of(user))


def member_cities_visible_to(user) -> QuerySet:
    """Every logged-in user may see the member cities (names and codes; nothing personal)."""
    from healthycity.places.models import MemberCity

    if user is None or not user.is_authenticated:
        return MemberCity.objects.none()
    return MemberCity.objects.select_related("organisation")


def editable_cities(user) -> QuerySet:
    """Cities whose values the user may import and edit: all for officials and admins, their
    own for delegates, none for others."""
    from healthycity.places.models import MemberCity

    if is_city_staff(user):
        return MemberCity.objects.all()
    return delegate_cities(user)


def importable_areas(user) -> set[str] | None:
    """Area codes a user may write: None = every city and country (officials, admins); a
    delegate the UN/LOCODEs of their cities; anyone else nothing."""
    if is_city_staff(user):
        return None
    return {c for c in delegate_cities(user).values_list("unlocode", flat=True) if c}


def may_see_benchmarks(user) -> bool:
    return user.has_perm("indicators.view_benchmarks")


def values_visible_to(user) -> QuerySet:
    """Indicator values (city and country aggregates) for officials, admins and delegates."""
    from healthycity.policies.indicators.models import IndicatorValue

    if not may_see_benchmarks(user):
        return IndicatorValue.objects.none()
    return IndicatorValue.objects.select_related("indicator", "city")


def heat_uploads_visible_to(user) -> QuerySet:
    from healthycity.policies.indicators.models import HeatUpload

    if not may_see_benchmarks(user):
        return HeatUpload.objects.none()
    return HeatUpload.objects.select_related("city")


def sees_unsuppressed(user, city) -> bool:
    """Officials see every city's subgroups; a delegate only their own city's. Everything another
    city sees has small cells suppressed (DESIGN.md, "Small cells")."""
    if is_city_staff(user):
        return True
    return city is not None and delegate_cities(user).filter(pk=city.pk).exists()
