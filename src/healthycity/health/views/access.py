"""Who may see whose record, for the pages. Scoping comes from health.queries (built on
citizens_visible_to, with the care-consent rule); logging from core.audit."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404

from healthycity.accounts import roles
from healthycity.accounts.enums import Role
from healthycity.core.audit import log_access
from healthycity.health.queries import record_subjects_visible_to

STAFF = frozenset({Role.ADMIN, Role.OFFICIAL, Role.WORKER})


def my_citizen(request):
    """The citizen record of the logged-in user; 403 for anyone who is not a citizen."""
    citizen = roles.citizen_of(request.user)
    if citizen is None:
        raise PermissionDenied
    return citizen


def require_staff(request) -> None:
    if not (roles.roles_of(request.user) & STAFF):
        raise PermissionDenied


def require_worker(request) -> None:
    if Role.WORKER not in roles.roles_of(request.user):
        raise PermissionDenied


def subject_for_staff(request, external_id):
    """A citizen whose record this staff member may see (their scope, with care consent);
    404 otherwise, so that an outsider cannot tell whether the person exists."""
    require_staff(request)
    citizen = record_subjects_visible_to(request.user).filter(external_id=external_id).first()
    if citizen is None:
        raise Http404
    return citizen


def purpose_of(user) -> str:
    role = roles.primary_role(user)
    return {"worker": "care", "official": "programme duty", "admin": "administration"}.get(
        role, role
    )


def log_view(request, citizen, action: str) -> None:
    """Write the access log unless the citizen is looking at their own record."""
    mine = roles.citizen_of(request.user)
    if mine is not None and mine.pk == citizen.pk:
        return
    log_access(
        actor=request.user,
        citizen=citizen,
        action=action,
        purpose=purpose_of(request.user),
        path=request.get_full_path(),
    )
