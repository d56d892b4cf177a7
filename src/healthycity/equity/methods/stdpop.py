"""Standard populations for direct age standardisation, shipped as versioned data files.

Each file in ``data/`` starts with ``#`` comment lines naming its source, then a header
``ageband,population``. Shipped standards:

* ``who2000`` — WHO World Standard Population 2000–2025 (Ahmad et al., WHO GPE Discussion Paper 31,
  2001), per 100 000 from WHO's percentages (sums to 100 035 as published);
* ``who2000_seer`` — the same, rescaled by SEER to exactly 100 000;
* ``esp2013`` — European Standard Population 2013, 19 bands (Eurostat KS-RA-13-028);
* ``esp2013_21`` — European Standard Population 2013, 21 bands.
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from .errors import StandardPopulationError
from .i18n import gettext as _

SHIPPED = {
    "who2000": "who_world_2000_2025.csv",
    "who2000_seer": "who_world_2000_2025_seer.csv",
    "esp2013": "esp2013.csv",
    "esp2013_21": "esp2013_21bands.csv",
}
REQUIRED_COLUMNS = ("ageband", "population")


@dataclass(frozen=True, slots=True)
class StandardPopulation:
    """A standard population: age band labels and their weights, with the source it came from."""

    name: str
    bands: tuple[str, ...]
    weights: tuple[float, ...]
    source: str

    @property
    def total(self) -> float:
        return float(sum(self.weights))

    def weights_for(self, *, bands: Sequence[str]) -> list[float]:
        """The weights in the order of ``bands``; raises if the band labels do not match exactly."""
        given = [str(b).strip() for b in bands]
        if sorted(given) != sorted(self.bands) or len(set(given)) != len(given):
            missing = sorted(set(self.bands) - set(given))
            extra = sorted(set(given) - set(self.bands))
            raise StandardPopulationError(
                _(
                    "The data's age bands do not match the standard population '%(name)s': "
                    "missing %(missing)s, unexpected %(unexpected)s."
                )
                % {
                    "name": self.name,
                    "missing": missing or _("none"),
                    "unexpected": extra or _("none"),
                },
                field="ageband",
                value={"missing": missing, "unexpected": extra},
            )
        lookup = dict(zip(self.bands, self.weights, strict=True))
        return [lookup[b] for b in given]


def standard_population(name: str) -> StandardPopulation:
    """Load a shipped standard population by name (``who2000``, ``esp2013``, ...)."""
    if name not in SHIPPED:
        raise StandardPopulationError(
            _("Unknown standard population '%(name)s'; choose one of %(choices)s.")
            % {"name": name, "choices": sorted(SHIPPED)},
            field="name",
            value=name,
        )
    text = resources.files(__package__).joinpath("data").joinpath(SHIPPED[name]).read_text("utf-8")
    return parse_standard_population(text, name=name)


def load_standard_population(path: str | Path, *, name: str | None = None) -> StandardPopulation:
    """Load a user's standard population from a CSV file with columns ``ageband,population``.

    Lines starting with ``#`` before the header are kept as the source note.
    """
    path = Path(path)
    try:
        text = path.read_text("utf-8-sig")
    except OSError as exc:
        raise StandardPopulationError(
            _("Cannot read standard population file %(path)s: %(error)s.")
            % {"path": path, "error": exc},
            field="path",
            value=str(path),
        ) from exc
    return parse_standard_population(text, name=name or path.stem)


def parse_standard_population(text: str, *, name: str) -> StandardPopulation:
    """Parse the CSV text of a standard population, validating columns, numbers and bands."""
    lines = text.splitlines()
    comments = [ln.lstrip("#").strip() for ln in lines if ln.startswith("#")]
    body = [ln for ln in lines if not ln.startswith("#") and ln.strip()]
    reader = csv.DictReader(io.StringIO("\n".join(body)))
    columns = [c.strip() for c in (reader.fieldnames or [])]
    missing = [c for c in REQUIRED_COLUMNS if c not in columns]
    if missing:
        raise StandardPopulationError(
            _(
                "Standard population '%(name)s' needs columns %(required)s; "
                "missing %(missing)s (found %(found)s)."
            )
            % {
                "name": name,
                "required": list(REQUIRED_COLUMNS),
                "missing": missing,
                "found": columns,
            },
            field="columns",
            value=columns,
        )
    bands: list[str] = []
    weights: list[float] = []
    for line_no, row in enumerate(reader, start=2 + len(comments)):
        row = {k.strip(): (v or "").strip() for k, v in row.items() if k is not None}
        bands.append(_band(row["ageband"], line_no=line_no, name=name, seen=bands))
        weights.append(_weight(row["population"], line_no=line_no, name=name))
    if not bands:
        raise StandardPopulationError(
            _("Standard population '%(name)s' has no rows.") % {"name": name},
            field="rows",
            value=0,
        )
    if sum(weights) <= 0:
        raise StandardPopulationError(
            _("Standard population '%(name)s' sums to zero.") % {"name": name},
            field="population",
            value=0,
        )
    return StandardPopulation(
        name=name, bands=tuple(bands), weights=tuple(weights), source=" ".join(comments)
    )


def _band(value: str, *, line_no: int, name: str, seen: list[str]) -> str:
    if not value:
        raise StandardPopulationError(
            _("Standard population '%(name)s': empty age band on line %(line)s.")
            % {"name": name, "line": line_no},
            field="ageband",
            value=value,
        )
    if value in seen:
        raise StandardPopulationError(
            _("Standard population '%(name)s': age band '%(band)s' appears twice (line %(line)s).")
            % {"name": name, "band": value, "line": line_no},
            field="ageband",
            value=value,
        )
    return value


def _weight(value: str, *, line_no: int, name: str) -> float:
    try:
        number = float(value)
    except ValueError:
        number = math.nan
    if not math.isfinite(number) or number < 0:
        raise StandardPopulationError(
            _(
                "Standard population '%(name)s': column 'population' has '%(value)s' on line "
                "%(line)s; expected a number of people, zero or more."
            )
            % {"name": name, "value": value, "line": line_no},
            field="population",
            value=value,
        )
    return number
