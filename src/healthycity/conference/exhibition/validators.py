"""Validation shared by models, forms, the booth-plan import and the API."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from healthycity.conference.exhibition.floorplan.geometry import venue

BOOTH_NUMBER = re.compile(r"^[A-Z0-9][A-Z0-9-]{0,11}$")
COMMENT_LIMIT = 2000


def validate_booth_number(value: str) -> None:
    if not BOOTH_NUMBER.match(value or ""):
        raise ValidationError(
            _(
                "'%(value)s' is not a booth number; use capital letters, digits and hyphens, "
                "e.g. A-12 (at most 12 characters)."
            )
            % {"value": (value or "")[:40]},
            code="booth_number",
        )


def validate_hall(value: str) -> None:
    halls = venue().halls
    if value not in halls:
        raise ValidationError(
            _("There is no hall '%(hall)s'; known halls: %(known)s.")
            % {"hall": (value or "")[:40], "known": ", ".join(halls)},
            code="hall",
        )
