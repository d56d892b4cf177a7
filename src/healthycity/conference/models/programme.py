"""Speakers, sessions and each user's personal agenda."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from healthycity.conference.enums import LIMITED_KINDS, Interpretation, SessionKind, SessionStatus
from healthycity.conference.validators import split_languages, validate_languages
from healthycity.core.i18n import in_language
from healthycity.core.models import BaseModel


class Speaker(BaseModel):
    """A person who speaks at an event. Their name, affiliation and biography are public once a
    session of theirs is published; the e-mail address is not."""

    event = models.ForeignKey(
        "conference.Event",
        verbose_name=_("event"),
        on_delete=models.CASCADE,
        related_name="speakers",
    )
    name_ko = models.CharField(_("name (Korean)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    affiliation_ko = models.CharField(_("affiliation (Korean)"), max_length=200, blank=True)
    affiliation_en = models.CharField(_("affiliation (English)"), max_length=200, blank=True)
    member_city = models.ForeignKey(
        "places.MemberCity",
        verbose_name=_("member city"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    bio_ko = models.TextField(_("biography (Korean)"), blank=True)
    bio_en = models.TextField(_("biography (English)"), blank=True)
    email = models.EmailField(_("e-mail (not published)"), blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("login"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="conference_speakers",
    )

    class Meta:
        ordering = ["event", "name_en", "name_ko"]
        verbose_name = _("speaker")
        verbose_name_plural = _("speakers")

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return in_language(self.name_ko, self.name_en) or self.name_ko

    @property
    def affiliation(self) -> str:
        return in_language(self.affiliation_ko, self.affiliation_en) or self.affiliation_ko


class Session(BaseModel):
    """One slot of the programme: a keynote, plenary, parallel session, workshop, poster or site
    visit, in a room, from `starts_at` to `ends_at`. Workshops and site visits have a number of
    seats booked ahead (`capacity`)."""

    event = models.ForeignKey(
        "conference.Event",
        verbose_name=_("event"),
        on_delete=models.CASCADE,
        related_name="sessions",
    )
    kind = models.CharField(_("kind"), max_length=12, choices=SessionKind.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=SessionStatus.choices, default=SessionStatus.PUBLISHED
    )
    title_ko = models.CharField(_("title (Korean)"), max_length=300)
    title_en = models.CharField(_("title (English)"), max_length=300, blank=True)
    abstract_ko = models.TextField(_("abstract (Korean)"), blank=True)
    abstract_en = models.TextField(_("abstract (English)"), blank=True)
    track = models.ForeignKey(
        "conference.Track",
        verbose_name=_("track"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="sessions",
    )
    room = models.ForeignKey(
        "conference.Room",
        verbose_name=_("room"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="sessions",
    )
    location_note = models.CharField(
        _("where (site visits)"),
        max_length=300,
        blank=True,
        help_text=_("e.g. the meeting point of a site visit"),
    )
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    languages = models.CharField(
        _("languages"),
        max_length=40,
        default="ko",
        validators=[validate_languages],
        help_text=_("Language codes the session is held in, separated by commas, e.g. ko,en"),
    )
    interpretation = models.CharField(
        _("interpretation"),
        max_length=15,
        choices=Interpretation.choices,
        default=Interpretation.NONE,
    )
    interpretation_into = models.CharField(
        _("interpreted into"),
        max_length=40,
        blank=True,
        validators=[validate_languages],
        help_text=_("Language codes, separated by commas, e.g. en,zh"),
    )
    capacity = models.PositiveIntegerField(
        _("seats booked ahead"),
        null=True,
        blank=True,
        help_text=_("For workshops and site visits: places to book. Empty: no booking."),
    )
    speakers = models.ManyToManyField(
        Speaker,
        verbose_name=_("speakers"),
        through="SessionSpeaker",
        related_name="sessions",
        blank=True,
    )
    abstract_source = models.OneToOneField(
        "conference.Abstract",
        verbose_name=_("accepted abstract"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="session",
    )

    class Meta:
        ordering = ["event", "starts_at", "room__order", "id"]
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        indexes = [
            models.Index(fields=["event", "starts_at"]),
            models.Index(fields=["room", "starts_at"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="session_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        return in_language(self.title_ko, self.title_en) or self.title_ko

    @property
    def abstract(self) -> str:
        return in_language(self.abstract_ko, self.abstract_en) or self.abstract_ko

    @property
    def language_list(self) -> list[str]:
        return split_languages(self.languages)

    @property
    def interpretation_list(self) -> list[str]:
        return split_languages(self.interpretation_into)

    @property
    def is_limited(self) -> bool:
        """Seats are booked ahead (a workshop or site visit with a capacity)."""
        return self.capacity is not None and self.kind in LIMITED_KINDS

    @property
    def duration_minutes(self) -> int:
        return int((self.ends_at - self.starts_at).total_seconds() // 60)


class SessionSpeaker(models.Model):
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="speaker_links")
    speaker = models.ForeignKey(Speaker, on_delete=models.CASCADE, related_name="session_links")
    role = models.CharField(
        _("role"),
        max_length=20,
        default="speaker",
        help_text=_("e.g. speaker, moderator, panellist"),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("session speaker")
        verbose_name_plural = _("session speakers")
        constraints = [
            models.UniqueConstraint(fields=["session", "speaker"], name="speaker_once_per_session")
        ]

    def __str__(self) -> str:
        return f"{self.speaker} @ {self.session}"


def _feed_token() -> str:
    return secrets.token_urlsafe(24)


class PersonalAgenda(BaseModel):
    """The sessions a user starred, with a secret token for their own calendar feed."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="conference_agendas"
    )
    event = models.ForeignKey("conference.Event", on_delete=models.CASCADE, related_name="agendas")
    sessions = models.ManyToManyField(Session, related_name="starred_in", blank=True)
    feed_token = models.CharField(max_length=64, unique=True, default=_feed_token, editable=False)

    class Meta:
        verbose_name = _("personal agenda")
        verbose_name_plural = _("personal agendas")
        constraints = [
            models.UniqueConstraint(fields=["user", "event"], name="one_agenda_per_event")
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.event}"
