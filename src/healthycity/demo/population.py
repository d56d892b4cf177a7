"""Synthetic citizens, drawn column by column with numpy (no Python loop per person).

Every number here is a *synthetic* modelling choice, documented in docs/demo.md ("Distributions");
none is an official statistic. The shape is what matters: more elderly, more basic-livelihood and
near-poor residents in the more deprived districts, more living alone and more disability among the
elderly and the poor — so that the equity dashboards have inequality to find.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from healthycity.citizens.enums import ConsentPurpose, IncomeBand

DATA = Path(__file__).resolve().parent / "data"

# The year the demo city "is in": ages are reference-year minus birth year. A constant, so the
# same seed gives the same birth years whatever the date of the run.
REFERENCE_YEAR = 2026

# Adult age bands [low, high] and their base shares (sum 1; 65+ is 0.27, more than Seoul's adult
# share, because the programme reaches older people through the welfare centres).
AGE_BANDS = np.array(
    [
        [19, 29],
        [30, 39],
        [40, 49],
        [50, 59],
        [60, 64],
        [65, 69],
        [70, 74],
        [75, 79],
        [80, 84],
        [85, 94],
    ]
)
AGE_SHARES = np.array([0.16, 0.15, 0.16, 0.17, 0.09, 0.08, 0.07, 0.05, 0.04, 0.03])
ELDERLY_BAND = AGE_BANDS[:, 0] >= 65

INCOME_BANDS = [band.value for band in IncomeBand]  # basic_livelihood, near_poor, q1 … q5
BASIC, NEAR_POOR, Q1 = 0, 1, 2

MEDICAL_AID_BY_BAND = np.array([0.80, 0.10, 0.01, 0.0, 0.0, 0.0, 0.0])

CONSENT_PURPOSES = [
    p.value for p in ConsentPurpose
]  # care, aid, statistics, partner_feedback, conference


def district_profile() -> dict[str, float]:
    """Deprivation index (0–1) by district code, from data/district_profile.csv."""
    with (DATA / "district_profile.csv").open(encoding="utf-8") as fh:
        rows = csv.DictReader(line for line in fh if not line.startswith("#"))
        return {row["code"]: float(row["deprivation"]) for row in rows}


@dataclass
class Chunk:
    """Columns of one chunk of citizens (index i is one person)."""

    district: np.ndarray  # index into the district list
    age: np.ndarray
    female: np.ndarray  # bool
    income: np.ndarray  # index into INCOME_BANDS
    medical_aid: np.ndarray
    living_alone: np.ndarray
    disability: np.ndarray
    consents: dict[str, np.ndarray]  # purpose -> bool per person

    def __len__(self) -> int:
        return len(self.age)


def _pick(rng: np.random.Generator, probabilities: np.ndarray) -> np.ndarray:
    """One category per row of an (n, k) probability matrix."""
    cdf = np.cumsum(probabilities, axis=1)
    u = rng.random(len(probabilities)) * cdf[:, -1]
    return (u[:, None] > cdf).sum(axis=1)


def age_shares(deprivation: np.ndarray) -> np.ndarray:
    """(districts, bands): older populations in more deprived districts (elderly × 0.75–1.25)."""
    shares = np.tile(AGE_SHARES, (len(deprivation), 1))
    shares[:, ELDERLY_BAND] *= (0.75 + 0.5 * deprivation)[:, None]
    return shares / shares.sum(axis=1, keepdims=True)


def income_probabilities(deprivation: np.ndarray, age: np.ndarray) -> np.ndarray:
    """(n, 7) probabilities over INCOME_BANDS for people with these districts' deprivation and ages."""
    elderly = age >= 65
    age_mult = np.where(age >= 80, 2.2, np.where(elderly, 1.6, 0.8))
    p_basic = (0.015 + 0.07 * deprivation) * age_mult
    p_near = (0.01 + 0.03 * deprivation) * np.where(elderly, 1.5, 1.0)
    tilt = np.clip((deprivation - 0.5) * 1.2 + np.where(elderly, 0.4, 0.0), -0.9, 0.9)
    steps = np.array([1.0, 0.5, 0.0, -0.5, -1.0])  # Q1 … Q5
    quintiles = 1.0 + tilt[:, None] * steps[None, :]
    quintiles /= quintiles.sum(axis=1, keepdims=True)
    rest = 1.0 - p_basic - p_near
    return np.column_stack([p_basic, p_near, quintiles * rest[:, None]])


def living_alone_probability(age: np.ndarray, income: np.ndarray) -> np.ndarray:
    base = np.select([age >= 80, age >= 65, age >= 35], [0.35, 0.22, 0.10], default=0.18)
    return np.minimum(base * np.where(income <= NEAR_POOR, 1.5, 1.0), 0.9)


def disability_probability(age: np.ndarray, income: np.ndarray) -> np.ndarray:
    base = np.select([age >= 80, age >= 65, age >= 50], [0.15, 0.09, 0.05], default=0.02)
    return base * np.where(income == BASIC, 1.8, 1.0)


def consent_probabilities(income: np.ndarray) -> dict[str, np.ndarray]:
    """Most consent to care and statistics; aid mostly those who may receive it; few to the rest."""
    n = len(income)
    aid = np.where(income <= NEAR_POOR, 0.85, np.where(income == Q1, 0.5, 0.3))
    return {
        ConsentPurpose.CARE.value: np.full(n, 0.90),
        ConsentPurpose.AID.value: aid,
        ConsentPurpose.STATISTICS.value: np.full(n, 0.85),
        ConsentPurpose.PARTNER_FEEDBACK.value: np.full(n, 0.25),
        ConsentPurpose.CONFERENCE.value: np.full(n, 0.08),
    }


def draw_chunk(
    rng: np.random.Generator, n: int, district_weights: np.ndarray, deprivation: np.ndarray
) -> Chunk:
    """`n` citizens: district by population, then age, sex, income and markers conditioned on it."""
    district = rng.choice(len(district_weights), size=n, p=district_weights)
    band = _pick(rng, age_shares(deprivation)[district])
    low, high = AGE_BANDS[band, 0], AGE_BANDS[band, 1]
    age = low + (rng.random(n) * (high - low + 1)).astype(np.int64)
    p_female = np.select([age >= 80, age >= 60], [0.65, 0.55], default=0.50)
    female = rng.random(n) < p_female
    income = _pick(rng, income_probabilities(deprivation[district], age))
    medical_aid = rng.random(n) < MEDICAL_AID_BY_BAND[income]
    living_alone = rng.random(n) < living_alone_probability(age, income)
    disability = rng.random(n) < disability_probability(age, income)
    consents = {purpose: rng.random(n) < p for purpose, p in consent_probabilities(income).items()}
    return Chunk(district, age, female, income, medical_aid, living_alone, disability, consents)
