"""Korean text: the process's one Kiwi morphological analyser (kiwipiepy).

Building a `Kiwi()` loads the model shipped in the kiwipiepy-model package (about a second and a
few hundred MB); every app shares this one. Nothing is downloaded at run time. A few words of
welfare and health policy that the model splits in running text are added to its dictionary
(data/korean_words.txt, with the reason for each).
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

HANGUL = re.compile(r"[\uac00-\ud7a3\u3131-\u318e]")
WORDS = Path(__file__).resolve().parent / "data" / "korean_words.txt"


def user_words() -> list[tuple[str, str, float]]:
    """(word, tag, score) of data/korean_words.txt."""
    rows = []
    for line in WORDS.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            word, tag, score, *_ = line.split("\t")
            rows.append((word, tag, float(score)))
    return rows


@lru_cache(maxsize=1)
def kiwi():
    """The process's one Kiwi (model from kiwipiepy-model; nothing is downloaded)."""
    from kiwipiepy import Kiwi

    analyser = Kiwi()
    for word, tag, score in user_words():
        analyser.add_user_word(word, tag, score)
    return analyser


def has_hangul(text: str) -> bool:
    return bool(HANGUL.search(text))
