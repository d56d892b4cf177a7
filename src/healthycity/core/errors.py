"""Errors whose message is a message id and its parameters, translated when shown.

A background job stores the id and parameters, so a failure reads in the language of whoever
looks at it, not of the process that ran it. Mark the id with `gettext_noop` so that
`make messages` finds it:

    raise ImportFailed(gettext_noop("The file is empty."))
    raise JobError(gettext_noop("Cannot open %(path)s."), path=path)

An already translated text works too (it is shown as it is)."""

from __future__ import annotations

from django.utils.translation import gettext


class MessageError(Exception):
    def __init__(self, message: str, **params):
        super().__init__(str(message))
        self.message_key = str(message)
        self.message_params = {key: _plain(value) for key, value in params.items()}

    def __str__(self) -> str:
        text = gettext(self.message_key)
        return text % self.message_params if self.message_params else text


def _plain(value):
    return value if isinstance(value, str | int | float | bool) or value is None else str(value)
