"""What a user is: the one place that turns memberships into roles and scopes.

Membership lookups are cached on the user object for the request, so a page asks the database once.
"""

from __future__ import annotations

from healthycity.accounts.enums import Role

_ORDER = [Role.ADMIN, Role.OFFICIAL, Role.WORKER, Role.PARTNER, Role.DELEGATE, Role.CITIZEN]


def _memberships(user) -> list:
    cached = getattr(user, "_hc_memberships", None)
    if cached is None:
        cached = list(user.memberships.select_related("organisation")) if user.pk else []
        user._hc_memberships = cached
    return cached


def roles_of(user) -> set[Role]:
    if user is None or not user.is_authenticated:
        return set()
    roles = {Role(m.role) for m in _memberships(user)}
    if user.is_superuser:
        roles.add(Role.ADMIN)
    if citizen_of(user) is not None:
        roles.add(Role.CITIZEN)
    return roles


def primary_role(user) -> str:
    """The role that decides a user's home page and navigation; '' for anonymous."""
    roles = roles_of(user)
    for role in _ORDER:
        if role in roles:
            return role.value
    return ""


def has_role(user, role: Role) -> bool:
    """Like `role in roles_of(user)`, asking only what this role needs: a membership role does not
    look up the citizen record (one query fewer on every permission check of staff)."""
    if user is None or not user.is_authenticated:
        return False
    if role == Role.ADMIN:
        return bool(user.is_superuser)
    if role == Role.CITIZEN:
        return citizen_of(user) is not None
    return any(m.role == role for m in _memberships(user))


def organisations_of(user, role: Role) -> list:
    if user is None or not user.is_authenticated:
        return []
    return [m.organisation for m in _memberships(user) if m.role == role]


def citizen_of(user):
    """The citizen record linked to this login, or None."""
    if user is None or not user.is_authenticated or not user.pk:
        return None
    if not hasattr(user, "_hc_citizen"):
        from healthycity.citizens.models import Citizen

        user._hc_citizen = Citizen.objects.filter(user=user).first()
    return user._hc_citizen


def centre_ids_of(user) -> list[int]:
    """Welfare centres (places.WelfareCentre ids) a worker serves."""
    from healthycity.places.models import WelfareCentre

    org_ids = [o.pk for o in organisations_of(user, Role.WORKER)]
    if not org_ids:
        return []
    cached = getattr(user, "_hc_centre_ids", None)
    if cached is None:
        cached = list(
            WelfareCentre.objects.filter(organisation_id__in=org_ids).values_list("pk", flat=True)
        )
        user._hc_centre_ids = cached
    return cached


def partner_organisations_of(user) -> list:
    return organisations_of(user, Role.PARTNER)
