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


def obesity_classes(citizen_ids: list[int]) -> dict[int, str]:
    """The KSSO 2022 BMI class of each citizen's latest measured BMI, or 'unknown'.

    Uses the health app's classification (`health.assessment.reference.bmi_classes`); if the health
    app is not installed every class is 'unknown'."""
    try:
        from healthycity.health.assessment.reference import bmi_classes
        from healthycity.health.models import Measurement
    except ImportError:
        return dict.fromkeys(citizen_ids, OBESITY_UNKNOWN)
    latest: dict[int, float] = {}
    rows = (
        Measurement.objects.filter(citizen_id__in=citizen_ids, bmi__isnull=False)
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

    from healthycity.citizens.enums import ConsentPurpose
    from healthycity.citizens.models import Citizen
    from healthycity.citizens.queries import with_consent
    from healthycity.feedback.models import Review
    from healthycity.partners.cells import table
    from healthycity.places.models import District

    ratings: dict[int, list[int]] = defaultdict(list)
    reviews = Review.objects.public().filter(product__in=products, period__in=period.months())
    for citizen_id, rating in reviews.values_list("citizen_id", "rating").iterator(chunk_size=5000):
        ratings[citizen_id].append(rating)
    people = with_consent(
        Citizen.objects.filter(pk__in=list(ratings)), ConsentPurpose.PARTNER_FEEDBACK
    )
    rows = list(people.values_list("pk", "birth_year", "district_id"))
    obesity = obesity_classes([pk for pk, _, _ in rows])
    groups: dict[str, dict[str, list[int]]] = {
        "age": defaultdict(list),
        "district": defaultdict(list),
        "obesity": defaultdict(list),
    }
    for pk, birth_year, district_id in rows:
        groups["age"][age_band(birth_year, period.year)].append(pk)
        groups["district"][str(district_id)].append(pk)
        groups["obesity"][obesity[pk]].append(pk)
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
                values = [r for pk in groups[dim][row.key] for r in ratings[pk]]
                row.extra["mean_rating"] = round(sum(values) / len(values), 2)
        tables.append(t)
    return tables
