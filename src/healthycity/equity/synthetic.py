"""A synthetic analytics snapshot for benchmarks and tests: deterministic for a seed, written in
chunks so it scales to ten million rows in bounded memory.

Distributions are plausible, not realistic: BMI, waist, body fat, grip, blood pressure and steps
depend on sex, age, income and district so that there is inequality to find.
"""

from __future__ import annotations

import csv
from functools import lru_cache
from importlib import resources
from pathlib import Path

import numpy as np
import pyarrow as pa

from healthycity.citizens.enums import INCOME_BAND_ORDER
from healthycity.equity.snapshot import SCHEMA, open_writer

INCOME_BANDS = list(INCOME_BAND_ORDER)  # ordered, most disadvantaged first
INCOME_P = np.array([0.06, 0.06, 0.18, 0.18, 0.18, 0.17, 0.17])


@lru_cache(maxsize=1)
def districts() -> tuple[list[str], np.ndarray]:
    text = resources.files("healthycity.places").joinpath("data", "seoul_districts.csv")
    lines = [ln for ln in text.read_text("utf-8").splitlines() if not ln.startswith("#")]
    rows = list(csv.DictReader(lines))
    weights = np.array([float(r["population_approx"]) for r in rows])
    return [r["code"] for r in rows], weights / weights.sum()


def _missing(rng, values: np.ndarray, p: float) -> np.ndarray:
    values = values.astype(np.float32)
    values[rng.random(values.size) < p] = np.nan
    return values


def generate_chunk(n: int, *, seed: int, chunk_no: int = 0, period: str = "2025") -> pa.Table:
    """`n` synthetic people (logical rows, snapshot.SCHEMA); the same (seed, chunk_no) gives the
    same rows. `snapshot.encode` turns them into the stored format."""
    rng = np.random.default_rng([seed, chunk_no])
    codes, weights = districts()
    d_idx = rng.choice(len(codes), size=n, p=weights)
    d_effect = (d_idx % 7 - 3) * 0.25  # district-level gradient
    male = rng.random(n) < 0.48
    age = np.clip(rng.gamma(3.2, 9.0, n) + 20, 20, 104).astype(np.int16)
    inc = rng.choice(len(INCOME_BANDS), size=n, p=INCOME_P)
    poor = (6 - inc) / 6.0  # 1 = most disadvantaged
    medical_aid = (inc <= 1) & (rng.random(n) < 0.7) | (rng.random(n) < 0.02)
    living_alone = rng.random(n) < 0.15 + 0.15 * (age >= 65) + 0.1 * poor
    disability = rng.random(n) < 0.03 + 0.004 * np.maximum(age - 50, 0)
    old = age >= 65
    bmi = rng.normal(23.2 + 0.9 * male + 1.3 * poor + d_effect + 0.02 * (age - 40), 3.3)
    waist = 0.0 + 2.4 * bmi + 20 + 5 * male + rng.normal(0, 4.5, n)
    pbf = rng.normal(np.where(male, 21, 30) + 1.1 * (bmi - 23) + 2 * poor, 4.5)
    grip = rng.normal(np.where(male, 38, 24) - 0.35 * np.maximum(age - 50, 0) - 2 * poor, 5.5)
    gait = rng.normal(1.25 - 0.012 * np.maximum(age - 60, 0) - 0.08 * poor, 0.2)
    chair = rng.normal(9 + 0.15 * np.maximum(age - 60, 0) + 1.5 * poor, 2.2)
    sbp = rng.normal(118 + 0.55 * (age - 40) + 5 * male + 4 * poor + 2 * d_effect, 14)
    dbp = 0.45 * sbp + rng.normal(20 + 3 * male, 7)
    steps = rng.gamma(6.0, (8200 - 1800 * poor - 45 * np.maximum(age - 50, 0)).clip(2000) / 6.0)
    days = rng.integers(0, 366, n).astype(np.int16)
    has_scan = rng.random(n) < 0.8
    has_steps = days > 0
    f = np.float32
    arrays = {
        "pid": pa.array(np.arange(n, dtype=np.int64) + chunk_no * 10_000_000).cast(pa.string()),
        "period": pa.array([period] * n),
        "district": pa.array(np.array(codes)[d_idx]),
        "sex": pa.array(np.where(male, "M", "F")),
        "birth_year": pa.array((int(period[:4]) - age).astype(np.int16)),
        "age": pa.array(age),
        "age_band": pa.array((np.minimum(age // 5 * 5, 100)).astype(np.int16)),
        "income_band": pa.array(np.array(INCOME_BANDS)[inc]),
        "income_order": pa.array((inc + 1).astype(np.int8)),
        "medical_aid": pa.array(medical_aid),
        "living_alone": pa.array(living_alone),
        "disability": pa.array(disability),
        "bmi": pa.array(np.where(has_scan, np.round(bmi, 1), np.nan).astype(f), from_pandas=True),
        "waist_cm": pa.array(
            _missing(rng, np.where(has_scan, np.round(waist, 1), np.nan), 0.1), from_pandas=True
        ),
        "pbf": pa.array(np.where(has_scan, np.round(pbf, 1), np.nan).astype(f), from_pandas=True),
        "asm_index": pa.array(
            _missing(
                rng, np.round(np.where(male, 7.6, 6.0) - 0.3 * poor + rng.normal(0, 0.7, n), 2), 0.3
            ),
            from_pandas=True,
        ),
        "grip_kg": pa.array(
            _missing(rng, np.where(old, np.round(grip, 1), np.nan), 0.2), from_pandas=True
        ),
        "gait_speed": pa.array(
            _missing(rng, np.where(old, np.round(gait, 2), np.nan), 0.4), from_pandas=True
        ),
        "chair_stand_s": pa.array(
            _missing(rng, np.where(old, np.round(chair, 1), np.nan), 0.5), from_pandas=True
        ),
        "sbp": pa.array(_missing(rng, np.round(sbp), 0.25), from_pandas=True),
        "dbp": pa.array(_missing(rng, np.round(dbp), 0.25), from_pandas=True),
        "steps_mean": pa.array(
            np.where(has_steps, np.round(steps), np.nan).astype(f), from_pandas=True
        ),
        "steps_days": pa.array(days),
    }
    sbp_arr = arrays["sbp"]
    arrays["dbp"] = pa.array(
        np.where(
            np.isnan(sbp_arr.to_numpy(zero_copy_only=False)),
            np.nan,
            arrays["dbp"].to_numpy(zero_copy_only=False),
        ).astype(f),
        from_pandas=True,
    )
    # Walking missions (drawn last, so the columns above stay as they were for a seed): the
    # better-off and the younger join more often; goal days follow their steps.
    member = has_steps & (rng.random(n) < 0.25 - 0.1 * poor + 0.002 * np.minimum(age - 20, 50))
    goal = np.where(age < 70, 8000, 5000)
    share = np.clip(rng.normal(steps / goal * 0.55, 0.15), 0, 1)
    arrays["mission_member"] = pa.array(np.where(member, 1.0, np.nan).astype(f), from_pandas=True)
    arrays["mission_goal_share"] = pa.array(
        np.where(member, np.round(share, 3), np.nan).astype(f), from_pandas=True
    )
    arrays["mission_points"] = pa.array(
        np.where(member, np.round(share * 180) * 100, np.nan).astype(f), from_pandas=True
    )
    return pa.table(arrays, schema=SCHEMA)


def write_synthetic(
    path: str | Path, *, rows: int, seed: int = 2026, chunk: int = 1_000_000, period: str = "2025"
) -> Path:
    """Write `rows` synthetic people to a Parquet snapshot at `path`, chunk by chunk."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with open_writer(path) as writer:
        for chunk_no, start in enumerate(range(0, rows, chunk)):
            table = generate_chunk(
                min(chunk, rows - start), seed=seed, chunk_no=chunk_no, period=period
            )
            writer.write(table)
    return path
