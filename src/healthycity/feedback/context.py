"""Coarse health context of reviewers (age band, district, obesity class), only for citizens with
an active partner_feedback consent and only ever returned as suppressed aggregates."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# Coarse on purpose: three age bands (not years), district, and the KSSO obesity class.
AGE_BANDS = (
    (0, 40, "under_40", _("Under 40")),
    (40, 65, "40_64", _("40–64")),
    (65, 200, "65_plus", _("65 and over")),
)
OBESITY_UNKNOWN = "unknown"


def age_band(birth_year: int, year: int | None = None) -> str:
    age = (year or timezone.localdate().year) - birth_year
    for low, high, key, _label in AGE_BANDS:
        if low <= age < high:
            return key
    return AGE_BANDS[-1][2]


def obesity_classes(citizen_ids: list[int], *, among=None) -> dict[int, str]:
    """The KSSO 2022 BMI class of each citizen's latest measured BMI, or 'unknown'.

    Uses the health app's classification (`health.assessment.reference.bmi_classes`); if the health
    app is not installed every class is 'unknown'. `among` (a subquery of citizen ids) replaces a
    long literal list in the query when given."""
    try:
        from healthycity.health.assessment.reference import bmi_classes
        from healthycity.health.models import Measurement
    except ImportError:
        return dict.fromkeys(citizen_ids, OBESITY_UNKNOWN)
    latest: dict[int, float] = {}
    rows = (
        Measurement.objects.filter(
            citizen_id__in=citizen_ids if among is None else among, bmi__isnull=False
        )
        .order_by("citizen_id", "taken_at")
        .values_list("citizen_id", "bmi")
    )
    for citizen_id, bmi in rows.iterator(chunk_size=5000):
        latest[citizen_id] = bmi  # ordered by time: the last one wins
    bands = bmi_classes()
    result = {}
    for citizen_id in citizen_ids:
        bmi = latest.get(citizen_id)
        found = next((b.name for b in bands if bmi is not None and b.contains(bmi)), None)
        result[citizen_id] = found or OBESITY_UNKNOWN
    return result


def obesity_labels() -> dict[str, str]:
    labels = {OBESITY_UNKNOWN: str(_("Not measured"))}
    try:
        from healthycity.health.assessment.reference import bmi_classes
    except ImportError:
        return labels
    names = {
        "underweight": _("Underweight"),
        "normal": _("Normal"),
        "pre_obesity": _("Pre-obesity"),
        "obesity_class_1": _("Obesity class 1"),
        "obesity_class_2": _("Obesity class 2"),
        "obesity_class_3": _("Obesity class 3"),
    }
    for band in bmi_classes():
        labels[band.name] = str(names.get(band.name, band.name))
    unknown = labels.pop(OBESITY_UNKNOWN)
    return {**labels, OBESITY_UNKNOWN: unknown}


def context_tables(products, period, *, k: int | None = None) -> list:
    """Reviewers of `products` in `period` who consented to partner_feedback, counted (people,
    not reviews) by age band, by district and by obesity class — three separate one-way tables,
    each suppressed (partners.cells), with the mean rating of the shown cells."""
    from collections import defaultdict

    from django.db.models import Count, Sum

    from healthycity.citizens.enums import ConsentPurpose
    from healthycity.feedback.models import Review
    from healthycity.partners.cells import table
    from healthycity.places.models import District

    reviews = Review.objects.public().filter(product__in=products, period__in=period.months())
    # Consent as of now (withdrawal takes effect at once). A join on the active consent, the same
    # rule as citizens.queries.with_consent (at most one active consent per purpose, so no
    # duplicates); one row per consenting reviewer, aggregated in the database.
    per_person = (
        reviews.filter(
            citizen__consents__purpose=ConsentPurpose.PARTNER_FEEDBACK,
            citizen__consents__withdrawn_at__isnull=True,
        )
        .values("citizen_id", "citizen__birth_year", "citizen__district_id")
        .annotate(n=Count("id"), total=Sum("rating"))
        .order_by()
    )
    rows = list(per_person)
    consenting = reviews.filter(
        citizen__consents__purpose=ConsentPurpose.PARTNER_FEEDBACK,
        citizen__consents__withdrawn_at__isnull=True,
    ).values("citizen_id")
    obesity = obesity_classes([r["citizen_id"] for r in rows], among=consenting)
    groups: dict[str, dict[str, list[tuple[int, int]]]] = {
        "age": defaultdict(list),
        "district": defaultdict(list),
        "obesity": defaultdict(list),
    }
    for r in rows:
        sums = (r["n"], r["total"])
        groups["age"][age_band(r["citizen__birth_year"], period.year)].append(sums)
        groups["district"][str(r["citizen__district_id"])].append(sums)
        groups["obesity"][obesity[r["citizen_id"]]].append(sums)
    districts = {str(d.pk): d.name for d in District.objects.all()}
    method = _(
        "People who reviewed in the period and consented to linking their feedback to coarse "
        "health context; one-way counts, small cells and complements suppressed; mean rating of "
        "their public reviews."
    )
    specs = [
        (
            "age",
            _("Reviewers by age band"),
            [(key, str(label)) for _l, _h, key, label in AGE_BANDS],
        ),
        ("district", _("Reviewers by district"), sorted(districts.items(), key=lambda kv: kv[0])),
        (
            "obesity",
            _("Reviewers by obesity class (KSSO 2022, latest BMI)"),
            list(obesity_labels().items()),
        ),
    ]
    tables = []
    for dim, title, keys in specs:
        t = table(
            f"context_{dim}",
            title,
            [(key, label, len(groups[dim].get(key, []))) for key, label in keys],
            unit=_("people"),
            method=method,
            gri=["416"],
            k=k,
        )
        for row in t.rows:
            if row.count:
                n = sum(c for c, _ in groups[dim][row.key])
                row.extra["mean_rating"] = round(sum(t for _, t in groups[dim][row.key]) / n, 2)
        tables.append(t)
    return tables
