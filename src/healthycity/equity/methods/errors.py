"""Typed errors raised by the equity methods.

Every error carries the offending value so that a caller (a management command, an API view) can
tell the user what was wrong and where, without parsing the message.
"""

from __future__ import annotations

from typing import Any


class MethodInputError(ValueError):
    """An input to a statistical method is invalid (negative count, NaN, wrong length, ...)."""

    def __init__(self, message: str, *, field: str, value: Any = None) -> None:
        super().__init__(message)
        self.field = field
        self.value = value


class StandardPopulationError(MethodInputError):
    """A standard population file or table is malformed or does not match the data's age bands."""


class HeatCsvError(MethodInputError):
    """A HEAT Plus upload file is malformed; ``line`` is the 1-based line number in the file."""

    def __init__(
        self, message: str, *, field: str, value: Any = None, line: int | None = None
    ) -> None:
        super().__init__(message, field=field, value=value)
        self.line = line
