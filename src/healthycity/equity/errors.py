"""Errors of the equity app that a user can act on (bad indicator, stratifier, file, period).

Each is shown to the user as its message; commands exit non-zero without a traceback.
"""

from __future__ import annotations


class EquityError(Exception):
    """Something the user asked for cannot be done; the message says what and how to fix it."""


class UnknownIndicator(EquityError):
    pass


class UnknownStratifier(EquityError):
    pass


class SnapshotMissing(EquityError):
    pass
