"""Validation shared by model, form and API."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

_PHONE_DIGITS = re.compile(r"\D+")


def normalise_phone(raw: str) -> str:
    """A Korean phone number as bare digits with a leading 0: '+82 10-1234-5678' → '01012345678'.

    Raises ValidationError for anything that is not 9–11 digits once normalised.
    """
    digits = _PHONE_DIGITS.sub("", raw or "")
    if digits.startswith("82") and len(digits) >= 11:
        digits = "0" + digits[2:]
    if not (9 <= len(digits) <= 11) or not digits.startswith("0"):
        raise ValidationError(
            _("'%(value)s' is not a Korean phone number (e.g. 010-1234-5678).") % {"value": raw}
        )
    return digits


def validate_birth_year(year: int) -> None:
    now = timezone.now().year
    if not (now - 120 <= year <= now):
        raise ValidationError(
            _("Birth year %(year)s is not plausible; expected %(lo)s–%(hi)s.")
            % {"year": year, "lo": now - 120, "hi": now}
        )
