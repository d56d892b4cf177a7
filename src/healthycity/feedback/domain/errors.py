"""Typed errors of the feedback domain; each carries a message for the user."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError


class ReviewWithdrawn(ValidationError):
    """A withdrawn review cannot be changed, replied to or moved on."""


class StatusNotAllowed(ValidationError):
    """The status cannot move that way (e.g. from done back to planned)."""


class NotYourProduct(PermissionDenied):
    """A partner acted on feedback about another partner's product."""
