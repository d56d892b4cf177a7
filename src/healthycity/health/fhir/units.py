"""UCUM unit conversion to the catalogue's units (factors are exact definitions: 1 [lb_av] =
0.45359237 kg, 1 [in_i] = 2.54 cm, by the international yard and pound agreement of 1959)."""

from __future__ import annotations

# catalogue unit → {accepted UCUM code: factor to the catalogue unit}
CONVERSIONS: dict[str, dict[str, float]] = {
    "kg": {"kg": 1.0, "g": 0.001, "[lb_av]": 0.45359237},
    "cm": {"cm": 1.0, "m": 100.0, "mm": 0.1, "[in_i]": 2.54, "[ft_i]": 30.48},
    "kg/m2": {"kg/m2": 1.0},
    "%": {"%": 1.0},
    "mm[Hg]": {"mm[Hg]": 1.0},
    "/min": {"/min": 1.0, "{beats}/min": 1.0, "{Beats}/min": 1.0},
    "/(24.h)": {"/(24.h)": 1.0, "/d": 1.0, "{steps}/d": 1.0, "{steps}": 1.0},
    "L": {"L": 1.0, "mL": 0.001, "dL": 0.1},
    "kcal/d": {"kcal/d": 1.0, "kcal": 1.0, "kcal/(24.h)": 1.0},
    "{score}": {"{score}": 1.0, "1": 1.0, "{points}": 1.0},
    "1": {"1": 1.0, "{ratio}": 1.0},
    "deg": {"deg": 1.0, "°": 1.0},
    "Ohm": {"Ohm": 1.0},
    "m/s": {"m/s": 1.0, "km/h": 1 / 3.6},
    "s": {"s": 1.0, "min": 60.0},
}


def factor(target: str, given: str) -> float | None:
    """How many `target` units one `given` unit is; None if `given` is not a known unit for it."""
    return CONVERSIONS.get(target, {}).get(given)
