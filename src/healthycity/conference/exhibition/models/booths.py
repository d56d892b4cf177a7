"""Exhibitors of an event, their booths on the floor plan, and their booth staff."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from healthycity.accounts.enums import OrganisationKind
from healthycity.conference.exhibition.enums import ExhibitorKind
from healthycity.conference.exhibition.floorplan.geometry import (
    MAX_SIDE_M,
    MIN_SIDE_M,
    Footprint,
    footprint_errors,
)
from healthycity.conference.exhibition.validators import validate_booth_number, validate_hall
from healthycity.core.i18n import in_language
from healthycity.core.models import BaseModel


class Exhibitor(BaseModel):
    """Who exhibits at an event: a partner company of the agreement (its `organisation` is an
    Organisation of kind partner), or another organisation the city adds (a district health
    centre, a member city, a university, a start-up), with or without an Organisation."""

    event = models.ForeignKey(
        "conference.Event",
        verbose_name=_("event"),
        on_delete=models.CASCADE,
        related_name="exhibitors",
    )
    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("A partner company, or another organisation of the platform. Optional."),
    )
    slug = models.SlugField(_("short name"), max_length=60)
    name_ko = models.CharField(_("name (Korean)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)
    description_ko = models.TextField(_("description (Korean)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    website = models.URLField(_("web site"), blank=True)
    products = models.ManyToManyField(
        "partners.Product",
        verbose_name=_("products shown"),
        blank=True,
        related_name="exhibitors",
        help_text=_("Products visitors can try at the booth; each links to its feedback page."),
    )

    class Meta:
        ordering = ["event", "name_ko"]
        verbose_name = _("exhibitor")
        verbose_name_plural = _("exhibitors")
        constraints = [
            models.UniqueConstraint(fields=["event", "slug"], name="exhibitor_slug_per_event"),
            models.UniqueConstraint(
                fields=["event", "organisation"],
                condition=models.Q(organisation__isnull=False),
                name="one_exhibitor_per_organisation_and_event",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return in_language(self.name_ko, self.name_en)

    @property
    def description(self) -> str:
        return in_language(self.description_ko, self.description_en) or self.description_ko

    @property
    def kind(self) -> str:
        org = self.organisation
        if org is not None and org.kind == OrganisationKind.PARTNER:
            return ExhibitorKind.PARTNER
        return ExhibitorKind.EXHIBITOR

    @property
    def is_partner(self) -> bool:
        return self.kind == ExhibitorKind.PARTNER

    def clean(self) -> None:
        if self.pk and self.organisation_id:
            foreign = self.products.exclude(partner_id=self.organisation_id)
            if foreign.exists():
                raise ValidationError(
                    {"products": _("An exhibitor can show only its own company's products.")}
                )


def _side(label):
    return models.DecimalField(
        label,
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(MIN_SIDE_M), MaxValueValidator(MAX_SIDE_M)],
    )


class Booth(BaseModel):
    """A stand on the floor plan: its number, hall, the north-west corner and size in metres,
    whether a measurement station stands there, and the exhibitor it is let to (or vacant)."""

    event = models.ForeignKey(
        "conference.Event", verbose_name=_("event"), on_delete=models.CASCADE, related_name="booths"
    )
    number = models.CharField(_("booth number"), max_length=12, validators=[validate_booth_number])
    hall = models.CharField(_("hall"), max_length=40, validators=[validate_hall])
    x = models.DecimalField(_("x (m from the west wall)"), max_digits=6, decimal_places=2)
    y = models.DecimalField(_("y (m from the north wall)"), max_digits=6, decimal_places=2)
    width = _side(_("width (m)"))
    depth = _side(_("depth (m)"))
    station = models.BooleanField(
        _("measurement station"),
        default=False,
        help_text=_("A body-composition analyser stands here; booth staff record measurements."),
    )
    exhibitor = models.ForeignKey(
        Exhibitor,
        verbose_name=_("exhibitor"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="booths",
    )

    class Meta:
        ordering = ["event", "hall", "number"]
        verbose_name = _("booth")
        verbose_name_plural = _("booths")
        constraints = [
            models.UniqueConstraint(fields=["event", "number"], name="booth_number_per_event")
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def footprint(self) -> Footprint:
        return Footprint(
            number=self.number,
            hall=self.hall,
            x=float(self.x),
            y=float(self.y),
            width=float(self.width),
            depth=float(self.depth),
        )

    @property
    def area_m2(self) -> float:
        return float(self.width) * float(self.depth)

    def clean(self) -> None:
        if self.exhibitor_id and self.event_id and self.exhibitor.event_id != self.event_id:
            raise ValidationError({"exhibitor": _("This exhibitor exhibits at another event.")})
        if None in (self.x, self.y, self.width, self.depth) or not self.event_id:
            return
        others = [
            b.footprint
            for b in Booth.objects.filter(event_id=self.event_id, hall=self.hall).exclude(
                pk=self.pk
            )
        ]
        errors = footprint_errors(self.footprint, others)
        if errors:
            raise ValidationError(errors)


class BoothStaffQuerySet(models.QuerySet):
    def active(self):
        return self.filter(revoked_at__isnull=True)


class BoothStaff(BaseModel):
    """A login that works at an exhibitor's booth during one event (the exhibitor belongs to one
    event): it scans visitors' tickets, runs the measurement station and reads the leads.
    Partner companies' own staff and temporary booth staff alike; revoking keeps the history."""

    exhibitor = models.ForeignKey(
        Exhibitor, verbose_name=_("exhibitor"), on_delete=models.CASCADE, related_name="staff"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("login"),
        on_delete=models.CASCADE,
        related_name="booth_roles",
    )
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("added by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    objects = BoothStaffQuerySet.as_manager()

    class Meta:
        ordering = ["exhibitor", "user__username"]
        verbose_name = _("booth staff member")
        verbose_name_plural = _("booth staff")
        constraints = [
            models.UniqueConstraint(
                fields=["exhibitor", "user"],
                condition=models.Q(revoked_at__isnull=True),
                name="one_active_booth_role_per_exhibitor",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.exhibitor}"
