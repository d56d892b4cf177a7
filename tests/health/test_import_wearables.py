"""Samsung Health, Fitbit and Open mHealth exports: daily totals asserted exactly, every record
accounted for, bad records quarantined with their line or record number and the reason."""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest

from healthycity.health.imports import ImportFailed, import_file
from healthycity.health.models import DailySteps, Measurement, QuarantinedRow, StepsFlag
from tests.health.wearable_files import (
    fitbit_steps,
    omh_point,
    omh_steps,
    samsung_csv,
    zip_of,
)

pytestmark = pytest.mark.django_db

SAMSUNG_STEPS = "com.samsung.shealth.step_daily_trend"
SAMSUNG_HEADER = ["binning_data", "update_time", "create_time", "source_type", "count", "speed", "distance", "calorie", "day_time", "deviceuuid", "pkg_name", "datauuid"]  # fmt: skip


def day_ms(day: str) -> int:
    return int(dt.datetime.fromisoformat(day).replace(tzinfo=dt.UTC).timestamp() * 1000)


def trend_row(day, count, source_type, update="2026-03-03 01:00:00.000", device="phone-uuid"):
    metres = count * 0.7 if isinstance(count, int) else ""
    return ["", update, "2026-03-02 23:00:00.000", source_type, count, 1.2, metres, "", day_ms(day), device, "com.sec.android.app.shealth", f"{day}-{source_type}-{update}"]  # fmt: skip


def samsung_export(stamp="20260305093000") -> bytes:
    steps = samsung_csv(
        SAMSUNG_STEPS,
        "6310008",
        SAMSUNG_HEADER,
        [
            # 2026-03-02: the phone's row, the watch's row, and Samsung's merged row (-2).
            trend_row("2026-03-02", 3200, 0, device="phone-uuid"),
            trend_row("2026-03-02", 5100, 4, device="watch-uuid"),
            trend_row("2026-03-02", 6004, -2, device="VfS0qUERdZ"),
            # 2026-03-03: merged twice; the later update wins.
            trend_row("2026-03-03", 4000, -2, update="2026-03-03 12:00:00.000"),
            trend_row("2026-03-03", 9876, -2, update="2026-03-04 00:10:00.000"),
            trend_row("2026-03-03", 9000, 4, device="watch-uuid"),
            # 2026-03-04: a merged row of 120 000 steps (flagged), a row with text for a count.
            trend_row("2026-03-04", 120000, -2),
            trend_row("2026-03-04", "lots", 0),
        ],
    )
    weight = samsung_csv(
        "com.samsung.health.weight",
        "6315003",
        ["start_time", "time_offset", "weight", "body_fat", "height", "deviceuuid", "comment"],
        [
            ["2026-03-02 22:10:00.000", "UTC+0900", 61.5, 31.2, 158.0, "scale-uuid", ""],
            ["2026-03-03 22:10:00.000", "UTC+0900", 6150, "", "", "scale-uuid", "typo"],
        ],
        prefix=True,
    )
    pressure = samsung_csv(
        "com.samsung.shealth.blood_pressure",
        "6312002",
        ["start_time", "time_offset", "systolic", "diastolic", "pulse", "deviceuuid"],
        [["2026-03-02 23:00:00.000", "UTC+0900", 131, 84, 70, "cuff-uuid"]],
        prefix=True,
    )
    root = f"samsunghealth_minji_{stamp}/"
    return zip_of(
        {
            f"{root}{SAMSUNG_STEPS}.{stamp}.csv": steps,
            f"{root}com.samsung.health.weight.{stamp}.csv": weight,
            f"{root}com.samsung.shealth.blood_pressure.{stamp}.csv": pressure,
            f"{root}com.samsung.shealth.tracker.heart_rate.{stamp}.csv": "com.samsung.shealth.tracker.heart_rate,1,1\nx,\n",
        }
    )


def run(content: bytes, citizen, kind, name, **kw):
    return import_file(
        fileobj=io.BytesIO(content), file_name=name, kind=kind, citizen=citizen, **kw
    )


def days(citizen, device):
    return {
        d.date.isoformat(): d.steps
        for d in DailySteps.objects.filter(citizen=citizen, device=device)
    }


def test_samsung_daily_total_is_the_merged_row(consented):
    result = run(samsung_export(), consented.citizen, "samsung_health", "samsung.zip")
    assert days(consented.citizen, "samsung-health") == {
        "2026-03-02": 6004, "2026-03-03": 9876, "2026-03-04": 120000,
    }  # fmt: skip
    assert DailySteps.objects.get(date="2026-03-04").flagged
    assert StepsFlag.objects.get().reason == "daily_limit"
    # Steps: 8 rows = 3 merged rows that count + 4 duplicates (device rows, the earlier merged
    # row) + 1 rejected. Readings: the weight sitting, the BP sitting, and a rejected weight.
    assert result.balanced
    assert (result.read, result.imported, result.duplicates, result.rejected) == (11, 5, 4, 2)
    rejected = {q.reason: q for q in QuarantinedRow.objects.filter(batch=result.batch)}
    assert rejected["not_a_number"].line == 10 and "lots" in rejected["not_a_number"].raw
    assert rejected["not_a_number"].column.startswith("com.samsung.shealth.step_daily_trend")
    assert rejected["implausible"].line == 4  # 6 150 kg
    weight = Measurement.objects.get(weight_kg__isnull=False)
    assert (weight.weight_kg, weight.pbf_percent, weight.height_cm) == (61.5, 31.2, 158.0)
    assert weight.taken_at == dt.datetime(2026, 3, 2, 22, 10, tzinfo=dt.UTC)
    bp = Measurement.objects.get(systolic_mmhg__isnull=False)
    assert (bp.systolic_mmhg, bp.diastolic_mmhg, bp.heart_rate_bpm) == (131, 84, 70)
    day = DailySteps.objects.get(date="2026-03-02")
    assert day.exported_at == dt.datetime(2026, 3, 5, 0, 30, tzinfo=dt.UTC)


def test_samsung_reimport_of_the_same_export_adds_nothing(consented):
    run(samsung_export(), consented.citizen, "samsung_health", "samsung.zip")
    again = run(samsung_export(), consented.citizen, "samsung_health", "samsung.zip")
    assert again.imported == 0 and again.duplicates == 9 and again.rejected == 2
    assert DailySteps.objects.count() == 3 and Measurement.objects.count() == 2


def test_samsung_folder_without_step_file_is_explained(consented, tmp_path):
    (tmp_path / "other.csv").write_text("a,b\n1,2\n")
    with pytest.raises(ImportFailed) as error:
        import_file(path=tmp_path, kind="samsung_health", citizen=consented.citizen)
    assert "step_daily_trend" in str(error.value)


def fitbit_folder(tmp_path, zone=None):
    folder = tmp_path / "Takeout" / "Fitbit" / "Physical Activity"
    folder.mkdir(parents=True)
    # UTC times. In Seoul (+9): 2026-03-01 23:00 UTC is 2026-03-02 08:00.
    (folder / "steps-2026-03-01.json").write_text(
        fitbit_steps(
            [
                ("03/01/26 14:59:00", 40),  # 23:59 on 2026-03-01 in Seoul
                ("03/01/26 23:00:00", 100),
                ("03/01/26 23:01:00", 110),
                ("03/02/26 03:30:00", 95),
            ]
        )
    )
    (folder / "steps-2026-04-01.json").write_text(
        json.dumps(
            [
                {"dateTime": "04/01/26 01:00:00", "value": "350"},  # 350 a minute: flagged
                {"dateTime": "04/01/26 01:01:00", "value": "ten"},
                {"dateTime": "yesterday", "value": "1"},
            ]
        )
    )
    if zone:
        profile = tmp_path / "Takeout" / "Fitbit" / "Personal & Account"
        profile.mkdir(parents=True)
        (profile / "Profile.csv").write_text(f"id,first_name,timezone\nABC,Minji,{zone}\n")
    return tmp_path / "Takeout"


def test_fitbit_folder_is_summed_per_local_day(consented, tmp_path):
    result = import_file(path=fitbit_folder(tmp_path), kind="fitbit", citizen=consented.citizen)
    assert days(consented.citizen, "fitbit") == {
        "2026-03-01": 40, "2026-03-02": 305, "2026-04-01": 350,
    }  # fmt: skip
    assert DailySteps.objects.get(date="2026-04-01").flagged
    assert StepsFlag.objects.get().value == 350.0
    assert (result.read, result.imported, result.duplicates, result.rejected) == (7, 5, 0, 2)
    rejected = {q.reason: q for q in QuarantinedRow.objects.filter(batch=result.batch)}
    assert rejected["not_a_number"].line == 2 and rejected["bad_date"].line == 3
    assert rejected["bad_date"].column == "steps-2026-04-01.json"


def test_fitbit_uses_the_profiles_time_zone(consented, tmp_path):
    import_file(
        path=fitbit_folder(tmp_path, "America/New_York"), kind="fitbit", citizen=consented.citizen
    )
    # New York is UTC-5 in early March 2026: 14:59 → 09:59, 23:00 → 18:00, 03:30 → 22:30 (1 March).
    assert days(consented.citizen, "fitbit")["2026-03-01"] == 345


def test_fitbit_zip_and_single_file(consented, tmp_path):
    content = zip_of(
        {
            "Takeout/Fitbit/Global Export Data/steps-2026-03-01.json": fitbit_steps(
                [("03/01/26 23:00:00", 100)]
            )
        }
    )
    run(content, consented.citizen, "fitbit", "takeout.zip")
    one = fitbit_steps([("03/05/26 01:00:00", 77)]).encode()
    run(
        one,
        consented.other_citizen if False else consented.citizen,
        "fitbit",
        "steps-2026-03-05.json",
    )
    assert days(consented.citizen, "fitbit") == {"2026-03-02": 100, "2026-03-05": 77}


def test_open_mhealth_steps_from_two_sources_and_measurements(consented):
    points = [
        # A watch and a phone app counting the same walk, 08:00-08:30 and 08:10-08:40 (+09:00).
        omh_steps(
            1500, "2026-03-02T08:00:00+09:00", "2026-03-02T08:30:00+09:00", source="Galaxy Watch"
        ),
        omh_steps(
            1300, "2026-03-02T08:10:00+09:00", "2026-03-02T08:40:00+09:00", source="Samsung Health"
        ),
        # A 1.0 data point (step_count a bare number), in UTC: 2026-03-02 01:00Z = 10:00 in Seoul.
        omh_steps(
            700,
            "2026-03-02T01:00:00Z",
            "2026-03-02T01:20:00Z",
            source="Samsung Health",
            version="1.0",
        ),
        omh_point(
            "body-weight",
            {
                "body_weight": {"value": 150, "unit": "lb"},
                "effective_time_frame": {"date_time": "2026-03-02T07:00:00+09:00"},
            },
        ),
        omh_point(
            "blood-pressure",
            {
                "systolic_blood_pressure": {"value": 135, "unit": "mmHg"},
                "diastolic_blood_pressure": {"value": 88, "unit": "mmHg"},
                "effective_time_frame": {"date_time": "2026-03-02T07:05:00+09:00"},
            },
        ),
        omh_point(
            "body-weight",
            {
                "body_weight": {"value": 70, "unit": "stone"},
                "effective_time_frame": {"date_time": "2026-03-02T07:00:00+09:00"},
            },
        ),
        omh_point("physical-activity", {"activity_name": "walking"}),
    ]
    result = run(json.dumps(points).encode(), consented.citizen, "omh", "points.json")
    assert days(consented.citizen, "open-mhealth") == {"2026-03-02": 2200}  # 1500 + 700
    weight = Measurement.objects.get(weight_kg__isnull=False)
    assert (
        weight.weight_kg == pytest.approx(68.038856)
        and weight.device_serial == "Withings Health Mate"
    )
    assert Measurement.objects.get(systolic_mmhg__isnull=False).diastolic_mmhg == 88
    assert (result.read, result.imported, result.duplicates, result.rejected) == (6, 4, 1, 1)
    assert QuarantinedRow.objects.get().line == 6
    assert result.skipped == {"physical-activity": 1}


def test_open_mhealth_ndjson_with_a_broken_line_and_durations(consented):
    lines = [
        json.dumps(omh_steps(800, "2026-03-02T18:00:00+09:00", "2026-03-02T18:10:00+09:00")),
        "{not json",
        json.dumps(
            {
                "body": {
                    "step_count": 300,
                    "effective_time_frame": {
                        "time_interval": {
                            "start_date_time": "2026-03-02T19:00:00+09:00",
                            "duration": {"value": 5, "unit": "min"},
                        }
                    },
                }
            }
        ),
    ]
    result = run("\n".join(lines).encode(), consented.citizen, "omh", "points.ndjson")
    assert days(consented.citizen, "open-mhealth") == {"2026-03-02": 1100}
    bad = QuarantinedRow.objects.get()
    assert (bad.line, bad.reason) == (2, "malformed")
    assert result.balanced and result.read == 3


def test_empty_json_is_a_clear_error(consented):
    with pytest.raises(ImportFailed):
        run(b"   \n", consented.citizen, "omh", "points.json")
