"""Demo hook (runs after the practice library's): synthetic indicator values for every member
city and its country, imported through the real SDMX-CSV importer and labelled synthetic;
Seoul's own indicators from the equity snapshots; HEAT Plus uploads for Seoul (from the equity
report by income band), Suwon and Taipei; a second delegate login for Taipei.

Every figure about a member city is SYNTHETIC (COMMENT_OBS says so; the pages show it)."""

from __future__ import annotations

import contextlib
import csv
import io
import tempfile
from pathlib import Path

import numpy as np

from healthycity.policies.indicators.catalogue import sync_catalogue

YEARS = range(2019, 2025)
# (code, typical low, typical high, yearly drift, relative interval half-width or 0)
CITY_INDICATORS = [
    ("ISO37120-12.1", 76.0, 85.5, 0.15, 0.004),
    ("ISO37120-12.2", 280.0, 1300.0, 8.0, 0.0),
    ("ISO37120-12.3", 120.0, 420.0, 4.0, 0.0),
    ("ISO37120-12.4", 2.5, 28.0, -0.4, 0.12),
    ("ISO37120-12.5", 350.0, 1250.0, 10.0, 0.0),
    ("ISO37120-12.6", 8.0, 60.0, 0.8, 0.0),
    ("ISO37120-12.7", 6.0, 28.0, -0.2, 0.08),
    ("SDGPM25", 9.0, 45.0, -0.6, 0.1),
]
COUNTRY_INDICATORS = [
    ("WHOSIS_000001", 70.0, 85.0, 0.15, 0.005),
    ("WHOSIS_000002", 62.0, 74.0, 0.1, 0.006),
    ("MDG_0000000007", 2.0, 30.0, -0.5, 0.15),
    ("NCD_BMI_30A", 4.0, 25.0, 0.2, 0.2),
    ("NCDMORT3070", 8.0, 30.0, -0.2, 0.1),
    ("RS_198", 3.0, 22.0, -0.2, 0.15),
]
COMMENT = "SYNTHETIC: a made-up figure of the demo, not a statistic"
HEADER = [
    "DATAFLOW", "REF_AREA", "INDICATOR", "TIME_PERIOD", "OBS_VALUE", "UNIT_MEASURE",
    "OBS_STATUS", "LOWER_BOUND", "UPPER_BOUND", "COMMENT_OBS",
]  # fmt: skip
HEAT_HEADER = [
    "setting", "year", "indicator_abbr", "dimension", "subgroup", "estimate", "se", "population",
    "favourable_indicator", "indicator_scale", "ordered_dimension", "subgroup_order",
    "reference_subgroup",
]  # fmt: skip
INCOME = ["Q1 (poorest)", "Q2", "Q3", "Q4", "Q5 (richest)"]


def populate(ctx) -> None:
    advance = ctx.progress("City indicators", 4)
    sync_catalogue()
    rng = ctx.rng_for("indicators")
    _import_values(ctx, rng)
    advance(1)
    _platform(ctx)
    advance(1)
    _heat_uploads(ctx, rng)
    advance(1)
    _taipei_delegate(ctx)
    advance(1)


def _series(rng, low, high, drift, rel) -> list[tuple[float, float | None, float | None]]:
    level = rng.uniform(low, high)
    out = []
    for i in range(len(YEARS)):
        value = max(level + drift * i + rng.normal(0, (high - low) * 0.01), 0.1)
        half = value * rel
        out.append(
            (
                round(value, 2),
                round(value - half, 2) if rel else None,
                round(value + half, 2) if rel else None,
            )
        )
    return out


def _rows(rng, area: str, indicators) -> list[list[str]]:
    from healthycity.policies.indicators.models import Indicator

    units = dict(Indicator.objects.values_list("code", "unit_code"))
    rows = []
    for code, low, high, drift, rel in indicators:
        for year, (value, lower, upper) in zip(
            YEARS, _series(rng, low, high, drift, rel), strict=True
        ):
            rows.append(
                ["HEALTHYCITY:DEMO(1.0)", area, code, str(year), repr(value), units.get(code, ""),
                 "E" if year == YEARS[-1] else "A", "" if lower is None else repr(lower),
                 "" if upper is None else repr(upper), COMMENT]
            )  # fmt: skip
    return rows


def _import_values(ctx, rng) -> None:
    from healthycity.policies.indicators.imports import import_file

    rows = []
    for city in ctx.member_cities:
        if city.unlocode:
            rows += _rows(rng, city.unlocode, CITY_INDICATORS)
    for alpha3 in sorted({c.country_alpha3 for c in ctx.member_cities if c.country_alpha3}):
        rows += _rows(rng, alpha3, COUNTRY_INDICATORS)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "afhc-demo-indicators.csv"
        with path.open("w", encoding="utf-8", newline="") as fh:
            writer = csv.writer(fh)
            writer.writerow(HEADER)
            writer.writerows(rows)
        import_file(path=path, kind="sdmx-csv", by=ctx.users.get("official"))


def _platform(ctx) -> None:
    from healthycity.equity.errors import EquityError
    from healthycity.policies.indicators.platform import record_platform_indicators

    # The demo's citizens are synthetic, so are Seoul's figures. Without a host city (a custom
    # member-city file) there is nothing to record.
    with contextlib.suppress(EquityError):
        record_platform_indicators(synthetic=True)


def _heat_csv(rows: list[list]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(HEAT_HEADER)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


def _synthetic_heat(setting: str, rng, year: int) -> bytes:
    rows = []
    for abbr, base, favourable in (("obesity", 30.0, 0), ("hypertension", 24.0, 0)):
        gradient = rng.uniform(1.5, 4.0)
        for order, name in enumerate(INCOME, start=1):
            estimate = base + gradient * (3 - order) + rng.normal(0, 0.8)
            population = int(rng.integers(3000, 12000))
            se = float(np.sqrt(estimate * (100 - estimate) / population))
            rows.append([setting, year, abbr, "income_band", name, round(estimate, 2), round(se, 3),
                         population, favourable, 100, 1, order, 0])  # fmt: skip
    return _heat_csv(rows)


def _seoul_heat(year_fallback: int) -> bytes | None:
    """Seoul's own rows from the equity report of the latest snapshot (by income band)."""
    from healthycity.equity import report, snapshot
    from healthycity.equity.indicators import indicator, stratifier

    periods = snapshot.available_periods()
    if not periods:
        return None
    latest = snapshot.default_path(snapshot.parse_period(periods[-1]))
    ind_ids = ["obesity", "hypertension"]
    rep = report.build_report(
        path=latest,
        indicators=[indicator(i) for i in ind_ids],
        stratifiers=[stratifier("income_band")],
        suppress=True,
    )
    rows = []
    for e in rep.estimates:
        if e.get("estimate") is None or e.get("se") is None or not e.get("population"):
            continue
        rows.append(["Seoul", int(str(e["period"])[:4]), e["indicator"], "income_band",
                     e["subgroup"], round(e["estimate"], 3), round(e["se"], 4), e["population"],
                     0, 100, 1, e["order"] if e["order"] is not None else 1, 0])  # fmt: skip
    return _heat_csv(rows) if rows else None


def _heat_uploads(ctx, rng) -> None:
    from healthycity.equity.errors import EquityError
    from healthycity.equity.methods.errors import MethodInputError
    from healthycity.policies.indicators.heat import HeatUploadError, store_upload

    by_code = {c.unlocode: c for c in ctx.member_cities}
    uploads = []
    if "KRSEL" in by_code:
        try:
            data = _seoul_heat(YEARS[-1])
        except (EquityError, MethodInputError):  # e.g. a stale snapshot: go on without it
            data = None
        if data:
            uploads.append((by_code["KRSEL"], data, "seoul-heat-plus.csv"))
    for code, name in (("KRSWU", "Suwon"), ("TWTPE", "Taipei")):
        if code in by_code:
            uploads.append(
                (
                    by_code[code],
                    _synthetic_heat(name, rng, YEARS[-1]),
                    f"{name.lower()}-heat-plus.csv",
                )
            )
    for city, data, file_name in uploads:
        try:
            store_upload(
                city=city,
                data=data,
                file_name=file_name,
                by=ctx.users.get("official"),
                synthetic=True,
            )
        except HeatUploadError:
            continue


def _taipei_delegate(ctx) -> None:
    from healthycity.accounts.enums import Role
    from healthycity.accounts.models import Membership, User

    taipei = next((c for c in ctx.member_cities if c.unlocode == "TWTPE" and c.organisation), None)
    template = ctx.users.get("delegate")
    if (
        taipei is None
        or template is None
        or User.objects.filter(username="delegate-taipei").exists()
    ):
        return
    user = User.objects.create(
        username="delegate-taipei", password=template.password, preferred_language="en",
        first_name="Taipei", last_name="Delegate",
    )  # fmt: skip
    Membership.objects.create(user=user, organisation=taipei.organisation, role=Role.DELEGATE)
    ctx.users["delegate-taipei"] = user
