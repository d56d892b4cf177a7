"""Public, role-scoped queries of the aid app. Other apps call these, never aid's tables.

- `programme_outcomes(programme, *, suppress=True)` — DiD outcomes per target indicator (the
  partners app's ESG report calls it); see `aid.domain.outcomes`.
- `donations_summary(partner, period)` — given/received/delivered and people reached, suppressed;
  see `aid.domain.reports`.
"""

from __future__ import annotations

from django.db.models import QuerySet

from healthycity.accounts import roles
from healthycity.accounts.enums import Role
from healthycity.aid.domain.outcomes import programme_outcomes
from healthycity.aid.domain.reports import donations_summary
from healthycity.aid.models import DonationLot, Enrolment, HandOver, Programme

__all__ = [
    "donations_summary",
    "enrolments_visible_to",
    "handovers_visible_to",
    "lots_visible_to",
    "programme_outcomes",
    "programmes_visible_to",
]


def _is_city(user) -> bool:
    found = roles.roles_of(user)
    return Role.ADMIN in found or Role.OFFICIAL in found


def programmes_visible_to(user) -> QuerySet[Programme]:
    """Officials and admins: all; workers: programmes their centre takes part in; partners:
    programmes they sponsor; others: none."""
    base = Programme.objects.all()
    if _is_city(user):
        return base
    if roles.has_role(user, Role.WORKER):
        return base.filter(centres__in=roles.centre_ids_of(user)).distinct()
    if roles.has_role(user, Role.PARTNER):
        orgs = [o.pk for o in roles.partner_organisations_of(user)]
        return base.filter(sponsors__in=orgs).distinct()
    return base.none()


def enrolments_visible_to(user) -> QuerySet[Enrolment]:
    """People: officials all, a worker their centre's, nobody else (partners never see people)."""
    base = Enrolment.objects.select_related("citizen", "centre", "programme")
    if _is_city(user):
        return base
    if roles.has_role(user, Role.WORKER):
        return base.filter(centre_id__in=roles.centre_ids_of(user))
    return base.none()


def handovers_visible_to(user) -> QuerySet[HandOver]:
    base = HandOver.objects.select_related("lot__product", "enrolment__centre", "by")
    if _is_city(user):
        return base
    if roles.has_role(user, Role.WORKER):
        return base.filter(enrolment__centre_id__in=roles.centre_ids_of(user))
    return base.none()


def lots_visible_to(user) -> QuerySet[DonationLot]:
    """Officials all; a partner its own lots; workers the lots of their programmes."""
    base = DonationLot.objects.select_related("product", "partner", "deliver_to")
    if _is_city(user):
        return base
    if roles.has_role(user, Role.PARTNER):
        return base.filter(partner__in=[o.pk for o in roles.partner_organisations_of(user)])
    if roles.has_role(user, Role.WORKER):
        return base.filter(programme__centres__in=roles.centre_ids_of(user)).distinct()
    return base.none()
