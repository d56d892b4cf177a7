"""The event, its venue with rooms and halls, and tracks."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from healthycity.conference.enums import EventStatus, RoomKind
from healthycity.conference.validators import validate_colour
from healthycity.core.i18n import in_language
from healthycity.core.models import BaseModel
from healthycity.places.models import BilingualName


class Venue(BilingualName, BaseModel):
    """Where an event takes place (e.g. Dongdaemun Design Plaza)."""

    slug = models.SlugField(_("short name"), max_length=60, unique=True)
    address_ko = models.CharField(_("address (Korean)"), max_length=300, blank=True)
    address_en = models.CharField(_("address (English)"), max_length=300, blank=True)
    latitude = models.DecimalField(
        _("latitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    url = models.URLField(_("web site"), blank=True)

    class Meta:
        ordering = ["name_ko"]
        verbose_name = _("venue")
        verbose_name_plural = _("venues")

    @property
    def address(self) -> str:
        return in_language(self.address_ko, self.address_en) or self.address_ko


class Room(BilingualName, BaseModel):
    """A room or hall of a venue, with the number of seats (or people) it holds."""

    venue = models.ForeignKey(
        Venue, verbose_name=_("venue"), on_delete=models.CASCADE, related_name="rooms"
    )
    code = models.SlugField(_("code"), max_length=40)
    kind = models.CharField(
        _("kind"), max_length=10, choices=RoomKind.choices, default=RoomKind.ROOM
    )
    capacity = models.PositiveIntegerField(
        _("capacity"), help_text=_("Seats, or people for a hall.")
    )
    floor = models.CharField(_("floor"), max_length=10, blank=True, help_text=_("e.g. B2, 1F"))
    # Optional geometry (metres) for floor plans of halls.
    width_m = models.DecimalField(
        _("width (m)"), max_digits=7, decimal_places=2, null=True, blank=True
    )
    depth_m = models.DecimalField(
        _("depth (m)"), max_digits=7, decimal_places=2, null=True, blank=True
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["venue", "order", "code"]
        verbose_name = _("room or hall")
        verbose_name_plural = _("rooms and halls")
        constraints = [
            models.UniqueConstraint(fields=["venue", "code"], name="room_code_per_venue")
        ]


class Event(BilingualName, BaseModel):
    """A conference: days at a venue in one time zone, its programme, registration and check-in."""

    slug = models.SlugField(_("short name"), max_length=60, unique=True)
    description_ko = models.TextField(_("description (Korean)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    venue = models.ForeignKey(
        Venue, verbose_name=_("venue"), on_delete=models.PROTECT, related_name="events"
    )
    starts_on = models.DateField(_("first day"))
    ends_on = models.DateField(_("last day"))
    timezone = models.CharField(_("time zone"), max_length=40, default="Asia/Seoul")
    status = models.CharField(
        _("status"), max_length=10, choices=EventStatus.choices, default=EventStatus.DRAFT
    )
    organiser = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("organiser"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    url = models.URLField(_("web site"), blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    registration_opens_at = models.DateTimeField(_("registration opens"), null=True, blank=True)
    registration_closes_at = models.DateTimeField(_("registration closes"), null=True, blank=True)
    hold_hours = models.PositiveSmallIntegerField(
        _("hours to accept an offered place"),
        default=48,
        help_text=_(
            "A place freed for the waiting list is held this long, then offered to the next person."
        ),
    )
    cfp_opens_at = models.DateTimeField(_("call for abstracts opens"), null=True, blank=True)
    cfp_closes_at = models.DateTimeField(_("call for abstracts closes"), null=True, blank=True)
    cfp_text_ko = models.TextField(_("call for abstracts (Korean)"), blank=True)
    cfp_text_en = models.TextField(_("call for abstracts (English)"), blank=True)

    class Meta:
        ordering = ["-starts_on", "slug"]
        verbose_name = _("event")
        verbose_name_plural = _("events")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="event_ends_after_start",
            )
        ]

    @property
    def description(self) -> str:
        return in_language(self.description_ko, self.description_en) or self.description_ko

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone or settings.TIME_ZONE)

    @property
    def days(self) -> list[dt.date]:
        n = (self.ends_on - self.starts_on).days + 1
        return [self.starts_on + dt.timedelta(days=i) for i in range(max(n, 0))]

    def day_bounds(self, day: dt.date) -> tuple[dt.datetime, dt.datetime]:
        """The first and last instant of `day` in the event's time zone."""
        start = dt.datetime.combine(day, dt.time.min, tzinfo=self.tz)
        return start, start + dt.timedelta(days=1)


class EventStaff(BaseModel):
    """A person who works at an event without being a city official: gate staff scan tickets,
    managers also run registration and the programme."""

    class Role(models.TextChoices):
        CHECKIN = "checkin", _("Check-in staff")
        MANAGER = "manager", _("Event manager")

    event = models.ForeignKey(
        Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="staff"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("login"),
        on_delete=models.CASCADE,
        related_name="conference_staff",
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.CHECKIN)

    class Meta:
        verbose_name = _("event staff")
        verbose_name_plural = _("event staff")
        constraints = [
            models.UniqueConstraint(fields=["event", "user"], name="staff_once_per_event")
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.event} ({self.role})"


class Track(BilingualName, BaseModel):
    """A thematic strand of the programme, with a colour for the timetable."""

    event = models.ForeignKey(
        Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="tracks"
    )
    slug = models.SlugField(_("short name"), max_length=60)
    colour = models.CharField(
        _("colour"), max_length=7, default="#256ef4", validators=[validate_colour]
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["event", "order", "slug"]
        verbose_name = _("track")
        verbose_name_plural = _("tracks")
        constraints = [
            models.UniqueConstraint(fields=["event", "slug"], name="track_slug_per_event")
        ]
