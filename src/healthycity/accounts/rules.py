"""Permissions as django-rules predicates, used alike by views, API and templates.

`{% load rules %}{% has_perm 'health.view_record' user citizen as can_view %}` in templates,
`user.has_perm("health.view_record", citizen)` in views and API permission classes.
"""

from __future__ import annotations

import rules

from healthycity.accounts import roles
from healthycity.accounts.enums import Role


@rules.predicate
def is_admin(user) -> bool:
    return roles.has_role(user, Role.ADMIN)


@rules.predicate
def is_official(user) -> bool:
    return roles.has_role(user, Role.OFFICIAL)


@rules.predicate
def is_worker(user) -> bool:
    return roles.has_role(user, Role.WORKER)


@rules.predicate
def is_partner(user) -> bool:
    return roles.has_role(user, Role.PARTNER)


@rules.predicate
def is_delegate(user) -> bool:
    return roles.has_role(user, Role.DELEGATE)


@rules.predicate
def is_citizen(user) -> bool:
    return roles.has_role(user, Role.CITIZEN)


@rules.predicate
def is_self(user, citizen) -> bool:
    return (
        citizen is not None
        and (mine := roles.citizen_of(user)) is not None
        and mine.pk == citizen.pk
    )


@rules.predicate
def serves_citizen(user, citizen) -> bool:
    """A worker whose centre the citizen belongs to."""
    return citizen is not None and citizen.welfare_centre_id in roles.centre_ids_of(user)


is_staff_of_city = is_admin | is_official

rules.add_perm("accounts.view_access_log", is_staff_of_city)
rules.add_perm("citizens.list_citizens", is_staff_of_city | is_worker)
rules.add_perm("citizens.view_citizen", is_staff_of_city | serves_citizen | is_self)
rules.add_perm("citizens.manage_citizen", is_admin | serves_citizen)
rules.add_perm("citizens.manage_own_consent", is_self)
rules.add_perm("citizens.record_consent", is_admin | serves_citizen)
rules.add_perm("places.view_places", rules.is_authenticated)
