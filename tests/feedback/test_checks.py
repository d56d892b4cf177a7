"""Personal data is masked and abusive text is held (feedback.domain.checks)."""

from __future__ import annotations

import pytest

from healthycity.feedback.domain.checks import check_text, find_abusive, mask_personal_data


@pytest.mark.parametrize(
    "text",
    [
        "연락주세요 010-1234-5678",
        "01012345678로 전화",
        "010 1234 5678",
        "010.1234.5678",
        "call +82 10-1234-5678",
        "+82-10-1234-5678",
        "+821012345678",
        "+82 010 1234 5678",
        "011-123-4567",
        "집 02-123-4567",
        "031-1234-5678",
        "고객센터 1588-1234",
    ],
)
def test_phone_numbers_are_masked(text):
    masked, kinds = mask_personal_data(text)
    assert kinds == ["phone"]
    assert not any(ch.isdigit() for ch in masked.replace("82", "")), masked


@pytest.mark.parametrize(
    "text", ["주민번호 900101-1234567", "9001011234567", "900101 2234567입니다"]
)
def test_resident_registration_numbers_are_masked(text):
    masked, kinds = mask_personal_data(text)
    assert kinds == ["resident_registration_number"]
    assert "******-*******" in masked
    assert "1234567" not in masked and "234567" not in masked


@pytest.mark.parametrize(
    "text", ["메일 kim.minji+test@example.co.kr 로", "MAIL: A_B@Sub.Example.COM"]
)
def test_emails_are_masked(text):
    masked, kinds = mask_personal_data(text)
    assert kinds == ["email"]
    assert "@" in masked and "example" not in masked.lower()


@pytest.mark.parametrize(
    "text",
    [
        "주문번호 20260912345678 입니다",  # 14 digits: not an RRN or a phone
        "가격은 39,000원",
        "2026-09-25 DDP 부스",
        "체지방 25.3%, 근육량 28.1kg",
        "model 270",
    ],
)
def test_other_numbers_are_left_alone(text):
    masked, kinds = mask_personal_data(text)
    assert (masked, kinds) == (text, [])


def test_several_kinds_at_once():
    masked, kinds = mask_personal_data("010-1234-5678, 900101-1234567, a@b.kr")
    assert set(kinds) == {"phone", "resident_registration_number", "email"}
    assert masked == "***-****-****, ******-*******, ***@***"


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("이거 완전 씨발 별로", "씨발"),
        ("씨 발 진짜", "씨발"),
        ("What a piece of SHIT", "shit"),
        ("fucking bad", "fuck"),
    ],
)
def test_abusive_words_are_found(text, word):
    found = find_abusive(text)
    assert found and (word in found or any(word in f for f in found))


@pytest.mark.parametrize(
    "text",
    ["맛이 없어요. 실망입니다", "Shiitake flavour was bland", "The scunthorpe shop", "Hello class"],
)
def test_criticism_is_not_abuse(text):
    assert find_abusive(text) == []


def test_check_text_masks_then_looks_for_abuse():
    checked = check_text("병신 같은 제품 010-1234-5678")
    assert checked.held and checked.masked == ["phone"]
    assert "010" not in checked.text
