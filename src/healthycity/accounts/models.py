"""Users, organisations and memberships."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from healthycity.accounts.enums import ROLE_ORGANISATION_KIND, OrganisationKind, Role
from healthycity.core.i18n import in_language
from healthycity.core.models import BaseModel


class User(AbstractUser):
    """A login. What it may do follows from its memberships, its citizen link, or superuser."""

    preferred_language = models.CharField(
        _("preferred language"),
        max_length=5,
        choices=[("ko", "한국어"), ("en", "English")],
        default="ko",
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")


class Organisation(BaseModel):
    """The city's health bureau, a welfare centre, a partner company or a member city."""

    kind = models.CharField(_("kind"), max_length=20, choices=OrganisationKind.choices)
    slug = models.SlugField(_("short name"), max_length=60, unique=True)
    name_ko = models.CharField(_("name (Korean)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)

    class Meta:
        ordering = ["kind", "name_ko"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self) -> str:
        return self.name_ko

    @property
    def name(self) -> str:
        return in_language(self.name_ko, self.name_en)


class Membership(BaseModel):
    """A user works for an organisation in a role."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="memberships"
    )
    role = models.CharField(
        _("role"),
        max_length=20,
        choices=[(r.value, r.label) for r in ROLE_ORGANISATION_KIND],
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation"], name="one_membership_per_org")
        ]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")

    def __str__(self) -> str:
        return f"{self.user} @ {self.organisation} ({self.role})"

    def clean(self) -> None:
        expected = ROLE_ORGANISATION_KIND.get(Role(self.role))
        if self.organisation_id and expected and self.organisation.kind != expected:
            raise ValidationError(
                {
                    "organisation": _("A %(role)s must belong to a %(kind)s, not a %(actual)s.")
                    % {
                        "role": Role(self.role).label,
                        "kind": OrganisationKind(expected).label,
                        "actual": OrganisationKind(self.organisation.kind).label,
                    }
                }
            )
