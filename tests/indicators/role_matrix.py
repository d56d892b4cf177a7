"""Role matrix of city indicators and benchmarks: officials and AFHC delegates see benchmarks
and import; a delegate edits their own city's values; the catalogue and values are readable by
anyone signed in (they are published city statistics, no person)."""

from healthycity.places.models import MemberCity
from healthycity.policies.indicators.catalogue import sync_catalogue
from healthycity.policies.indicators.models import Indicator, IndicatorImport, IndicatorValue
from tests.role_matrix import HIDDEN, LOGIN, entry, everyone, only


def populate(world):
    sync_catalogue()
    suwon = MemberCity.objects.get(organisation__memberships__user=world.delegate)
    world.import_d = IndicatorImport.objects.create(
        file_name="v.csv", sha256="0" * 64, kind="sdmx-csv", by=world.delegate
    )
    indicator = Indicator.objects.order_by("code").first()
    world.value = IndicatorValue.objects.create(
        indicator=indicator,
        area="KRSWU",
        city=suwon,
        country_code="KR",
        period="2023",
        year=2023,
        value=1.0,
        unit=indicator.unit,
        source="role matrix",
    )


BENCHMARKS = only("official", "delegate", "admin")

ENTRIES = [
    entry("indicators:benchmarks", "/policies/benchmarks/", GET=BENCHMARKS),
    entry("indicators:import", "/policies/benchmarks/import/", GET=BENCHMARKS, POST=BENCHMARKS),
    entry(
        "indicators:import_status",
        lambda w: f"/policies/benchmarks/import/{w.import_d.external_id}/",
        GET=BENCHMARKS,
    ),
    entry("indicators:heat_upload", "/policies/benchmarks/heat/", GET=BENCHMARKS, POST=BENCHMARKS),
    entry(
        "indicators:value_edit",
        lambda w: f"/policies/benchmarks/values/{w.value.external_id}/",
        GET=only("official", "delegate", "admin", others=HIDDEN),
        POST=only("official", "delegate", "admin", others=HIDDEN),
    ),
    entry(
        "indicators:catalogue",
        "/policies/benchmarks/catalogue/",
        GET=BENCHMARKS,
        POST=only("official", "admin"),  # the catalogue's definitions are the city's to add
    ),
    entry("indicators:export_csv", "/policies/benchmarks/export.csv", GET=BENCHMARKS),
    entry("policies-cities", "/api/v1/policies/cities/", GET=everyone(anonymous=LOGIN)),
    entry("policies-indicators", "/api/v1/policies/indicators/", GET=everyone(anonymous=LOGIN)),
    entry(
        "policies-indicator-values",
        "/api/v1/policies/indicator-values/",
        GET=everyone(anonymous=LOGIN),
    ),
    entry("policies-benchmarks", "/api/v1/policies/benchmarks/", GET=BENCHMARKS),
]
