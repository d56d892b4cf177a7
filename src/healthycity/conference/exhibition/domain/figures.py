"""Booth figures: visits per exhibitor by day, visitor category and hour, measurements and leads.

An exhibitor's own staff see only their booth's figures, and every count of people in them
goes through `core.privacy` (cells with fewer than SMALL_CELL_K visitors are hidden, and the
complementary cells of each table, so that no hidden cell can be recovered from the total).
Officials see every exhibitor's figures unsuppressed (they stay inside the city).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Count
from django.db.models.functions import ExtractHour, TruncDate

from healthycity.conference.enums import CategoryKind
from healthycity.conference.exhibition.enums import MeasurementStatus
from healthycity.conference.exhibition.models import BoothMeasurement, BoothVisit, Exhibitor
from healthycity.partners.cells import safe_count, safe_rows


@dataclass
class Table:
    """Rows of (label, count or None when hidden) and their total (None when hidden)."""

    rows: list[tuple[str, int | None]] = field(default_factory=list)
    total: int | None = 0

    @property
    def hidden(self) -> int:
        return sum(1 for _label, n in self.rows if n is None)


def _table(counts: list[tuple[str, int]], *, private: bool) -> Table:
    if not private:
        return Table(rows=counts, total=sum(n for _label, n in counts))
    rows, total = safe_rows((label, label, n) for label, n in counts)
    return Table(rows=[(r.label, r.count) for r in rows], total=total)


@dataclass
class BoothFigures:
    exhibitor: Exhibitor
    private: bool
    visits: int | None
    visitors: int | None
    by_day: Table
    by_category: Table
    by_hour: Table
    products: Table
    measurements: Table
    leads: int


def booth_figures(exhibitor: Exhibitor, *, private: bool) -> BoothFigures:
    """The booth's figures; `private` (an exhibitor's own view) suppresses small cells."""
    from healthycity.conference.exhibition.domain.leads import lead_count

    event = exhibitor.event
    visits = BoothVisit.objects.filter(exhibitor=exhibitor)
    tz = event.tz
    visitors = visits.values("visitor_key").distinct().count()
    per_day = dict(
        visits.annotate(day=TruncDate("scanned_at", tzinfo=tz))
        .values("day")
        .annotate(n=Count("visitor_key", distinct=True))
        .values_list("day", "n")
    )
    by_day = [(day.isoformat(), per_day.get(day, 0)) for day in event.days]
    # People in several categories cannot happen (one registration, one category), so the
    # category rows sum to the number of visitors.
    per_cat = dict(
        visits.values("category_kind")
        .annotate(n=Count("visitor_key", distinct=True))
        .values_list("category_kind", "n")
    )
    by_category = [(str(label), per_cat.get(kind, 0)) for kind, label in CategoryKind.choices]
    per_hour = dict(
        visits.annotate(hour=ExtractHour("scanned_at", tzinfo=tz))
        .values("hour")
        .annotate(n=Count("visitor_key", distinct=True))
        .values_list("hour", "n")
    )
    hours = range(min(per_hour, default=9), max(per_hour, default=18) + 1)
    by_hour = [(f"{h:02d}:00", per_hour.get(h, 0)) for h in hours]
    through = BoothVisit.products_tried.through
    tried = Counter(
        product_id
        for product_id, _key in through.objects.filter(boothvisit__exhibitor=exhibitor)
        .values_list("product_id", "boothvisit__visitor_key")
        .distinct()
    )
    names = {p.pk: p.name for p in exhibitor.products.filter(pk__in=tried)}
    products = sorted((names.get(pk, "?"), n) for pk, n in tried.items())
    measured = Counter(
        BoothMeasurement.objects.filter(exhibitor=exhibitor).values_list("status", flat=True)
    )
    measurements = [(str(s.label), measured.get(s.value, 0)) for s in MeasurementStatus]
    return BoothFigures(
        exhibitor=exhibitor,
        private=private,
        visits=_one(visits.count(), private),
        visitors=_one(visitors, private),
        # A visitor who came on two days is counted on both: the day rows sum to visitor-days.
        by_day=_table(by_day, private=private),
        by_category=_table(by_category, private=private),
        by_hour=_table(by_hour, private=private),
        products=_table(products, private=private),
        measurements=_table(measurements, private=private),
        leads=lead_count(exhibitor) if private else 0,
    )


def _one(n: int, private: bool) -> int | None:
    return safe_count(n) if private else n


def event_figures(event) -> list[dict]:
    """Every exhibitor of `event` with its visits, visitors, leads and measurements (for
    officials; unsuppressed, inside the city). Four grouped queries, however many exhibitors."""
    from healthycity.conference.exhibition.models import LeadConsent

    exhibitors = list(
        Exhibitor.objects.filter(event=event)
        .select_related("organisation")
        .prefetch_related("booths")
    )
    visits = dict(
        BoothVisit.objects.filter(exhibitor__event=event)
        .values("exhibitor_id")
        .annotate(n=Count("id"))
        .values_list("exhibitor_id", "n")
    )
    visitors = dict(
        BoothVisit.objects.filter(exhibitor__event=event)
        .values("exhibitor_id")
        .annotate(n=Count("visitor_key", distinct=True))
        .values_list("exhibitor_id", "n")
    )
    consents = dict(
        LeadConsent.objects.active()
        .filter(exhibitor__event=event)
        .values("exhibitor_id")
        .annotate(n=Count("id"))
        .values_list("exhibitor_id", "n")
    )
    measured = dict(
        BoothMeasurement.objects.filter(exhibitor__event=event)
        .values("exhibitor_id")
        .annotate(n=Count("id"))
        .values_list("exhibitor_id", "n")
    )
    return [
        {
            "exhibitor": e,
            "booths": ", ".join(b.number for b in e.booths.all()),
            "visits": visits.get(e.pk, 0),
            "visitors": visitors.get(e.pk, 0),
            "sharing": consents.get(e.pk, 0),
            "measurements": measured.get(e.pk, 0),
        }
        for e in sorted(exhibitors, key=lambda e: -visitors.get(e.pk, 0))
    ]
