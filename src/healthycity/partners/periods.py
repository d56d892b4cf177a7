"""Reporting periods: a year (YYYY) or a month (YYYY-MM)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

_PATTERN = re.compile(r"^(\d{4})(?:-(\d{2}))?$")


@dataclass(frozen=True)
class Period:
    year: int
    month: int | None = None

    @classmethod
    def parse(cls, text: str) -> Period:
        """'2026' or '2026-09'; anything else raises ValidationError with a clear message."""
        match = _PATTERN.match((text or "").strip())
        if not match:
            raise ValidationError(
                _("'%(value)s' is not a period; write a year (2026) or a month (2026-09).")
                % {"value": text}
            )
        year, month = int(match.group(1)), match.group(2)
        if not 2000 <= year <= 2100 or (month is not None and not 1 <= int(month) <= 12):
            raise ValidationError(_("'%(value)s' is not a valid year or month.") % {"value": text})
        return cls(year, int(month) if month else None)

    def __str__(self) -> str:
        return f"{self.year}" if self.month is None else f"{self.year}-{self.month:02d}"

    @property
    def start(self) -> date:
        return date(self.year, self.month or 1, 1)

    @property
    def end(self) -> date:
        """The first day after the period."""
        if self.month is None:
            return date(self.year + 1, 1, 1)
        return date(self.year + (self.month == 12), self.month % 12 + 1, 1)

    def months(self) -> list[str]:
        """The YYYY-MM months the period covers."""
        if self.month is not None:
            return [str(self)]
        return [f"{self.year}-{m:02d}" for m in range(1, 13)]

    def previous(self) -> Period:
        if self.month is None:
            return Period(self.year - 1)
        return Period(self.year - (self.month == 1), (self.month - 2) % 12 + 1)
