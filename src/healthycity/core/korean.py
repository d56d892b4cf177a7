"""Korean text: the process's one Kiwi morphological analyser (kiwipiepy).

Building a `Kiwi()` loads the model shipped in the kiwipiepy-model package (about a second and a
few hundred MB); every app shares this one. Nothing is downloaded at run time.
"""

from __future__ import annotations

import re
from functools import lru_cache

HANGUL = re.compile(r"[\uac00-\ud7a3\u3131-\u318e]")


@lru_cache(maxsize=1)
def kiwi():
    """The process's one Kiwi (model from kiwipiepy-model; nothing is downloaded)."""
    from kiwipiepy import Kiwi

    return Kiwi()


def has_hangul(text: str) -> bool:
    return bool(HANGUL.search(text))
