"""Typed errors of the exhibition's domain. The message is for the user, in their language."""

from __future__ import annotations


class ExhibitionError(Exception):
    """Something the user asked for cannot be done; `message` says why and `code` names it."""

    code = "invalid"
    status = 400

    def __init__(self, message: str, *, field: str = ""):
        super().__init__(message)
        self.message = str(message)
        self.field = field


class BoothClosed(ExhibitionError):
    code = "booth_closed"
    status = 409


class StationError(ExhibitionError):
    """A measurement cannot be read or recorded (an unreadable file, an impossible value)."""

    code = "measurement_invalid"


class ClaimError(ExhibitionError):
    """A result slip cannot be claimed (unknown, expired, claimed already)."""

    code = "claim_invalid"
    status = 409


class UnknownSlip(ClaimError):
    code = "not_found"
    status = 404


class NotACitizen(ClaimError):
    """The login claiming a slip has no citizen record, so no health record to keep it in."""

    code = "not_a_citizen"
    status = 403
