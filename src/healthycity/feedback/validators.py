"""Review and reply validation, used alike by model, form and API."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

REVIEW_MAX_CHARS = 2000
REPLY_MAX_CHARS = 2000
NOTE_MAX_CHARS = 500


def validate_text(value: str, *, field: str = "text", limit: int = REVIEW_MAX_CHARS) -> str:
    """Strip surrounding space; refuse empty text and text over `limit` characters."""
    text = (value or "").strip()
    if not text:
        raise ValidationError({field: _("Please write a few words; the text is empty.")})
    if len(text) > limit:
        raise ValidationError(
            {
                field: _(
                    "The text has %(n)s characters; the limit is %(limit)s. Please shorten it."
                )
                % {"n": f"{len(text):,}", "limit": f"{limit:,}"}
            }
        )
    return text


def validate_rating(value) -> int:
    try:
        rating = int(value)
    except (TypeError, ValueError):
        rating = 0
    if not 1 <= rating <= 5:
        raise ValidationError({"rating": _("Choose a rating from 1 to 5 stars.")})
    return rating
