"""The halls of the venue (outlines from a versioned data file) and the geometry rules a booth
must keep: inside its hall's walls, clear of every other booth, of a size a stand can have.

Checked with shapely (GEOS), not by hand: a hall outline is a polygon with curved walls drawn
as many straight segments, and "inside" must mean inside that polygon, not its bounding box.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.utils.translation import gettext as _
from shapely.geometry import Polygon, box

from healthycity.core.i18n import in_language

HALLS_FILE = Path(__file__).resolve().parent.parent / "data" / "ddp_halls.json"
# A stand is at least 1 m wide (a counter) and at most 30 m (an island); larger is a typing error.
MIN_SIDE_M, MAX_SIDE_M = 1.0, 30.0


@dataclass(frozen=True)
class Entrance:
    start: tuple[float, float]
    end: tuple[float, float]
    name_ko: str
    name_en: str

    @property
    def name(self) -> str:
        return in_language(self.name_ko, self.name_en)


@dataclass(frozen=True)
class Hall:
    code: str
    name_ko: str
    name_en: str
    outline: tuple[tuple[float, float], ...]
    entrances: tuple[Entrance, ...]

    @property
    def name(self) -> str:
        return in_language(self.name_ko, self.name_en)

    @property
    def polygon(self) -> Polygon:
        return Polygon(self.outline)

    @property
    def bounds(self) -> tuple[float, float, float, float]:
        """(min x, min y, max x, max y) in metres."""
        return tuple(self.polygon.bounds)  # type: ignore[return-value]


@dataclass(frozen=True)
class Venue:
    code: str
    name_ko: str
    name_en: str
    version: str
    source: str
    halls: dict[str, Hall]

    @property
    def name(self) -> str:
        return in_language(self.name_ko, self.name_en)


@cache
def venue(path: Path = HALLS_FILE) -> Venue:
    """The venue's halls, read once from the data file (a broken file fails loudly at start)."""
    data = json.loads(path.read_text(encoding="utf-8"))
    halls = {}
    for h in data["halls"]:
        outline = tuple((float(x), float(y)) for x, y in h["outline"])
        polygon = Polygon(outline)
        if not polygon.is_valid or polygon.area <= 0:
            raise ValueError(
                f"{path.name}: the outline of hall {h['code']} is not a simple polygon"
            )
        halls[h["code"]] = Hall(
            code=h["code"],
            name_ko=h["name_ko"],
            name_en=h["name_en"],
            outline=outline,
            entrances=tuple(
                Entrance(
                    start=tuple(e["from"]),
                    end=tuple(e["to"]),
                    name_ko=e["name_ko"],
                    name_en=e["name_en"],
                )
                for e in h.get("entrances", [])
            ),
        )
    return Venue(
        code=data["venue"],
        name_ko=data["venue_name_ko"],
        name_en=data["venue_name_en"],
        version=data["version"],
        source=data["source"],
        halls=halls,
    )


def hall(code: str) -> Hall | None:
    return venue().halls.get(code)


def hall_choices() -> list[tuple[str, str]]:
    return [(h.code, f"{h.name_ko} · {h.name_en}") for h in venue().halls.values()]


@dataclass(frozen=True)
class Footprint:
    """A booth's rectangle in its hall (metres, north-west corner and size)."""

    number: str
    hall: str
    x: float
    y: float
    width: float
    depth: float

    @property
    def shape(self):
        return box(self.x, self.y, self.x + self.width, self.y + self.depth)


def footprint_errors(fp: Footprint, others: Iterable[Footprint] = ()) -> dict[str, str]:
    """What is wrong with a booth's place, by field ({} when it fits). `others` are the other
    booths of the event (any hall; only those of the same hall are compared)."""
    errors: dict[str, str] = {}
    where = hall(fp.hall)
    if where is None:
        known = ", ".join(venue().halls)
        errors["hall"] = _("There is no hall '%(hall)s'; known halls: %(known)s.") % {
            "hall": fp.hall,
            "known": known,
        }
        return errors
    for field, value in (("width", fp.width), ("depth", fp.depth)):
        if not MIN_SIDE_M <= value <= MAX_SIDE_M:
            errors[field] = _("A booth side must be %(lo)s–%(hi)s m; this one is %(value)s m.") % {
                "lo": f"{MIN_SIDE_M:g}",
                "hi": f"{MAX_SIDE_M:g}",
                "value": f"{value:g}",
            }
    if errors:
        return errors
    if not where.polygon.covers(fp.shape):
        errors["x"] = _(
            "Booth %(number)s (%(x)s, %(y)s; %(w)s × %(d)s m) does not fit inside %(hall)s."
        ) % {
            "number": fp.number,
            "x": f"{fp.x:g}",
            "y": f"{fp.y:g}",
            "w": f"{fp.width:g}",
            "d": f"{fp.depth:g}",
            "hall": where.name,
        }
        return errors
    shape = fp.shape
    for other in others:
        if other.hall != fp.hall or other.number == fp.number:
            continue
        if shape.intersection(other.shape).area > 1e-6:
            errors["x"] = _("Booth %(number)s overlaps booth %(other)s.") % {
                "number": fp.number,
                "other": other.number,
            }
            break
    return errors
