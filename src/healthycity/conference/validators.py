"""Validation written once and used by models, forms, the admin and the API."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from healthycity.conference.enums import SessionLanguage

_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")


def validate_colour(value: str) -> None:
    if not _COLOUR.match(value or ""):
        raise ValidationError(
            _("“%(value)s” is not a colour; write it as # and six hex digits, e.g. #1e6fd9."),
            params={"value": value},
            code="colour",
        )


def split_languages(value: str) -> list[str]:
    """`"ko,en"` → `["ko", "en"]` (blank items dropped, order kept)."""
    return [part.strip() for part in (value or "").split(",") if part.strip()]


def validate_languages(value: str) -> None:
    """A comma-separated list of language codes the conference knows (ko, en, zh, ja)."""
    known = set(SessionLanguage.values)
    unknown = [code for code in split_languages(value) if code not in known]
    if unknown:
        raise ValidationError(
            _("Unknown language code %(codes)s; use %(known)s, separated by commas."),
            params={"codes": ", ".join(unknown), "known": ", ".join(SessionLanguage.values)},
            code="language",
        )
