"""factory_boy factories for the foundation models. Feature apps add their own per app."""

from __future__ import annotations

import factory

from healthycity.accounts.enums import OrganisationKind, Role
from healthycity.accounts.models import Membership, Organisation, User
from healthycity.citizens.enums import IncomeBand, Sex
from healthycity.citizens.models import Citizen, CitizenIdentity
from healthycity.places.models import District, WelfareCentre

PASSWORD = "correct-horse-battery"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")

    @factory.post_generation
    def password(obj, create, extracted, **kwargs):
        obj.set_password(extracted or PASSWORD)
        if create:
            obj.save(update_fields=["password"])


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    kind = OrganisationKind.PARTNER
    slug = factory.Sequence(lambda n: f"org-{n}")
    name_ko = factory.Sequence(lambda n: f"기관 {n}")
    name_en = factory.Sequence(lambda n: f"Organisation {n}")


def district(code: str = "11110") -> District:
    return District.objects.get(code=code)


class WelfareCentreFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WelfareCentre

    organisation = factory.SubFactory(OrganisationFactory, kind=OrganisationKind.WELFARE_CENTRE)
    district = factory.LazyFunction(district)
    code = factory.Sequence(lambda n: f"WC{n:04d}")
    name_ko = factory.Sequence(lambda n: f"복지센터 {n}")
    name_en = factory.Sequence(lambda n: f"Welfare centre {n}")


class CitizenFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Citizen

    birth_year = 1950
    sex = Sex.FEMALE
    district = factory.LazyAttribute(
        lambda o: o.welfare_centre.district if o.welfare_centre else district()
    )
    welfare_centre = None
    income_band = IncomeBand.NEAR_POOR


class CitizenIdentityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CitizenIdentity

    citizen = factory.SubFactory(CitizenFactory)
    name = factory.Sequence(lambda n: f"시민{n}")
    phone = factory.Sequence(lambda n: f"010{n:08d}")


def member(username: str, organisation: Organisation, role: Role) -> User:
    user = UserFactory(username=username)
    Membership.objects.create(user=user, organisation=organisation, role=role)
    return user
