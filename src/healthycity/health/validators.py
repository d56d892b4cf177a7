"""Validation shared by model, form, importers and API: plausible ranges from the code catalogue."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.deconstruct import deconstructible
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from healthycity.health.codes import code_for

# A device clock a few minutes fast is normal; a reading from tomorrow is not.
FUTURE_TOLERANCE = dt.timedelta(minutes=10)


@deconstructible
class PlausibleRange:
    """Field validator: the value lies within the catalogue's min/max for `field`.

    Deconstructs to the field name only, so the ranges live in data/codes.csv and changing them
    needs no migration."""

    def __init__(self, field: str):
        self.field = field

    def __call__(self, value) -> None:
        validate_value(self.field, value)

    def __eq__(self, other) -> bool:
        return isinstance(other, PlausibleRange) and other.field == self.field


def validate_value(field: str, value) -> None:
    if value is None:
        return
    code = code_for(field)
    if not code.plausible(float(value)):
        raise ValidationError(
            _("%(value)s %(unit)s is not plausible for %(name)s; expected %(lo)s–%(hi)s.")
            % {
                "value": _fmt(value),
                "unit": code.ucum,
                "name": code.display_ko if get_language() == "ko" else code.display_en,
                "lo": _fmt(code.min),
                "hi": _fmt(code.max),
            },
            code="implausible",
        )


def validate_taken_at(value: dt.datetime) -> None:
    if value is not None and value > timezone.now() + FUTURE_TOLERANCE:
        raise ValidationError(
            _("The date %(value)s is in the future.") % {"value": value.isoformat()},
            code="future",
        )


def validate_not_future_date(value: dt.date) -> None:
    if value is not None and value > timezone.localdate():
        raise ValidationError(
            _("The date %(value)s is in the future.") % {"value": value.isoformat()},
            code="future",
        )


def _fmt(x) -> str:
    return f"{float(x):g}"
