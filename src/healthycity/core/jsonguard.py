"""One JSON decoder for everything that reads JSON someone sent: the API's parser, the FHIR
import (upload page, API and `healthycity import fhir`, NDJSON line by line) and commands.

Python's decoder recurses once per nesting level: 3 000 nested brackets (6 KB) raise
RecursionError, and a few hundred levels that it does decode break later code that recurses
over them (validation, rendering). Real documents are shallow (a FHIR Observation bundle is under
15 levels), so anything deeper than MAX_DEPTH is refused before it is decoded. Decoded text must
also be storable (`core.text`): a "\\u0000" escape is a NUL byte.
"""

from __future__ import annotations

import json
import re

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from healthycity.core import text
from healthycity.core.errors import MessageError

MAX_DEPTH = 64
TOO_DEEP = gettext_noop("The JSON is nested more than %(max)s levels deep; it was not read.")
# A JSON string (its escapes included): its brackets do not nest anything.
_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.DOTALL)
_NOT_BRACKET = re.compile(r"[^\[\]{}]+")


class JSONRejected(MessageError, ValueError):
    """The document cannot be accepted. `str(exc)` is for the user, in their language (a message
    id and its parameters, core.errors)."""

    @property
    def message(self) -> str:
        return str(self)


def nesting_depth(document: str) -> int:
    """The deepest nesting of arrays and objects in `document` (strings skipped), read without
    recursion. Malformed documents get a number too; the decoder reports them."""
    brackets = _NOT_BRACKET.sub("", _STRING.sub("", document))
    depth = deepest = 0
    for char in brackets:
        if char in "[{":
            depth += 1
            if depth > deepest:
                deepest = depth
        else:
            depth -= 1
    return deepest


def loads(document: str | bytes, *, max_depth: int = MAX_DEPTH):
    """Decode `document` (bytes are read as UTF-8) or raise JSONRejected with a message for the
    user: not UTF-8, nested deeper than `max_depth`, not valid JSON, or text that cannot be
    stored."""
    if isinstance(document, bytes | bytearray | memoryview):
        try:
            document = bytes(document).decode("utf-8-sig")
        except UnicodeDecodeError:
            raise JSONRejected(gettext_noop("The JSON is not UTF-8 text.")) from None
    if nesting_depth(document) > max_depth:
        raise JSONRejected(TOO_DEEP, max=max_depth)
    try:
        data = json.loads(document)
    except json.JSONDecodeError as exc:
        raise JSONRejected(
            gettext_noop("The JSON is not valid (line %(line)s, column %(column)s: %(error)s)."),
            line=exc.lineno,
            column=exc.colno,
            error=_explain(exc.msg),
        ) from None
    except RecursionError:  # a deep document under a lower recursion limit
        raise JSONRejected(TOO_DEEP, max=max_depth) from None
    _check_text(data)
    return data


def _check_text(data) -> None:
    stack = [data]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            if not text.is_storable(item):
                raise JSONRejected(text.MESSAGE_ID)
        elif isinstance(item, dict):
            for key, value in item.items():
                if not text.is_storable(key):
                    raise JSONRejected(text.MESSAGE_ID)
                stack.append(value)
        elif isinstance(item, list):
            stack.extend(item)


def _explain(msg: str) -> str:
    """The decoder's English reason in the user's language (the common ones)."""
    known = {
        "Expecting value": _("a value was expected"),
        "Expecting property name enclosed in double quotes": _(
            "a name in double quotes was expected"
        ),
        "Expecting ',' delimiter": _("a comma was expected"),
        "Expecting ':' delimiter": _("a colon was expected"),
        "Extra data": _("there is more after the end of the document"),
        "Unterminated string starting at": _("a text value is not closed"),
        "Invalid control character at": _("a control character must be escaped"),
        "Invalid \\escape": _("an escape sequence is not valid"),
    }
    return str(known.get(msg, msg))
