"""Practice records and their states: draft → submitted → in review → published / returned."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from healthycity.core.models import AppendOnlyError
from healthycity.policies.domain.errors import NotAllowed, WrongState
from healthycity.policies.domain.practices import (
    publish_practice,
    return_practice,
    submit_practice,
    update_practice,
)
from healthycity.policies.enums import PracticeStatus
from tests.policies.conftest import draft

pytestmark = pytest.mark.django_db


def test_delegate_writes_a_draft_for_their_own_city(cast, cities):
    practice = draft(cities.suwon, cast.delegate)
    assert practice.status == PracticeStatus.DRAFT
    assert sorted(practice.themes) == ["afhc-ageing", "who-mobility"]
    assert practice.target_groups == ["low_income", "older_people"]
    assert practice.evidence_level == 2  # controlled before–after (EPOC)
    assert practice.budget_currency == "KRW" and practice.budget_amount == 120_000_000
    assert [h.to_status for h in practice.history.all()] == ["draft"]


def test_delegate_cannot_write_for_another_city(cast, cities):
    with pytest.raises(NotAllowed):
        draft(cities.taipei, cast.delegate)


@pytest.mark.parametrize("who", ["citizen", "partner", "worker_a"])
def test_citizens_partners_and_workers_cannot_write_practices(cast, cities, who):
    with pytest.raises(NotAllowed):
        draft(cities.suwon, cast.users()[who])


def test_bad_values_are_named_field_by_field(cast, cities):
    with pytest.raises(ValidationError) as caught:
        draft(
            cities.suwon,
            cast.delegate,
            themes=["who-mobility", "nonsense"],
            period_start="2025-12-01",
            period_end="2025-01-01",
            budget_amount="-5",
            budget_currency="₩",
            contact_email="not-an-address",
            title_ko="a\x00b",
        )
    fields = caught.value.message_dict
    assert set(fields) >= {
        "themes",
        "period_end",
        "budget_amount",
        "budget_currency",
        "contact_email",
        "title_ko",
    }
    assert "nonsense" in fields["themes"][0]


def test_incomplete_practice_cannot_be_submitted(cast, cities):
    practice = draft(cities.suwon, cast.delegate, themes=[], contact_email="")
    with pytest.raises(ValidationError) as caught:
        submit_practice(practice=practice, by=cast.delegate)
    assert set(caught.value.message_dict) == {"themes", "contact_email"}
    practice.refresh_from_db()
    assert practice.status == PracticeStatus.DRAFT


def test_submitted_practice_is_locked_and_history_says_who_and_why(cast, cities):
    practice = draft(cities.suwon, cast.delegate)
    submit_practice(practice=practice, by=cast.delegate)
    with pytest.raises(WrongState):
        update_practice(practice=practice, by=cast.delegate, data={"title_ko": "새 제목"})
    return_practice(practice=practice, by=cast.official, reason="예산 근거를 보완해 주세요.")
    practice.refresh_from_db()
    assert practice.status == PracticeStatus.RETURNED
    update_practice(practice=practice, by=cast.delegate, data={"budget_note": "시비 100%"})
    submit_practice(practice=practice, by=cast.delegate)
    steps = [(h.from_status, h.to_status, h.by.username, h.reason) for h in practice.history.all()]
    assert steps == [
        ("", "draft", "delegate", ""),
        ("draft", "submitted", "delegate", ""),
        ("submitted", "returned", "official", "예산 근거를 보완해 주세요."),
        ("returned", "submitted", "delegate", ""),
    ]


def test_returning_needs_a_reason_and_an_official(cast, cities):
    practice = draft(cities.suwon, cast.delegate)
    submit_practice(practice=practice, by=cast.delegate)
    with pytest.raises(ValidationError):
        return_practice(practice=practice, by=cast.official, reason="  ")
    with pytest.raises(NotAllowed):
        return_practice(practice=practice, by=cast.delegate, reason="no")


def test_a_draft_cannot_jump_to_published(cast, cities):
    practice = draft(cities.suwon, cast.delegate)
    with pytest.raises(WrongState):
        publish_practice(practice=practice, by=cast.official)


def test_history_is_append_only(cast, cities):
    practice = draft(cities.suwon, cast.delegate)
    entry = practice.history.get()
    entry.reason = "changed"
    with pytest.raises(AppendOnlyError):
        entry.save()
