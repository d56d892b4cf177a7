"""A measured value of a device export, converted to the catalogue unit and range-checked."""

from __future__ import annotations

import math
from functools import cache

from django.utils.translation import get_language

from healthycity.health.codes import code_for
from healthycity.health.enums import RejectReason
from healthycity.health.fhir.units import device_factor
from healthycity.health.imports.wearables import messages


class Refused(Exception):
    def __init__(self, reason: str, message: str):
        super().__init__(message)
        self.reason, self.message = reason, message


def what(field: str) -> str:
    code = code_for(field)
    return code.display_en if (get_language() or "ko").startswith("en") else code.display_ko


def number(text, field: str) -> float:
    try:
        value = float(text)
    except (TypeError, ValueError):
        raise Refused(RejectReason.NOT_A_NUMBER, messages.not_a_number(text, what(field))) from None
    if not math.isfinite(value):
        raise Refused(RejectReason.NOT_A_NUMBER, messages.not_a_number(text, what(field)))
    return value


def convert(field: str, text, unit: str | None, family: str) -> float:
    """The value of `text` in `unit` (a spelling of `family`: healthkit, omh, samsung) in the
    catalogue unit of `field`, within its plausible range; raises Refused otherwise."""
    value = number(text, field)
    code = code_for(field)
    factor = device_factor(family, (unit or "").strip(), code.ucum)
    if factor is None:
        raise Refused(RejectReason.UNKNOWN_UNIT, messages.unknown_unit(unit, what(field)))
    value = round(value * factor, 6)
    if field in whole_number_fields():
        value = float(round(value))  # a pulse of 72.4 /min is stored as 72 (an integer column)
    if not code.plausible(value):
        raise Refused(
            RejectReason.IMPLAUSIBLE,
            messages.implausible(value, code.ucum, what(field), code.min, code.max),
        )
    return value


@cache
def whole_number_fields() -> frozenset[str]:
    from healthycity.health.models import VALUE_FIELDS, Measurement

    return frozenset(
        f
        for f in VALUE_FIELDS
        if Measurement._meta.get_field(f).get_internal_type() != "FloatField"
    )
