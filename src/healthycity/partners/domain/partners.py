"""Partner companies and their staff accounts (added by a city official)."""

from __future__ import annotations

from django.db import transaction

from healthycity.accounts.enums import OrganisationKind, Role
from healthycity.accounts.models import Membership, Organisation, User


@transaction.atomic
def add_partner(*, name_ko: str, name_en: str, slug: str) -> Organisation:
    """A new partner company. Side effect: one Organisation of kind partner."""
    return Organisation.objects.create(
        kind=OrganisationKind.PARTNER, name_ko=name_ko, name_en=name_en, slug=slug
    )


@transaction.atomic
def add_staff(
    *, partner: Organisation, username: str, password: str, first_name: str = "", email: str = ""
) -> User:
    """A login for a partner's staff member. Side effects: one User, one Membership(partner)."""
    user = User(username=username, first_name=first_name, email=email)
    user.set_password(password)
    user.save()
    Membership.objects.create(user=user, organisation=partner, role=Role.PARTNER)
    return user


def partners():
    return Organisation.objects.filter(kind=OrganisationKind.PARTNER).order_by("name_ko")


def staff_of(partner: Organisation):
    return User.objects.filter(
        memberships__organisation=partner, memberships__role=Role.PARTNER
    ).order_by("username")
