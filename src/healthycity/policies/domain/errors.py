"""Typed errors of the practice library. Both carry a message in the caller's language."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError


class NotAllowed(PermissionDenied):
    """The user may not do this to this practice (a view answers 403 with the message)."""


class WrongState(ValidationError):
    """The practice is not in a state that allows this (a view answers 409 with the message)."""
