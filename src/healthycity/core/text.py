"""One rule for text that the database cannot store, used by every entry point.

PostgreSQL `text` cannot hold the NUL character (U+0000: "invalid byte sequence"), and UTF-8
cannot encode a lone surrogate (U+D800–U+DFFF), which a JSON escape such as "\\ud800" produces.
Either one reaching a query or an INSERT is a server error on PostgreSQL (SQLite stores them and
the data is then unreadable elsewhere). `core.middleware.TextGuardMiddleware` applies this rule to
the path, query strings and form posts; `core.parsers.JSONParser` to JSON bodies; imports and
commands call `validate_text` on what they read.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

UNSTORABLE = re.compile("[\x00\ud800-\udfff]")

MESSAGE_ID = gettext_noop(
    "The text contains a character that cannot be stored (a NUL byte or a broken character). "
    "Remove it and try again."
)
MESSAGE = _(MESSAGE_ID)


def is_storable(value: str) -> bool:
    return UNSTORABLE.search(value) is None


def storable(value: str) -> str:
    """`value` with each character the database cannot store replaced by U+FFFD — for text we
    keep as evidence of what a file held (a quarantined row), where refusing is not an option."""
    return UNSTORABLE.sub("\ufffd", value)


def validate_text(value) -> None:
    """Raise ValidationError (code `unstorable_text`) when `value` is a string the database
    cannot store. Other types pass (they are not text)."""
    if isinstance(value, str) and not is_storable(value):
        raise ValidationError(MESSAGE, code="unstorable_text")


def first_unstorable(pairs: Iterable[tuple[str, list[str]]]) -> str | None:
    """The name of the first key whose name or values cannot be stored (for `QueryDict.lists()`)."""
    for key, values in pairs:
        if not is_storable(key) or any(not is_storable(v) for v in values):
            return key
    return None
