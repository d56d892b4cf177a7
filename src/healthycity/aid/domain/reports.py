"""What a partner's donations did: given, received, delivered, and people reached."""

from __future__ import annotations

from datetime import date

from django.db.models import Count, F, Sum

from healthycity.aid.enums import MovementKind
from healthycity.aid.models import DonationLot, HandOver, StockMovement
from healthycity.core.privacy import suppress_counts


def donations_summary(partner, period: tuple[date, date], *, suppress: bool = True) -> dict:
    """Donations of `partner` (an accounts.Organisation of kind partner) in `period` =
    (first day, last day), both inclusive.

    Returns {"partner", "period": [iso, iso], "given": {"units", "lots", "value_krw"},
    "received": {"units"}, "delivered": {"units", "hand_overs", "value_krw"},
    "people_reached": int|None, "by_district": {code: n|None}, "by_income_band": {band: n|None},
    "by_product": [{"product", "name_ko", "name_en", "given", "delivered"}]}. People are counted
    once each; with `suppress` (default) groups under SMALL_CELL_K people are None and so is a
    total under k. Reads only; no side effects."""
    start, end = period
    lots = DonationLot.objects.filter(partner=partner)
    given_lots = lots.filter(created_at__date__gte=start, created_at__date__lte=end)
    given = given_lots.aggregate(
        units=Sum("quantity"), lots=Count("id"), value=Sum(F("quantity") * F("unit_value_krw"))
    )
    received = StockMovement.objects.filter(
        kind=MovementKind.RECEIPT, lot__partner=partner, at__date__gte=start, at__date__lte=end
    ).aggregate(units=Sum("quantity"))
    handovers = HandOver.objects.filter(
        lot__partner=partner, recorded_at__date__gte=start, recorded_at__date__lte=end
    )
    delivered = handovers.aggregate(
        units=Sum("quantity"), n=Count("id"), value=Sum(F("quantity") * F("lot__unit_value_krw"))
    )
    people = handovers.values("enrolment__citizen_id").distinct()
    reached = people.count()
    by_district = dict(
        handovers.values_list("enrolment__citizen__district__code")
        .annotate(n=Count("enrolment__citizen_id", distinct=True))
        .order_by()
    )
    by_band = dict(
        handovers.values_list("enrolment__citizen__income_band")
        .annotate(n=Count("enrolment__citizen_id", distinct=True))
        .order_by()
    )
    products = []
    for row in (
        lots.values("product__slug", "product__name_ko", "product__name_en")
        .annotate(given=Sum("quantity"))
        .order_by("product__slug")
    ):
        products.append(
            {
                "product": row["product__slug"],
                "name_ko": row["product__name_ko"],
                "name_en": row["product__name_en"],
                "given": row["given"] or 0,
                "delivered": handovers.filter(lot__product__slug=row["product__slug"]).aggregate(
                    n=Sum("quantity")
                )["n"]
                or 0,
            }
        )
    k_hide = suppress_counts if suppress else (lambda counts: counts)
    from django.conf import settings

    return {
        "partner": partner.slug,
        "period": [start.isoformat(), end.isoformat()],
        "given": {
            "units": given["units"] or 0,
            "lots": given["lots"] or 0,
            "value_krw": given["value"] or 0,
        },
        "received": {"units": received["units"] or 0},
        "delivered": {
            "units": delivered["units"] or 0,
            "hand_overs": delivered["n"] or 0,
            "value_krw": delivered["value"] or 0,
        },
        "people_reached": reached if not suppress or reached >= settings.SMALL_CELL_K else None,
        "by_district": k_hide(by_district),
        "by_income_band": k_hide(by_band),
        "by_product": products,
    }
