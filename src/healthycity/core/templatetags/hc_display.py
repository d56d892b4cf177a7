"""Small display filters shared by the shell's templates."""

from __future__ import annotations

from django import template
from django.utils.formats import number_format

register = template.Library()

# A stat value longer than this (a date, "none yet") is set smaller so it fits its box whole.
SHORT_STAT = 7


@register.filter
def stat_value(value) -> str:
    """Whole numbers with thousands separators ("3,000"); anything else as it is."""
    if isinstance(value, int) and not isinstance(value, bool):
        return number_format(value, force_grouping=True)
    return str(value)


@register.filter
def is_long_stat(value) -> bool:
    return len(stat_value(value)) > SHORT_STAT
