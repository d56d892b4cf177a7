"""Keywords, sentiment with negation, themes (feedback.analysis)."""

from __future__ import annotations

import math

import pytest

from healthycity.feedback.analysis.text import analyse, analyse_many, kiwi, normalise
from healthycity.feedback.analysis.themes import compare


def test_kiwi_is_built_once_per_process():
    assert kiwi() is kiwi()


def test_korean_keywords_are_nouns_and_adjectives_without_stop_words():
    found = analyse("이 체성분 분석기는 측정이 정확하고 가격이 비싸요. 제품 정말 좋아요")
    assert {"체성분", "분석기", "측정", "정확하다", "가격", "비싸다", "좋다"} <= set(found.keywords)
    assert "제품" not in found.keywords and "정말" not in found.keywords


def test_english_uses_plain_tokenising_and_stop_words():
    found = analyse("The scale is accurate and the app is easy to use")
    assert found.language == "en"
    assert found.keywords == ["scale", "accurate", "app", "easy"]


@pytest.mark.parametrize(
    ("text", "sign"),
    [
        ("좋아요", 1),
        ("안 좋아요", -1),
        ("좋지 않아요", -1),
        ("효과가 없어요", -1),
        ("부작용이 없어서 좋아요", 1),
        ("최악이에요 환불해 주세요", -1),
        ("great, I recommend it", 1),
        ("not good", -1),
        ("I don't like it", -1),
        ("never disappointing", 1),
        ("보통이에요", 0),
    ],
)
def test_sentiment_sign_with_negation(text, sign):
    score = analyse(text).sentiment
    assert (score > 0) - (score < 0) == sign, (text, score)


def test_sentiment_is_normalised_like_vader():
    # S = 2 (좋다): 2 / sqrt(4 + 15)
    assert math.isclose(analyse("좋아요").sentiment, 2 / math.sqrt(19))
    assert math.isclose(normalise(4), 4 / math.sqrt(31))
    assert -1 < normalise(-1000) < -0.99


def test_batch_equals_one_by_one():
    texts = ["좋아요", "not good", "가격이 비싸요", "", "😀"]
    assert analyse_many(texts) == [analyse(t) for t in texts]


def test_themes_rise_and_fall_by_log_odds():
    before = {"배송": 40, "가격": 10}
    after = {"배송": 10, "가격": 45}
    themes = {t.keyword: t for t in compare(before, 100, after, 100, k=10)}
    assert themes["가격"].direction == "rising" and themes["배송"].direction == "falling"
    # Haldane-corrected log odds ratio for 가격: ln(45.5/55.5) - ln(10.5/90.5)
    assert math.isclose(
        themes["가격"].log_odds_ratio, math.log(45.5 / 55.5) - math.log(10.5 / 90.5)
    )


def test_rare_keywords_are_not_tested():
    assert compare({"a": 3}, 50, {"a": 9}, 50, k=10) == []
