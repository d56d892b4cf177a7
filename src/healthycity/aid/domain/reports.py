"""What a partner's donations did: given, received, delivered, and people reached."""

from __future__ import annotations

from datetime import date, timedelta

from django.conf import settings
from django.db.models import Count, F, Sum

from healthycity.aid.enums import MovementKind
from healthycity.aid.models import DonationLot, HandOver, Programme, StockMovement
from healthycity.citizens.enums import IncomeBand
from healthycity.core.privacy import suppress_counts
from healthycity.places.models import District


def _bounds(period) -> tuple[date, date]:
    """(first day, last day) from a (start, end) tuple (both inclusive) or an object with
    `.start` and `.end` where `end` is the first day after (partners.periods.Period)."""
    if isinstance(period, tuple | list):
        return period[0], period[1]
    return period.start, period.end - timedelta(days=1)


def donations_summary(partner, period, *, suppress: bool = True) -> dict:
    """Donations of `partner` (an accounts.Organisation of kind partner) in `period`: a tuple
    (first day, last day), both inclusive, or a `partners.periods.Period`.

    Returns a dict:
      "partner": slug, "period": [first iso, last iso],
      "donations": [{"key": product slug, "label", "unit", "given", "received", "delivered"}]
          — units registered (given), received into stock and handed over in the period,
      "totals": {"given", "received", "delivered", "lots", "hand_overs", "given_value_krw",
          "delivered_value_krw", "people"},
      "people_reached": {"district": {code: (name, n)}, "income_band": {band: (label, n)}}
          — distinct citizens reached, by their district and income band,
      "programmes": [Programme] the partner sponsors.
    With `suppress` (default) every people count under SMALL_CELL_K (and the complementary cell
    that would reveal it) is None; pass suppress=False only to a caller that suppresses itself.
    Reads only; no side effects."""
    start, end = _bounds(period)
    lots = DonationLot.objects.filter(partner=partner)
    given = dict(
        lots.filter(created_at__date__gte=start, created_at__date__lte=end)
        .values_list("product_id")
        .annotate(n=Sum("quantity"))
        .order_by()
    )
    received = dict(
        StockMovement.objects.filter(
            kind=MovementKind.RECEIPT, lot__partner=partner, at__date__gte=start, at__date__lte=end
        )
        .values_list("lot__product_id")
        .annotate(n=Sum("quantity"))
        .order_by()
    )
    handovers = HandOver.objects.filter(
        lot__partner=partner, recorded_at__date__gte=start, recorded_at__date__lte=end
    )
    delivered = dict(
        handovers.values_list("lot__product_id").annotate(n=Sum("quantity")).order_by()
    )
    products = {
        p.pk: p for p in partner.products.filter(pk__in=set(given) | set(received) | set(delivered))
    }
    donations = [
        {
            "key": p.slug,
            "label": p.name,
            "unit": p.unit,
            "given": given.get(pk, 0),
            "received": received.get(pk, 0),
            "delivered": delivered.get(pk, 0),
        }
        for pk, p in sorted(products.items(), key=lambda kv: kv[1].slug)
    ]
    totals = handovers.aggregate(
        hand_overs=Count("id"), value=Sum(F("quantity") * F("lot__unit_value_krw"))
    )
    people = handovers.values("enrolment__citizen_id").distinct().count()
    k = int(settings.SMALL_CELL_K)
    return {
        "partner": partner.slug,
        "period": [start.isoformat(), end.isoformat()],
        "donations": donations,
        "totals": {
            "given": sum(given.values()),
            "received": sum(received.values()),
            "delivered": sum(delivered.values()),
            "lots": lots.filter(created_at__date__gte=start, created_at__date__lte=end).count(),
            "hand_overs": totals["hand_overs"] or 0,
            "given_value_krw": lots.filter(
                created_at__date__gte=start, created_at__date__lte=end
            ).aggregate(v=Sum(F("quantity") * F("unit_value_krw")))["v"]
            or 0,
            "delivered_value_krw": totals["value"] or 0,
            "people": people if not suppress or people == 0 or people >= k else None,
        },
        "people_reached": {
            "district": _reached(handovers, "district", suppress),
            "income_band": _reached(handovers, "income_band", suppress),
        },
        "programmes": list(Programme.objects.filter(sponsors=partner).order_by("starts_on")),
    }


def _reached(handovers, dimension: str, suppress: bool) -> dict:
    if dimension == "district":
        counts = dict(
            handovers.values_list("enrolment__citizen__district__code")
            .annotate(n=Count("enrolment__citizen_id", distinct=True))
            .order_by()
        )
        labels = dict(District.objects.filter(code__in=counts).values_list("code", "name_ko"))
    else:
        counts = dict(
            handovers.values_list("enrolment__citizen__income_band")
            .annotate(n=Count("enrolment__citizen_id", distinct=True))
            .order_by()
        )
        labels = {band.value: str(band.label) for band in IncomeBand}
    shown = suppress_counts(counts) if suppress else counts
    return {key: (labels.get(key, key), n) for key, n in shown.items()}
