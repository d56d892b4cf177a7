"""Demo data for the health app: body-composition scans, blood pressure, grip and gait for older
people, and wearable steps, for citizens with an active care consent.

The distributions are synthetic but shaped after Korean adult figures (KNHANES-like means: BMI
about 24, SBP about 118 mmHg) and differ by income band, district, sex and age, so that the
equity dashboards have inequality to find: lower income bands get a higher BMI and body fat,
higher blood pressure, weaker grip and fewer steps. Written with COPY (PostgreSQL) or
executemany, never a model instance per row: 100 000 citizens take a few seconds.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
from django.db import connection
from django.utils import timezone

from healthycity.citizens.enums import INCOME_BAND_ORDER, ConsentPurpose
from healthycity.citizens.models import Citizen, Consent
from healthycity.demo.writer import TableWriter, db_datetime, uuid_hex
from healthycity.health.codes import catalogue
from healthycity.health.enums import Context, SourceKind
from healthycity.health.models import DailySteps, Measurement

CHUNK = 50_000
STEP_DAYS = 5  # days of wearable steps per wearer (the demo citizen gets 60)
DEVICES = ["InBody120", "InBody270", "InBody570"]
BODY = [
    "height_cm", "waist_cm", "weight_kg", "tbw_l", "icw_l", "ecw_l", "protein_kg", "minerals_kg",
    "bfm_kg", "ffm_kg", "smm_kg", "bmi", "pbf_percent", "ecw_tbw", "vfl", "bmr_kcal", "inbody_score",
    "phase_angle_deg", "asm_kg", "smi_kg_m2", "lean_right_arm_kg", "lean_left_arm_kg",
    "lean_trunk_kg", "lean_right_leg_kg", "lean_left_leg_kg", "fat_right_arm_kg",
    "fat_left_arm_kg", "fat_trunk_kg", "fat_right_leg_kg", "fat_left_leg_kg",
    "systolic_mmhg", "diastolic_mmhg", "heart_rate_bpm", "grip_kg", "gait_speed_mps", "chair_stand_s",
]  # fmt: skip
INTEGERS = {"vfl", "bmr_kcal", "inbody_score", "systolic_mmhg", "diastolic_mmhg", "heart_rate_bpm"}


def populate(ctx) -> None:
    rng = ctx.rng_for("health")
    district_effect = {code: rng.normal(0, 0.5) for code in sorted(ctx.districts)}
    by_pk = {d.pk: district_effect[code] for code, d in ctx.districts.items()}
    scans = TableWriter(
        Measurement,
        [
            "external_id",
            "created_at",
            "updated_at",
            "citizen",
            "taken_at",
            "context",
            "place",
            "source",
            "device_model",
            "device_serial",
            *BODY,
        ],
    )
    steps = TableWriter(
        DailySteps,
        ["external_id", "created_at", "updated_at", "citizen", "date", "steps", "device", "source"],
    )
    advance = ctx.progress("Health records", ctx.n_citizens)
    for ids in ctx.citizen_ids(CHUNK):
        people = _consented(ids)
        if len(people):
            _write(rng, people, by_pk, ctx.citizen.pk, scans, steps)
        advance(len(ids))


def _consented(ids: list[int]) -> np.ndarray:
    care = (
        Consent.objects.active()
        .filter(purpose=ConsentPurpose.CARE, citizen_id__in=ids)
        .values("citizen_id")
    )
    rows = (
        Citizen.objects.filter(pk__in=care)
        .order_by("pk")
        .values_list("pk", "birth_year", "sex", "district_id", "income_band")
    )
    return np.array(list(rows), dtype=object)


def _write(rng, people, district_effect, demo_pk, scans, steps) -> None:
    now = timezone.now()
    n = len(people)
    pk = people[:, 0].astype(np.int64)
    age = (now.year - people[:, 1].astype(int)).astype(float)
    male = people[:, 2] == "M"
    # 0 for the most advantaged band (q5), 1 for basic livelihood recipients.
    top = max(INCOME_BAND_ORDER.values())
    disadvantage = np.array([(top - INCOME_BAND_ORDER[b]) / (top - 1) for b in people[:, 4]])
    place = np.array([district_effect[d] for d in people[:, 3]])
    k = rng.choice([1, 2, 3], size=n, p=[0.5, 0.3, 0.2])
    k[pk == demo_pk] = 8
    who = np.repeat(np.arange(n), k)
    order = np.concatenate([np.arange(j) for j in k])  # 0 = first scan
    # Scans 100 days apart (± up to 40): never two of one person on the same day (the natural
    # key is citizen + time + device), and far enough back that the last one is in the past.
    first_days_ago = rng.integers(1, 360, size=n) + k * 100
    days_ago = first_days_ago[who] - order * 100 - rng.integers(0, 40, size=len(who))
    minutes = rng.integers(9 * 60, 17 * 60, size=len(who))
    base = _sitting(rng, n, age, male, disadvantage, place)
    drift = rng.normal(-0.3, 1.2, size=len(who)) * order  # small change between scans
    values = _derive(rng, base, who, drift, age, male, disadvantage)
    today = timezone.localdate()
    taken = _timestamps(today, days_ago, minutes)
    stamp = db_datetime(now)
    m = len(who)
    device = rng.integers(0, len(DEVICES), size=n)[who]
    serial = [f"DEMO-{DEVICES[d][-3:]}-{d:02d}" for d in device]
    columns = [
        uuid_hex(rng, m),
        [stamp] * m,
        [stamp] * m,
        pk[who].tolist(),
        taken,
        [Context.CENTRE] * m,
        [""] * m,
        [SourceKind.DEMO] * m,
        [DEVICES[d] for d in device],
        serial,
    ]
    columns += [_column(values[f], f) for f in BODY]
    scans.write(zip(*columns, strict=True))
    _write_steps(rng, pk, age, disadvantage, place, demo_pk, steps, stamp, today)


def _sitting(rng, n, age, male, p, place) -> dict:
    height = (
        np.where(male, rng.normal(171, 6, n), rng.normal(158, 5.5, n))
        - np.clip(age - 60, 0, None) * 0.12
    )
    bmi = rng.normal(23.2 + 1.6 * p + 0.02 * (age - 45) + place, 3.0)
    return {"height": height, "bmi": bmi, "noise": rng.normal(0, 1, (8, n))}


def _derive(rng, base, who, drift, age, male, p) -> dict:
    h = base["height"][who] / 100
    bmi = base["bmi"][who] + drift / 2.5
    weight = bmi * h * h
    a, sex, dis, z = age[who], male[who], p[who], base["noise"][:, who]
    pbf = (
        np.where(sex, 20 + 1.0 * (bmi - 23), 30 + 1.0 * (bmi - 23))
        + 2.5 * dis
        + 0.05 * (a - 45)
        + 2.5 * z[0]
    )
    bfm = weight * pbf / 100
    ffm = weight - bfm
    tbw = 0.732 * ffm
    ecw_tbw = 0.378 + 0.0007 * (a - 45) + 0.004 * z[1]
    smm = 0.565 * ffm - 0.03 * np.clip(a - 50, 0, None) + 0.5 * z[2]
    asm = 0.74 * smm
    sbp = 114 + 0.45 * (a - 45) + 0.9 * (bmi - 23) + 5 * dis + 12 * z[3]
    old = a >= 65
    v = {
        "height_cm": h * 100, "weight_kg": weight, "bmi": bmi, "pbf_percent": pbf, "bfm_kg": bfm, "ffm_kg": ffm,
        "tbw_l": tbw, "ecw_l": tbw * ecw_tbw, "icw_l": tbw * (1 - ecw_tbw), "ecw_tbw": ecw_tbw,
        "protein_kg": 0.196 * ffm, "minerals_kg": 0.071 * ffm, "smm_kg": smm, "asm_kg": asm, "smi_kg_m2": asm / (h * h),
        "waist_cm": np.where(sex, 2.9 * bmi + 14, 2.8 * bmi + 11) + 3 * z[4],
        "vfl": (pbf - 14) / 2, "bmr_kcal": 370 + 21.6 * ffm, "inbody_score": 80 - 1.2 * np.abs(pbf - np.where(sex, 15, 23)) + 0.8 * z[5],
        "phase_angle_deg": np.where(sex, 6.4, 5.6) - 0.025 * (a - 45) + 0.4 * z[6],
        "lean_right_arm_kg": 0.052 * ffm, "lean_left_arm_kg": 0.051 * ffm, "lean_trunk_kg": 0.46 * ffm,
        "lean_right_leg_kg": 0.168 * ffm, "lean_left_leg_kg": 0.166 * ffm,
        "fat_right_arm_kg": 0.07 * bfm, "fat_left_arm_kg": 0.071 * bfm, "fat_trunk_kg": 0.5 * bfm,
        "fat_right_leg_kg": 0.145 * bfm, "fat_left_leg_kg": 0.145 * bfm,
        "systolic_mmhg": sbp, "diastolic_mmhg": 0.55 * sbp + 12 + 6 * z[7], "heart_rate_bpm": rng.normal(72, 9, len(who)),
        "grip_kg": np.where(old, np.where(sex, 33 - 0.4 * (a - 65), 21 - 0.28 * (a - 65)) - 3 * dis + rng.normal(0, 4.5, len(who)), np.nan),
        "gait_speed_mps": np.where(old, 1.15 - 0.013 * (a - 65) - 0.1 * dis + rng.normal(0, 0.17, len(who)), np.nan),
        "chair_stand_s": np.where(old, 10 + 0.15 * (a - 65) + 1.2 * dis + rng.normal(0, 2.2, len(who)), np.nan),
    }  # fmt: skip
    return v


def _column(values: np.ndarray, field: str) -> list:
    code = catalogue()[field]
    clipped = np.clip(values, code.min, code.max)
    missing = np.isnan(clipped)
    if field in INTEGERS:
        shown = np.rint(np.nan_to_num(clipped)).astype(np.int64).astype(object)
    else:
        shown = np.round(clipped, 3 if field in ("ecw_tbw", "gait_speed_mps") else 1).astype(object)
    if missing.any():
        shown[missing] = None
    return shown.tolist()


def _timestamps(today, days_ago: np.ndarray, minutes: np.ndarray) -> list:
    """Local (Seoul, UTC+9 all year) times as the database driver stores them, vectorised."""
    local = (
        np.datetime64(today.isoformat(), "m")
        - days_ago.astype("timedelta64[D]")
        + minutes.astype("timedelta64[m]")
    )
    utc = local - np.timedelta64(9 * 60, "m")
    text = np.datetime_as_string(utc, unit="s")
    if connection.vendor == "postgresql":
        return [t.replace("T", " ") + "+00:00" for t in text.tolist()]
    return [t.replace("T", " ") for t in text.tolist()]


def _write_steps(rng, pk, age, p, place, demo_pk, writer, stamp, today) -> None:
    wears = (rng.random(len(pk)) < 0.35) | (pk == demo_pk)
    idx = np.flatnonzero(wears)
    days = np.where(pk[idx] == demo_pk, 60, STEP_DAYS)
    who = np.repeat(idx, days)
    back = np.concatenate([np.arange(1, d + 1) for d in days]) if len(days) else np.array([], int)
    mean = 8200 - 2600 * p[who] - 55 * np.clip(age[who] - 50, 0, None) - 300 * place[who]
    count = np.clip(rng.lognormal(np.log(np.clip(mean, 800, None)), 0.35), 0, 60000).astype(int)
    dates = [today - dt.timedelta(days=int(b)) for b in back]
    n = len(who)
    writer.write(
        zip(
            uuid_hex(rng, n),
            [stamp] * n,
            [stamp] * n,
            pk[who].tolist(),
            dates,
            count.tolist(),
            ["demo-band"] * n,
            [SourceKind.DEMO] * n,
            strict=True,
        )
    )
