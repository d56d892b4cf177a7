"""Typed errors of the conference domain. They are Django `ValidationError`s, so forms show them
beside the field, the admin beside the form, and the API (core.api) as the one error shape."""

from __future__ import annotations

from django.core.exceptions import ValidationError


class ConferenceError(ValidationError):
    """Something the user asked for breaks a rule of the event. `field` names the input."""

    def __init__(self, message, *, field: str | None = None, code: str = "invalid"):
        if isinstance(message, dict):  # several fields at once: {"field": ["message", …]}
            super().__init__(message)
        elif field:
            super().__init__({field: [ValidationError(message, code=code)]})
        else:
            super().__init__(message, code=code)
        self.field = field
        self.error_code = code


class ProgrammeConflict(ConferenceError):
    """A room booked twice, a speaker in two places, a session outside the event's days, more
    seats than the room holds."""


class RegistrationError(ConferenceError):
    """Registration is closed, the category is not open to the caller, an answer is missing."""


class ScanError(ConferenceError):
    """A scan that cannot be judged at all (a date in the future, a device of another event)."""


def merge(errors: dict[str, list]) -> ValidationError | None:
    """One ValidationError with every field's messages, or None when there are none."""
    errors = {k: v for k, v in errors.items() if v}
    return ValidationError(errors) if errors else None
