"""Demo hook: the analytics snapshots of last year and this year, so that the official's
dashboard shows estimates, inequality measures, a two-point trend and the district map right
after `make run`. Runs after the health hook (whose scans and steps it reads); consent, pseudonyms
and columns exactly as `healthycity equity snapshot` (it calls the same function). The files go
to var/equity/ (the same place the command writes); they are not part of the database
transaction, so a failed demo run may leave them behind — the next run overwrites them."""

from __future__ import annotations

from django.utils import timezone

from healthycity.equity import snapshot


def populate(ctx) -> None:
    year = timezone.localdate().year
    periods = [snapshot.parse_period(str(y)) for y in (year - 1, year)]
    advance = ctx.progress("Equity snapshots", len(periods))
    for period in periods:
        snapshot.write_snapshot(period=period, path=snapshot.default_path(period))
        advance(1)
