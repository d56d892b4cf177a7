"""Checks a review passes before it is public: personal data masked, abusive text held.

Masking runs before anything is stored, so the raw phone number or resident registration number
never reaches the database (PIPA: collect the minimum). Patterns (Korean formats):

- resident registration number (주민등록번호): 6 digits (birth date), optional hyphen or space,
  then 7 digits whose first is 1–8 (century/sex/foreigner digit) — ``900101-1234567``, ``9001011234567``;
- mobile numbers 010/011/016/017/018/019 with optional separators — ``010-1234-5678``,
  ``01012345678``, ``010 1234 5678``, ``010.1234.5678``; international ``+82 10-1234-5678``,
  ``+82-10-1234-5678``, ``+821012345678`` (the leading 0 may be kept: ``+82 010…``);
- landlines: Seoul 02 and the area codes 031–064 with 3–4 + 4 digits — ``02-123-4567``;
  nationwide 4-digit numbers 15xx/16xx/18xx — ``1588-1234``;
- e-mail addresses.

Digits must not touch other digits on either side, so longer numbers (order numbers) are left alone.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent / "data"

_SEP = r"[-.\s]?"
RRN = re.compile(r"(?<!\d)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])[-\s]?[1-8]\d{6}(?!\d)")
MOBILE = re.compile(
    r"(?:\+\s?82[-.\s]?0?|(?<![\d+])0)1[016789]" + _SEP + r"\d{3,4}" + _SEP + r"\d{4}(?!\d)"
)
LANDLINE = re.compile(
    r"(?:(?<![\d+])0(?:2|[3-6][1-5])" + _SEP + r"\d{3,4}" + _SEP + r"\d{4}"
    r"|(?<![\d+])1[568]\d{2}-\d{4})(?!\d)"
)
EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")

MASKS = (
    ("resident_registration_number", RRN, "******-*******"),
    ("phone", MOBILE, "***-****-****"),
    ("phone", LANDLINE, "***-****-****"),
    ("email", EMAIL, "***@***"),
)


@dataclass
class Checked:
    text: str
    masked: list[str] = field(default_factory=list)  # kinds masked, e.g. ["phone"]
    abusive: list[str] = field(default_factory=list)  # words that matched

    @property
    def held(self) -> bool:
        return bool(self.abusive)


def mask_personal_data(text: str) -> tuple[str, list[str]]:
    """Replace personal data with fixed masks. Returns the new text and the kinds masked."""
    kinds: list[str] = []
    for kind, pattern, mask in MASKS:
        text, n = pattern.subn(mask, text)
        if n and kind not in kinds:
            kinds.append(kind)
    return text, kinds


@lru_cache(maxsize=1)
def abusive_words() -> tuple[tuple[str, ...], re.Pattern | None]:
    korean: list[str] = []
    english: list[str] = []
    for line in (DATA / "abusive_words.txt").read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        lang, word = line.split(maxsplit=1)
        (korean if lang == "ko" else english).append(word.strip().lower())
    pattern = (
        re.compile(
            r"\b(" + "|".join(map(re.escape, english)) + r")(?:s|es|ed|ing|er)?\b", re.IGNORECASE
        )
        if english
        else None
    )
    return tuple(korean), pattern


def find_abusive(text: str) -> list[str]:
    """Words of the list found in `text` (Korean inside words, spaces and punctuation ignored;
    English as whole words)."""
    korean, english = abusive_words()
    normal = unicodedata.normalize("NFC", text)
    squeezed = "".join(ch for ch in normal if ch.isalnum()).lower()
    found = [w for w in korean if w in squeezed]
    if english is not None:
        found += [m.group(1).lower() for m in english.finditer(normal)]
    return sorted(set(found))


def check_text(text: str) -> Checked:
    masked_text, kinds = mask_personal_data(text)
    return Checked(text=masked_text, masked=kinds, abusive=find_abusive(masked_text))
