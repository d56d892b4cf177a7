"""Typed errors. Each is a Django ValidationError, so forms show it at the field and the API's
one error shape carries it (`core.api.exception_handler`)."""

from __future__ import annotations

from django.core.exceptions import ValidationError


class AidError(ValidationError):
    """Base of the aid app's refusals; `field` says where the message belongs."""

    def __init__(self, message, *, field: str = "__all__"):
        super().__init__({field: [message]})
        self.field = field
        self.text = str(message)


class RuleInvalid(AidError):
    pass


class EnrolmentRefused(AidError):
    pass


class StockRefused(AidError):
    pass


class HandOverRefused(AidError):
    pass


class IdempotencyConflict(AidError):
    """The caller reused a request key for a different request (the API answers 409)."""


class AllocationRefused(AidError):
    pass
