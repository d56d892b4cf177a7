"""The documented (synthetic) distributions of docs/demo.md, checked on a large draw without the
database, and roughly on a small built city."""

from __future__ import annotations

import numpy as np
import pytest

from healthycity.citizens.models import Citizen
from healthycity.demo.context import stream
from healthycity.demo.population import (
    BASIC,
    NEAR_POOR,
    REFERENCE_YEAR,
    district_profile,
    draw_chunk,
)
from healthycity.places.models import District

N = 200_000


@pytest.fixture(scope="module")
def sample():
    rows = []
    with open("src/healthycity/places/data/seoul_districts.csv", encoding="utf-8") as fh:
        for line in fh:
            if line.startswith(("#", "code")):
                continue
            code, _ko, _en, pop = line.strip().split(",")
            rows.append((code, int(pop)))
    codes = [code for code, _ in rows]
    weights = np.array([pop for _, pop in rows], dtype=float)
    weights /= weights.sum()
    profile = district_profile()
    deprivation = np.array([profile[c] for c in codes])
    return codes, weights, draw_chunk(stream(1, "citizens"), N, weights, deprivation)


def test_every_district_has_a_deprivation_index():
    assert len(district_profile()) == 25


def test_adults_with_more_elderly(sample):
    _, _, chunk = sample
    assert chunk.age.min() >= 19
    assert 0.22 <= (chunk.age >= 65).mean() <= 0.32


def test_districts_follow_population(sample):
    codes, weights, chunk = sample
    share = np.bincount(chunk.district, minlength=25) / N
    assert np.allclose(share, weights, atol=0.005)
    assert share[codes.index("11710")] > share[codes.index("11140")]  # Songpa > Jung-gu


def test_more_women_among_the_oldest(sample):
    _, _, chunk = sample
    assert chunk.female[chunk.age >= 80].mean() > 0.6
    assert 0.45 < chunk.female[chunk.age < 60].mean() < 0.55


def test_basic_livelihood_share_differs_by_district(sample):
    codes, _, chunk = sample
    basic = chunk.income == BASIC
    gangbuk = basic[chunk.district == codes.index("11305")].mean()
    seocho = basic[chunk.district == codes.index("11650")].mean()
    assert gangbuk > 2.5 * seocho
    assert 0.03 < basic.mean() < 0.08
    assert 0.02 < (chunk.income == NEAR_POOR).mean() < 0.06


def test_medical_aid_goes_mostly_to_basic_livelihood_recipients(sample):
    _, _, chunk = sample
    assert (chunk.income[chunk.medical_aid] == BASIC).mean() > 0.75


def test_living_alone_more_common_among_the_elderly(sample):
    _, _, chunk = sample
    assert (
        chunk.living_alone[chunk.age >= 65].mean()
        > chunk.living_alone[(chunk.age >= 35) & (chunk.age < 65)].mean() * 1.8
    )


def test_about_five_percent_disabled(sample):
    _, _, chunk = sample
    assert 0.04 < chunk.disability.mean() < 0.07


def test_consents_most_for_care_and_statistics(sample):
    _, _, chunk = sample
    share = {p: granted.mean() for p, granted in chunk.consents.items()}
    assert share["care"] > 0.85 and share["statistics"] > 0.8
    assert share["conference"] < share["partner_feedback"] < share["aid"] < share["statistics"]
    poor = chunk.income <= NEAR_POOR
    assert chunk.consents["aid"][poor].mean() > 0.8


@pytest.mark.django_db
def test_built_city_roughly_as_documented(built):
    ages = REFERENCE_YEAR - np.array(Citizen.objects.values_list("birth_year", flat=True))
    assert 0.15 < (ages >= 65).mean() < 0.4
    assert ages.min() >= 19
    assert District.objects.count() == 25
