"""Themes that rise or fall between two periods.

For each keyword, the share of reviews mentioning it in the earlier period (a of n1) and the later
one (b of n2) are compared by the log odds ratio with the Haldane–Anscombe correction (+0.5 to
every cell) and its Woolf standard error:

    LOR = ln((b+.5)/(n2-b+.5)) − ln((a+.5)/(n1-a+.5)),
    SE  = sqrt(1/(a+.5) + 1/(n1-a+.5) + 1/(b+.5) + 1/(n2-b+.5)),   z = LOR / SE.

A theme "rises" when z ≥ 1.96 and "falls" when z ≤ −1.96 (two-sided 5 %). Only keywords mentioned
by at least k reviews in one of the periods are tested (privacy and stability alike).
Source: Agresti, *Categorical Data Analysis* (3rd ed., 2013), §2.4 and §3.1; the same statistic
ranks words in Monroe, Colaresi & Quinn, "Fightin' Words", Political Analysis 16(4), 2008.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

Z_CRITICAL = 1.96


@dataclass
class Theme:
    keyword: str
    before: int
    after: int
    log_odds_ratio: float
    z: float
    direction: str  # "rising" | "falling" | "steady"


def compare(
    before: dict[str, int], n_before: int, after: dict[str, int], n_after: int, *, k: int
) -> list[Theme]:
    if n_before <= 0 or n_after <= 0:
        return []
    themes = []
    for word in set(before) | set(after):
        a, b = before.get(word, 0), after.get(word, 0)
        if max(a, b) < k:
            continue
        lor = math.log((b + 0.5) / (n_after - b + 0.5)) - math.log((a + 0.5) / (n_before - a + 0.5))
        se = math.sqrt(
            1 / (a + 0.5) + 1 / (n_before - a + 0.5) + 1 / (b + 0.5) + 1 / (n_after - b + 0.5)
        )
        z = lor / se
        direction = "rising" if z >= Z_CRITICAL else "falling" if z <= -Z_CRITICAL else "steady"
        themes.append(Theme(word, a, b, lor, z, direction))
    return sorted(themes, key=lambda t: -abs(t.z))
