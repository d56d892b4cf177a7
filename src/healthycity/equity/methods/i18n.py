"""The methods' messages in the user's language.

Reasons and errors are translated where they are made, with Django's ``gettext`` (a request or
a command runs with the user's language active). Without configured Django settings the methods
still work, in English: the message is returned as written.
"""

from __future__ import annotations

from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext as _gettext


def gettext(message: str) -> str:
    """``message`` translated into the active language (the English text without Django)."""
    try:
        return _gettext(message)
    except ImproperlyConfigured:
        return message
