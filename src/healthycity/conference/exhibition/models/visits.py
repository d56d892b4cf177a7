"""Booth visits (ticket scans) and the visitor's consent to share contact details with one
exhibitor (lead retrieval).

A visit holds no registration: only a keyed hash of it (`visitor_key`, see domain/keys.py),
the visitor's category and the time. So an exhibitor's data — and any query over visits —
names no one. A visit becomes a *lead* only while the visitor has an active `LeadConsent` for
that exhibitor; the lead shows only the fields the visitor chose, read from the registration
at the moment it is shown, so a withdrawal hides it at once.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from healthycity.conference.exhibition.enums import LeadField
from healthycity.core.models import BaseModel


class BoothVisit(BaseModel):
    exhibitor = models.ForeignKey(
        "exhibition.Exhibitor",
        verbose_name=_("exhibitor"),
        on_delete=models.CASCADE,
        related_name="visits",
    )
    booth = models.ForeignKey(
        "exhibition.Booth",
        verbose_name=_("booth"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="visits",
    )
    visitor_key = models.CharField(_("visitor (keyed hash)"), max_length=64, db_index=True)
    category_kind = models.CharField(_("visitor category"), max_length=20, blank=True)
    scanned_at = models.DateTimeField(_("scanned at"), default=timezone.now)
    scanned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("scanned by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    nonce = models.CharField(
        _("client nonce"),
        max_length=64,
        blank=True,
        help_text=_("Sent by the scanner; the same nonce again records nothing new."),
    )
    products_tried = models.ManyToManyField(
        "partners.Product", verbose_name=_("products tried"), blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-scanned_at", "-id"]
        verbose_name = _("booth visit")
        verbose_name_plural = _("booth visits")
        indexes = [models.Index(fields=["exhibitor", "scanned_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["exhibitor", "nonce"],
                condition=~models.Q(nonce=""),
                name="one_visit_per_scanner_nonce",
            )
        ]

    def __str__(self) -> str:
        return f"{self.exhibitor} {self.scanned_at:%Y-%m-%d %H:%M}"

    @property
    def category_label(self) -> str:
        from healthycity.conference.enums import CategoryKind

        if self.category_kind in CategoryKind.values:
            return str(CategoryKind(self.category_kind).label)
        return self.category_kind


class LeadConsentQuerySet(models.QuerySet):
    def active(self):
        return self.filter(withdrawn_at__isnull=True)


class LeadConsent(BaseModel):
    """A visitor's explicit choice to share some contact details with one exhibitor.
    Withdrawal sets `withdrawn_at`; the exhibitor no longer sees the lead from that moment."""

    exhibitor = models.ForeignKey(
        "exhibition.Exhibitor",
        verbose_name=_("exhibitor"),
        on_delete=models.CASCADE,
        related_name="lead_consents",
    )
    registration = models.ForeignKey(
        "conference.Registration",
        verbose_name=_("registration"),
        on_delete=models.CASCADE,
        related_name="lead_consents",
    )
    visitor_key = models.CharField(_("visitor (keyed hash)"), max_length=64, db_index=True)
    share_name = models.BooleanField(LeadField.NAME.label, default=True)
    share_affiliation = models.BooleanField(LeadField.AFFILIATION.label, default=False)
    share_email = models.BooleanField(LeadField.EMAIL.label, default=False)
    share_phone = models.BooleanField(LeadField.PHONE.label, default=False)
    share_country = models.BooleanField(LeadField.COUNTRY.label, default=False)
    granted_at = models.DateTimeField(_("granted at"), default=timezone.now)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)

    objects = LeadConsentQuerySet.as_manager()

    class Meta:
        ordering = ["-granted_at"]
        verbose_name = _("consent to share contact details")
        verbose_name_plural = _("consents to share contact details")
        constraints = [
            models.UniqueConstraint(
                fields=["exhibitor", "registration"],
                condition=models.Q(withdrawn_at__isnull=True),
                name="one_active_lead_consent_per_exhibitor",
            ),
            models.CheckConstraint(
                condition=models.Q(share_name=True)
                | models.Q(share_affiliation=True)
                | models.Q(share_email=True)
                | models.Q(share_phone=True)
                | models.Q(share_country=True),
                name="lead_consent_shares_something",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.registration_id} → {self.exhibitor}"

    @property
    def active(self) -> bool:
        return self.withdrawn_at is None

    @property
    def fields(self) -> list[str]:
        return [f.value for f in LeadField if getattr(self, f"share_{f.value}")]
