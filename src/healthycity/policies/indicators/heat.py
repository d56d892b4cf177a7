"""A member city's disaggregated data in the WHO HEAT Plus upload template → the same summary
measures as `healthycity equity summarize` (the equity app's `methods.summarize`, not a copy),
stored with the city; and the side-by-side comparison, with small cells suppressed for every
viewer who is not of that city (core.privacy)."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from healthycity.core import uploads
from healthycity.core.privacy import Cell, suppress
from healthycity.equity.exports import as_dict
from healthycity.equity.methods.errors import HeatCsvError, MethodInputError
from healthycity.equity.methods.summarize import parse_heat_rows, summarize_rows
from healthycity.policies.indicators.models import HeatUpload

SHOWN_MEASURES = ("d", "r", "sii", "rii", "aci", "rci", "paf", "par", "bgv", "ti", "mld")


class HeatUploadError(Exception):
    """The file cannot be used; the message names the line and column, in the user's language."""


def decode(data: bytes) -> str:
    """UTF-8 (BOM or not) or cp949, as Korean spreadsheets save CSV."""
    for encoding in ("utf-8-sig", "cp949"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise HeatUploadError(_("The file is neither UTF-8 nor cp949 text."))


def summarize_upload(data: bytes):
    """Rows and summary measures of a HEAT Plus CSV (equity.methods.summarize)."""
    if len(data) > uploads.limit("heat"):
        raise HeatUploadError(uploads.message("heat", len(data)))
    try:
        rows = parse_heat_rows(csv.reader(io.StringIO(decode(data))))
        records = summarize_rows(rows)
    except (HeatCsvError, MethodInputError) as exc:
        raise HeatUploadError(str(exc)) from None
    return rows, records


def store_upload(
    *, city, data: bytes, file_name: str, by=None, synthetic: bool = False
) -> HeatUpload:
    """Summarise and keep a HEAT Plus upload of `city`. Side effect: one HeatUpload row."""
    rows, records = summarize_upload(data)
    with transaction.atomic():
        return HeatUpload.objects.create(
            city=city,
            file_name=file_name[:255],
            by=by,
            synthetic=synthetic,
            rows=[
                {
                    "line": r.line,
                    "setting": r.setting,
                    "year": r.year,
                    "indicator": r.indicator_abbr,
                    "dimension": r.dimension,
                    "subgroup": r.subgroup,
                    "estimate": r.estimate,
                    "se": r.se,
                    "population": r.population,
                    "order": r.subgroup_order,
                }
                for r in rows
            ],
            measures=[as_dict(m) for m in records],
        )


@dataclass
class Comparison:
    """HEAT measures of one indicator and dimension, city by city (latest upload each)."""

    indicator: str
    dimension: str
    cities: (
        list  # [{"city", "upload", "year", "suppressed", "subgroups": [...], "measures": {m: row}}]
    )
    measures: tuple[str, ...] = SHOWN_MEASURES


def choices(uploads) -> list[tuple[str, str]]:
    """Every (indicator, dimension) pair found in the uploads."""
    pairs = {(r["indicator"], r["dimension"]) for u in uploads for r in u.rows}
    return sorted(pairs)


def compare(uploads, *, indicator: str, dimension: str, unsuppressed_for) -> Comparison:
    """The latest upload of each city having `indicator`/`dimension`. `unsuppressed_for(city)`
    says whether the viewer may see that city's small cells (its own city, or an official)."""
    latest: dict[int, HeatUpload] = {}
    for upload in uploads:  # newest first
        has = any(r["indicator"] == indicator and r["dimension"] == dimension for r in upload.rows)
        if has and upload.city_id not in latest:
            latest[upload.city_id] = upload
    out = []
    for upload in latest.values():
        rows = [
            r for r in upload.rows if r["indicator"] == indicator and r["dimension"] == dimension
        ]
        year = max(r["year"] for r in rows)
        rows = [r for r in rows if r["year"] == year]
        hidden = set() if unsuppressed_for(upload.city) else _suppressed(rows)
        subgroups = [
            {**r, "estimate": None if r["subgroup"] in hidden else r["estimate"],
             "population": None if r["subgroup"] in hidden else r["population"],
             "suppressed": r["subgroup"] in hidden}
            for r in rows
        ]  # fmt: skip
        measures = {
            m["measure"]: m
            for m in upload.measures
            if m["indicator_abbr"] == indicator
            and m["dimension"] == dimension
            and m["year"] == year
        }
        if hidden:  # a measure could give a hidden subgroup away: withheld, as equity's reports do
            measures = {}
        out.append(
            {
                "city": upload.city,
                "upload": upload,
                "year": year,
                "suppressed": bool(hidden),
                "subgroups": subgroups,
                "measures": measures,
            }
        )
    out.sort(key=lambda c: c["city"].name_en)
    return Comparison(indicator=indicator, dimension=dimension, cities=out)


def _suppressed(rows: list[dict]) -> set[str]:
    """Subgroups with fewer people than SMALL_CELL_K, and the complementary ones (core.privacy).
    A subgroup without a population cannot be checked, so it is hidden too."""
    cells = [Cell(r["subgroup"], int(r["population"] or 0)) for r in rows]
    hidden = {c.key for c in suppress(cells) if c.suppressed}
    hidden |= {r["subgroup"] for r in rows if r["population"] is None}
    return hidden
