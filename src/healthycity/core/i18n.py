"""Choosing between the Korean and English versions of a stored text."""

from __future__ import annotations

from django.utils.translation import get_language


def in_language(ko: str, en: str) -> str:
    """`en` when the active language is English, else `ko` (Korean is the default)."""
    return en if (get_language() or "ko").startswith("en") else ko
