from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Role(models.TextChoices):
    """The roles of DESIGN.md. A user's role comes from their memberships (or citizen link)."""

    OFFICIAL = "official", _("City official")
    WORKER = "worker", _("Welfare worker")
    PARTNER = "partner", pgettext_lazy("role", "Partner")
    CITIZEN = "citizen", _("Citizen")
    DELEGATE = "delegate", _("City delegate")
    ADMIN = "admin", _("Administrator")


class OrganisationKind(models.TextChoices):
    CITY = "city", _("City health bureau")
    WELFARE_CENTRE = "welfare_centre", _("Welfare centre")
    PARTNER = "partner", _("Partner company")
    MEMBER_CITY = "member_city", _("Member city")


# Which organisation kind a membership role belongs to.
ROLE_ORGANISATION_KIND = {
    Role.OFFICIAL: OrganisationKind.CITY,
    Role.WORKER: OrganisationKind.WELFARE_CENTRE,
    Role.PARTNER: OrganisationKind.PARTNER,
    Role.DELEGATE: OrganisationKind.MEMBER_CITY,
}
