"""Messages of the phone and watch imports (translated where they are made)."""

from __future__ import annotations

from django.utils.translation import gettext as _


def bad_time(value) -> str:
    return _("The time '%(value)s' cannot be read.") % {"value": str(value)[:40]}


def future(value) -> str:
    return _("The time %(value)s is in the future.") % {"value": str(value)[:40]}


def not_a_number(value, what) -> str:
    return _("'%(value)s' is not a number (%(what)s).") % {"value": str(value)[:40], "what": what}


def unknown_unit(unit, what) -> str:
    return _("The unit '%(unit)s' is not one we can convert for %(what)s.") % {
        "unit": str(unit)[:40],
        "what": what,
    }


def implausible(value, unit, what, lo, hi) -> str:
    return _(
        "%(value)s %(unit)s is not a possible %(what)s; expected %(lo)s to %(hi)s %(unit)s."
    ) % {"value": f"{value:g}", "unit": unit, "what": what, "lo": f"{lo:g}", "hi": f"{hi:g}"}


def impossible_steps(value) -> str:
    return _("%(value)s is not a possible number of steps for one record.") % {
        "value": f"{value:g}"
    }


def ends_before_start() -> str:
    return _("The record ends before it starts.")


def lone_pressure(which: str) -> str:
    return _("A blood-pressure reading needs both values; this one has only the %(which)s.") % {
        "which": which
    }
