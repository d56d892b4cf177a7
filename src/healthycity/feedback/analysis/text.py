"""Keywords and sentiment of review texts: Korean with kiwipiepy, English by plain tokenising.

One `Kiwi()` is built per process (building it loads the model shipped in kiwipiepy-model, about a
second) and reused. Many texts are analysed with one batch call, `kiwi.tokenize(iterable)`, and the
keywords and the sentiment are derived from those tokens in a single pass — no second tokenising.

Method (docs/methods.md, "Feedback text analysis"):
- language: a text with any Hangul is Korean (Kiwi also tokenises the Latin words inside it);
  otherwise English;
- keywords: Korean nouns (NNG, NNP), adjective stems as lemma+다 (VA), noun+하다 adjectives
  (e.g. 정확+하 → 정확하다), roots (XR); English words of 3+ letters; minus the stop-word lists in
  analysis/data; each keyword counted once per review (document frequency);
- sentiment: the sum S of lexicon scores (analysis/data/sentiment_*.tsv, own lexicon, −2…+2) with
  negation: Korean 안/못 before a word, or -지 않다/-지 못하다 right after it, flip its sign; English
  not/no/never/without/…n't flip the next three words. The sum is normalised to −1…+1 as
  S / sqrt(S² + 15), the normalisation of VADER (Hutto & Gilbert, ICWSM 2014).
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from healthycity.core.korean import kiwi  # the process's one Kiwi, shared with policies search

DATA = Path(__file__).resolve().parent / "data"
NORMALISATION_ALPHA = 15.0
_HANGUL = re.compile(r"[\uac00-\ud7a3\u3131-\u318e]")
_EN_WORD = re.compile(r"[a-z]+(?:'[a-z]+)?")
_EN_NEGATORS = frozenset({"not", "no", "never", "without", "nothing", "hardly", "cannot"})
_KO_NEGATING_ADVERBS = frozenset({"안", "못"})
_KO_NEGATING_AUX = frozenset({"않", "못하"})
_EN_WINDOW = 3


@dataclass(slots=True)
class TextAnalysis:
    language: str  # "ko" or "en"
    keywords: list[str]
    sentiment: float  # −1 … +1


def _read_words(name: str) -> frozenset[str]:
    lines = (DATA / name).read_text(encoding="utf-8").splitlines()
    return frozenset(w.strip() for w in lines if w.strip() and not w.startswith("#"))


def _read_lexicon(name: str) -> dict[str, float]:
    lexicon: dict[str, float] = {}
    for line in (DATA / name).read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            word, score = line.split("\t")
            lexicon[word.strip()] = float(score)
    return lexicon


@lru_cache(maxsize=1)
def resources() -> tuple[frozenset[str], frozenset[str], dict[str, float], dict[str, float]]:
    return (
        _read_words("stopwords_ko.txt"),
        _read_words("stopwords_en.txt"),
        _read_lexicon("sentiment_ko.tsv"),
        _read_lexicon("sentiment_en.tsv"),
    )


def detect_language(text: str) -> str:
    return "ko" if _HANGUL.search(text) else "en"


def normalise(total: float) -> float:
    return total / math.sqrt(total * total + NORMALISATION_ALPHA) if total else 0.0


def analyse_english(text: str) -> TextAnalysis:
    _, stop_en, _, lex_en = resources()
    keywords: dict[str, None] = {}
    total = 0.0
    negated_until = -1
    for i, word in enumerate(_EN_WORD.findall(text.lower())):
        if word in _EN_NEGATORS or word.endswith("n't"):
            negated_until = i + _EN_WINDOW
            continue
        score = lex_en.get(word)
        if score is not None:
            total += -score if i <= negated_until else score
        if len(word) >= 3 and word not in stop_en:
            keywords[word] = None
    return TextAnalysis("en", list(keywords), normalise(total))


def _from_tokens(tokens) -> TextAnalysis:
    stop_ko, stop_en, lex_ko, lex_en = resources()
    keywords: dict[str, None] = {}
    total = 0.0
    last_score = 0.0  # score of the last scored word, which "-지 않다" or "없다" flips
    compound = ""  # adjacent nouns (and a noun suffix) form one keyword: 체+성분 → 체성분
    compound_end = -1
    compound_score = False  # whether the compound's last noun was scored
    negate_next = False
    for token in tokens:
        tag = token.tag
        form = token.form
        if tag == "NNG" or tag == "NNP" or (tag == "XSN" and compound):
            if compound and token.start == compound_end:
                compound += form
            else:
                if compound and compound not in stop_ko:
                    keywords[compound] = None
                compound = form
            compound_end = token.start + token.len
            score = lex_ko.get(form)
            compound_score = score is not None
            if score is not None:
                last_score = -score if negate_next else score
                total += last_score
                negate_next = False
            continue
        if tag == "XSA" or tag == "XSV":
            if compound:
                lemma = compound + form + "다"  # 정확+하 → 정확하다, 만족+스럽 → 만족스럽다
                compound = ""
                score = lex_ko.get(lemma)
                if score is not None:
                    if compound_score:
                        total -= last_score
                    last_score = -score if negate_next else score
                    total += last_score
                    negate_next = False
                if lemma not in stop_ko:
                    keywords[lemma] = None
            continue
        if compound and not tag.startswith("J"):
            if compound not in stop_ko:
                keywords[compound] = None
            compound = ""
        if tag.startswith("VA") or tag.startswith("VV") or tag == "XR":
            if form == "없" and tag.startswith("VA"):  # 효과가 없다 (−), 부작용이 없다 (+)
                total -= 2 * last_score
                last_score = -last_score
                continue
            lemma = form if tag == "XR" else form + "다"
            score = lex_ko.get(lemma)
            if score is not None:
                last_score = -score if negate_next else score
                total += last_score
            negate_next = False
            if lemma not in stop_ko:
                keywords[lemma] = None
        elif tag == "SL":
            word = form.lower()
            score = lex_en.get(word)
            if score is not None:
                last_score = score
                total += score
            if len(word) >= 3 and word not in stop_en:
                keywords[word] = None
        elif tag == "MAG":
            if form in _KO_NEGATING_ADVERBS:
                negate_next = True
            elif (score := lex_ko.get(form)) is not None:  # 별로 (not much)
                last_score = score
                total += score
        elif tag == "VX" and form in _KO_NEGATING_AUX:
            total -= 2 * last_score
            last_score = -last_score
    if compound and compound not in stop_ko:
        keywords[compound] = None
    return TextAnalysis("ko", list(keywords), normalise(total))


def analyse_many(texts: Iterable[str]) -> list[TextAnalysis]:
    """Analyse many texts; Korean ones with one batch call to Kiwi."""
    texts = list(texts)
    results: list[TextAnalysis | None] = [None] * len(texts)
    korean: list[int] = []
    for i, text in enumerate(texts):
        if detect_language(text) == "ko":
            korean.append(i)
        else:
            results[i] = analyse_english(text)
    if korean:
        for i, tokens in zip(korean, kiwi().tokenize(texts[i] for i in korean), strict=True):
            results[i] = _from_tokens(tokens)
    return results  # type: ignore[return-value]


def analyse(text: str) -> TextAnalysis:
    return analyse_many([text])[0]
