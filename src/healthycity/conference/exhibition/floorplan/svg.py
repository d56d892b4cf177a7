"""The floor plan as SVG, drawn on the server from the hall outlines and the booths' geometry.

`plan_for(hall, booths)` computes what to draw (in metres: the SVG's user unit is one metre, so
the plan scales to any screen); the templates `exhibition/_hall.svg` (inline in pages, where each
booth is a keyboard-focusable link with a title) and `exhibition/floorplan.svg` (a standalone
file) draw it. Text is escaped by the template engine, never pasted into markup here.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from healthycity.conference.exhibition.floorplan.geometry import Hall

MARGIN_M = 2.0  # around the hall outline, for entrance labels


class BoothKind:
    PARTNER = "partner"  # a partner company of the healthy-city agreement
    EXHIBITOR = "exhibitor"  # another exhibitor the city added
    VACANT = "vacant"


@dataclass
class BoothInput:
    """What the renderer needs to know of one booth."""

    number: str
    x: float
    y: float
    width: float
    depth: float
    kind: str = BoothKind.VACANT
    exhibitor: str = ""
    station: bool = False
    url: str = ""


@dataclass
class BoothShape:
    number: str
    x: float
    y: float
    width: float
    depth: float
    kind: str
    exhibitor: str
    station: bool
    url: str
    label: str  # the accessible name: number, exhibitor, kind, station
    number_size: float
    name_lines: list[str] = field(default_factory=list)
    name_size: float = 0.0
    current: bool = False

    @property
    def cx(self) -> float:
        return self.x + self.width / 2

    @property
    def cy(self) -> float:
        return self.y + self.depth / 2

    @property
    def number_y(self) -> float:
        """Baseline of the booth number: centred, or above the exhibitor's name."""
        if not self.name_lines:
            return self.cy + self.number_size * 0.35
        block = self.number_size + len(self.name_lines) * self.name_size * 1.15
        return self.cy - block / 2 + self.number_size * 0.85

    @property
    def name_ys(self) -> list[float]:
        first = self.number_y + self.name_size * 1.3
        return [first + i * self.name_size * 1.15 for i in range(len(self.name_lines))]

    @property
    def name_pairs(self) -> list[tuple[str, float]]:
        return list(zip(self.name_lines, self.name_ys, strict=True))

    @property
    def station_x(self) -> float:
        return self.x + self.width - 0.75

    @property
    def station_y(self) -> float:
        return self.y + 0.75


@dataclass
class EntranceShape:
    x1: float
    y1: float
    x2: float
    y2: float
    name: str
    label_x: float
    label_y: float
    anchor: str
    rotate: int = 0  # labels of doors in side walls run along the wall, outside it

    @property
    def transform(self) -> str:
        return f"rotate({self.rotate} {self.label_x:g} {self.label_y:g})" if self.rotate else ""


@dataclass
class HallPlan:
    hall: Hall
    booths: list[BoothShape]
    entrances: list[EntranceShape]
    min_x: float
    min_y: float
    width: float
    height: float
    scale: float = 1.0  # this hall's width relative to the widest hall shown with it

    @property
    def dom_id(self) -> str:
        return f"hall-{self.hall.code}"

    @property
    def viewbox(self) -> str:
        return f"{self.min_x:g} {self.min_y:g} {self.width:g} {self.height:g}"

    @property
    def title(self) -> str:
        return _("Floor plan of %(hall)s") % {"hall": self.hall.name}

    @property
    def description(self) -> str:
        return ngettext(
            "%(n)s booth. Each booth with an exhibitor is a link to the exhibitor's page.",
            "%(n)s booths. Each booth with an exhibitor is a link to the exhibitor's page.",
            len(self.booths),
        ) % {"n": len(self.booths)}

    @property
    def outline_points(self) -> str:
        return " ".join(f"{x:g},{y:g}" for x, y in self.hall.outline)

    @property
    def counts(self) -> dict[str, int]:
        out = {BoothKind.PARTNER: 0, BoothKind.EXHIBITOR: 0, BoothKind.VACANT: 0, "station": 0}
        for b in self.booths:
            out[b.kind] += 1
            out["station"] += int(b.station)
        return out


def text_width(text: str, size: float) -> float:
    """Approximate rendered width in metres: full-width (Hangul, CJK) characters are about one
    em wide, Latin letters and digits a little over half."""
    return sum(size * (0.95 if unicodedata.east_asian_width(ch) in "WF" else 0.58) for ch in text)


def fit_lines(text: str, size: float, width: float, max_lines: int = 2) -> list[str]:
    """Break `text` into at most `max_lines` lines no wider than `width`, by words where it
    can, by characters otherwise (Korean names have few spaces); the last line ends in '…'
    when the name does not fit."""
    words = text.split()
    lines: list[str] = []
    current = ""
    for word in words:
        candidate = f"{current} {word}".strip()
        if text_width(candidate, size) <= width:
            current = candidate
            continue
        if current:
            lines.append(current)
        current = word
        while text_width(current, size) > width and len(lines) < max_lines:
            cut = _prefix_that_fits(current, size, width)
            lines.append(current[:cut])
            current = current[cut:]
    if current:
        lines.append(current)
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = lines[-1].rstrip()
        while lines[-1] and text_width(lines[-1] + "…", size) > width:
            lines[-1] = lines[-1][:-1]
        lines[-1] += "…"
    return lines


def _prefix_that_fits(text: str, size: float, width: float) -> int:
    for n in range(len(text), 0, -1):
        if text_width(text[:n], size) <= width:
            return n
    return 1


def accessible_label(booth: BoothInput) -> str:
    if booth.kind == BoothKind.VACANT:
        text = _("Booth %(number)s: vacant") % {"number": booth.number}
    elif booth.kind == BoothKind.PARTNER:
        text = _("Booth %(number)s: %(exhibitor)s (partner company)") % {
            "number": booth.number,
            "exhibitor": booth.exhibitor,
        }
    else:
        text = _("Booth %(number)s: %(exhibitor)s") % {
            "number": booth.number,
            "exhibitor": booth.exhibitor,
        }
    if booth.station:
        text += " · " + _("measurement station")
    return text


def shape_for(booth: BoothInput, *, current: str = "") -> BoothShape:
    side = min(booth.width, booth.depth)
    number_size = max(0.7, min(1.4, side * 0.3))
    shape = BoothShape(
        number=booth.number,
        x=booth.x,
        y=booth.y,
        width=booth.width,
        depth=booth.depth,
        kind=booth.kind,
        exhibitor=booth.exhibitor,
        station=booth.station,
        url=booth.url,
        label=accessible_label(booth),
        number_size=number_size,
        current=bool(current) and current == booth.number,
    )
    # The exhibitor's name is written inside booths wide enough to read it; smaller booths carry
    # their number, and the name is in the link's title, the accessible name and the list.
    if booth.exhibitor and booth.width >= 5.5 and booth.depth >= 2.9:
        # At least 0.7 m: 11 px at the scale a phone shows (exhibition.css); smaller is unreadable.
        name_size = max(0.7, min(0.95, booth.depth * 0.16))
        room = (booth.depth - number_size * 1.4) // (name_size * 1.15)
        lines = fit_lines(booth.exhibitor, name_size, booth.width - 0.8, max(1, min(3, int(room))))
        shape.name_lines, shape.name_size = lines, name_size
    return shape


def _entrance(hall: Hall, e) -> EntranceShape:
    (x1, y1), (x2, y2) = e.start, e.end
    min_x, min_y, max_x, max_y = hall.bounds
    mx, my = (x1 + x2) / 2, (y1 + y2) / 2
    if abs(my - max_y) < 0.01:  # south wall: under it
        return EntranceShape(x1, y1, x2, y2, e.name, mx, my + 1.5, "middle")
    if abs(my - min_y) < 0.01:  # north wall: above it
        return EntranceShape(x1, y1, x2, y2, e.name, mx, my - 0.6, "middle")
    if abs(mx - min_x) < 0.01:  # west wall: outside, reading upwards
        return EntranceShape(x1, y1, x2, y2, e.name, mx - 0.45, my, "middle", rotate=-90)
    return EntranceShape(x1, y1, x2, y2, e.name, mx + 0.45, my, "middle", rotate=90)


def plan_for(hall: Hall, booths: Iterable[BoothInput], *, current: str = "") -> HallPlan:
    """What to draw for one hall. `current` is a booth number to highlight."""
    min_x, min_y, max_x, max_y = hall.bounds
    return HallPlan(
        hall=hall,
        booths=[shape_for(b, current=current) for b in sorted(booths, key=lambda b: b.number)],
        entrances=[_entrance(hall, e) for e in hall.entrances],
        min_x=min_x - MARGIN_M,
        min_y=min_y - MARGIN_M,
        width=(max_x - min_x) + 2 * MARGIN_M,
        height=(max_y - min_y) + 2 * MARGIN_M + 1.0,
    )


def same_scale(plans: list[HallPlan]) -> list[HallPlan]:
    """Halls shown together are drawn at one scale: a 3 m booth is as wide in each."""
    widest = max((p.width for p in plans), default=1.0)
    for p in plans:
        p.scale = round(p.width / widest, 4)
    return plans


def render_standalone(plans: list[HallPlan], *, title: str) -> str:
    """One SVG document with the halls stacked, for download and print."""
    gap = 4.0
    width = max((p.width for p in plans), default=10.0)
    placed, y = [], 0.0
    for p in plans:
        placed.append((p, y + 3.0))
        y += p.height + 3.0 + gap
    return render_to_string(
        "exhibition/floorplan.svg",
        {
            "plans": placed,
            "title": title,
            "width": width,
            "height": max(y, 10.0),
            # printed at 1:100, so a 3 m booth is 3 cm on paper
            "width_mm": round(width * 10),
            "height_mm": round(max(y, 10.0) * 10),
        },
    )
