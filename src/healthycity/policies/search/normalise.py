"""Text → search tokens, the same for what is indexed and for what is asked.

Method (docs/methods.md, "Practice search"):
- Korean (any Hangul in the text): kiwipiepy morphological analysis; kept are nouns (NNG, NNP),
  numerals (NR, SN), roots (XR), Chinese characters (SH), verb and adjective stems as their
  dictionary form (stem + 다: 걸었다, 걷는, 걷기 → 걷다), and Latin words inside the text
  (SL, handled as English). Particles, endings and suffixes are dropped, so an inflected form
  finds the text (어르신들이 → 어르신; 예방하는 → 예방).
- English: lower-cased words, minus the Snowball English stop words, reduced to their Snowball
  (Porter 2) stem (walking, walks → walk).
- A few light verbs carry no meaning on their own and are dropped (하다, 되다, 있다, 없다, 이다).
Tokens are plain word characters, so PostgreSQL's `simple` configuration and SQLite FTS5's
`unicode61` tokenizer both see exactly these tokens, and the two backends find the same practices.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache
from pathlib import Path

from healthycity.core.korean import has_hangul, kiwi

DATA = Path(__file__).resolve().parent / "data"
_EN_WORD = re.compile(r"[^\W_]+", re.UNICODE)
_TOKEN_OK = re.compile(r"^[^\W_]+$", re.UNICODE)
_KO_NOUNS = frozenset({"NNG", "NNP", "NR", "SN", "XR", "SH"})
_KO_LIGHT = frozenset({"하다", "되다", "있다", "없다", "이다", "않다", "같다"})


@cache
def _stopwords() -> frozenset[str]:
    lines = (DATA / "stopwords_en.txt").read_text(encoding="utf-8").splitlines()
    return frozenset(w.strip() for w in lines if w.strip() and not w.startswith("#"))


@cache
def _stemmer():
    import snowballstemmer

    return snowballstemmer.stemmer("english")


def _english(words: Iterable[str]) -> list[str]:
    stop = _stopwords()
    kept = [w for w in (w.lower() for w in words) if w not in stop]
    return [s for s in _stemmer().stemWords(kept) if s]


def _korean(tokens) -> list[str]:
    out: list[str] = []
    for token in tokens:
        tag = token.tag.split("-")[0]  # VV-I (irregular) → VV
        if tag in _KO_NOUNS:
            out.append(token.form.lower())
        elif tag in ("VV", "VA"):
            lemma = token.form + "다"
            if lemma not in _KO_LIGHT:
                out.append(lemma)
        elif tag == "SL":
            out.extend(_english([token.form]))
    return [t for t in out if _TOKEN_OK.match(t)]


def tokens_many(texts: Iterable[str]) -> list[list[str]]:
    """Tokens of many texts; the Korean ones in one batch call to Kiwi."""
    texts = [t or "" for t in texts]
    result: list[list[str]] = [[] for _ in texts]
    korean = [i for i, text in enumerate(texts) if has_hangul(text)]
    for i, text in enumerate(texts):
        if i not in korean and text:
            result[i] = _english(_EN_WORD.findall(text))
    if korean:
        analysed = kiwi().tokenize(texts[i] for i in korean)
        for i, tokens in zip(korean, analysed, strict=True):
            result[i] = _korean(tokens)
    return result


def tokens(text: str) -> list[str]:
    return tokens_many([text])[0]


def normalise(text: str) -> str:
    """The text as it is indexed: its tokens joined by spaces."""
    return " ".join(tokens(text))


def query_terms(text: str) -> list[str]:
    """The distinct tokens of a search query, in order (every one must match)."""
    return list(dict.fromkeys(tokens(text)))
