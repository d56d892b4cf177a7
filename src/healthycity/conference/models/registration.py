"""Registration categories and their questions, registrations, bookings of limited sessions,
and tickets."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from healthycity.conference.enums import (
    ACTIVE_STATUSES,
    CategoryKind,
    QuestionKind,
    RegistrationSource,
    RegistrationStatus,
)
from healthycity.conference.validators import validate_colour
from healthycity.core.i18n import in_language
from healthycity.core.models import BaseModel
from healthycity.places.models import BilingualName


class RegistrationCategory(BilingualName, BaseModel):
    """Who may come, how many, and whether an official approves each registration."""

    event = models.ForeignKey(
        "conference.Event",
        verbose_name=_("event"),
        on_delete=models.CASCADE,
        related_name="categories",
    )
    code = models.SlugField(_("code"), max_length=40)
    kind = models.CharField(_("kind"), max_length=15, choices=CategoryKind.choices)
    description_ko = models.TextField(_("description (Korean)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    colour = models.CharField(
        _("badge colour"), max_length=7, default="#256ef4", validators=[validate_colour]
    )
    capacity = models.PositiveIntegerField(
        _("places"), null=True, blank=True, help_text=_("Empty: no limit.")
    )
    moderated = models.BooleanField(
        _("approved by an official"),
        default=False,
        help_text=_("Each registration waits for an official's approval."),
    )
    self_service = models.BooleanField(
        _("people register themselves"),
        default=True,
        help_text=_("Off: only staff and imports add people to this category."),
    )
    is_open = models.BooleanField(_("open for registration"), default=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["event", "order", "code"]
        verbose_name = _("registration category")
        verbose_name_plural = _("registration categories")
        constraints = [
            models.UniqueConstraint(fields=["event", "code"], name="category_code_per_event")
        ]

    @property
    def description(self) -> str:
        return in_language(self.description_ko, self.description_en) or self.description_ko


class Question(BaseModel):
    """A question asked at registration to the categories it names (e.g. dietary needs,
    interpretation headset, the session a speaker presents in)."""

    event = models.ForeignKey(
        "conference.Event",
        verbose_name=_("event"),
        on_delete=models.CASCADE,
        related_name="questions",
    )
    categories = models.ManyToManyField(
        RegistrationCategory, verbose_name=_("asked of"), related_name="questions"
    )
    code = models.SlugField(_("code"), max_length=40)
    kind = models.CharField(_("kind"), max_length=10, choices=QuestionKind.choices)
    label_ko = models.CharField(_("question (Korean)"), max_length=300)
    label_en = models.CharField(_("question (English)"), max_length=300)
    help_ko = models.CharField(_("help (Korean)"), max_length=300, blank=True)
    help_en = models.CharField(_("help (English)"), max_length=300, blank=True)
    choices = models.JSONField(
        _("choices"),
        default=list,
        blank=True,
        help_text=_(
            'For choice questions: [{"value": "veg", "ko": "채식", "en": "Vegetarian"}, …]'
        ),
    )
    required = models.BooleanField(_("required"), default=False)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["event", "order", "code"]
        verbose_name = _("registration question")
        verbose_name_plural = _("registration questions")
        constraints = [
            models.UniqueConstraint(fields=["event", "code"], name="question_code_per_event")
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        return in_language(self.label_ko, self.label_en)

    @property
    def help(self) -> str:
        return in_language(self.help_ko, self.help_en)


class Registration(BaseModel):
    """One person at one event in one category. The name and affiliation are printed on the badge;
    contact details are used for the event only (consent purpose "conference")."""

    event = models.ForeignKey(
        "conference.Event",
        verbose_name=_("event"),
        on_delete=models.PROTECT,
        related_name="registrations",
    )
    category = models.ForeignKey(
        RegistrationCategory,
        verbose_name=_("category"),
        on_delete=models.PROTECT,
        related_name="registrations",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=RegistrationStatus.choices, db_index=True
    )
    source = models.CharField(
        _("source"),
        max_length=10,
        choices=RegistrationSource.choices,
        default=RegistrationSource.SELF,
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("login"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="conference_registrations",
    )
    citizen = models.ForeignKey(
        "citizens.Citizen",
        verbose_name=_("citizen"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    affiliation = models.CharField(
        _("city or organisation"), max_length=200, blank=True, help_text=_("Printed on the badge.")
    )
    member_city = models.ForeignKey(
        "places.MemberCity",
        verbose_name=_("member city"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    country = models.CharField(_("country (ISO code)"), max_length=2, blank=True)
    language = models.CharField(
        _("language"), max_length=5, choices=[("ko", "한국어"), ("en", "English")], default="ko"
    )
    answers = models.JSONField(_("answers"), default=dict, blank=True)
    consent_version = models.CharField(_("consent text version"), max_length=20, blank=True)
    consented_at = models.DateTimeField(_("consented at"), null=True, blank=True)
    waiting_since = models.DateTimeField(_("on the waiting list since"), null=True, blank=True)
    hold_expires_at = models.DateTimeField(_("offer held until"), null=True, blank=True)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decision_note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        ordering = ["event", "created_at", "id"]
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        indexes = [
            models.Index(fields=["event", "category", "status"]),
            models.Index(fields=["event", "status", "waiting_since"]),
            models.Index(fields=["event", "email"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "user"],
                condition=models.Q(user__isnull=False, status__in=ACTIVE_STATUSES),
                name="one_active_registration_per_user",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} · {self.category}"

    @property
    def is_confirmed(self) -> bool:
        return self.status == RegistrationStatus.CONFIRMED


class SessionBooking(BaseModel):
    """A place in a limited session (workshop, site visit) for a registration, with the same
    waiting list and offers as registration itself."""

    session = models.ForeignKey(
        "conference.Session",
        verbose_name=_("session"),
        on_delete=models.CASCADE,
        related_name="bookings",
    )
    registration = models.ForeignKey(
        Registration,
        verbose_name=_("registration"),
        on_delete=models.CASCADE,
        related_name="bookings",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=RegistrationStatus.choices, db_index=True
    )
    waiting_since = models.DateTimeField(_("on the waiting list since"), null=True, blank=True)
    hold_expires_at = models.DateTimeField(_("offer held until"), null=True, blank=True)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)

    class Meta:
        ordering = ["session", "created_at", "id"]
        verbose_name = _("session booking")
        verbose_name_plural = _("session bookings")
        indexes = [models.Index(fields=["session", "status", "waiting_since"])]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "registration"],
                condition=models.Q(status__in=ACTIVE_STATUSES),
                name="one_active_booking_per_session",
            )
        ]

    def __str__(self) -> str:
        return f"{self.registration} → {self.session}"


# Crockford's base32: no I, L, O, U, so a code read aloud or typed is not mistaken.
CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_LENGTH = 20  # 100 bits


def new_ticket_secret() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


class Ticket(BaseModel):
    """The QR ticket of a confirmed registration. The QR holds `secret` and nothing else: 20
    characters of Crockford base32 (100 random bits), which staff can also type."""

    registration = models.OneToOneField(
        Registration,
        verbose_name=_("registration"),
        on_delete=models.CASCADE,
        related_name="ticket",
    )
    secret = models.CharField(
        _("secret code"),
        max_length=CODE_LENGTH,
        unique=True,
        default=new_ticket_secret,
        editable=False,
    )
    issued_at = models.DateTimeField(_("issued at"), auto_now_add=True)

    class Meta:
        verbose_name = _("ticket")
        verbose_name_plural = _("tickets")

    def __str__(self) -> str:
        return f"{self.display_code[:5]}…"

    @property
    def qr_payload(self) -> str:
        """The exact string in the QR code."""
        return self.secret

    @property
    def display_code(self) -> str:
        """The secret in groups of five for reading and typing: ABCDE-FGHJK-MNPQR-STVWX."""
        return "-".join(self.secret[i : i + 5] for i in range(0, len(self.secret), 5))
