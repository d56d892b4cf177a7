"""Role matrix of equity analytics: the city, partners and member-city delegates see the
dashboard (partners and delegates with small cells suppressed); workers and citizens do not."""

from healthycity.equity import synthetic
from healthycity.jobs.models import Job
from tests.role_matrix import entry, only


def populate(world):
    world.settings.VAR_DIR = world.tmp_path
    for period, seed in (("2024", 1), ("2025", 2)):
        synthetic.write_synthetic(
            world.tmp_path / "equity" / f"snapshot-{period}.parquet",
            rows=600,
            seed=seed,
            period=period,
        )


AGGREGATES = only("partner_a", "partner_b", "official", "delegate", "admin")

ENTRIES = [
    entry("equity:dashboard", "/equity/", GET=AGGREGATES),
    entry(
        "equity:export",
        "/equity/export/",
        POST=AGGREGATES,
        data={"indicator": "obesity", "by": "district", "format": "csv"},
        wrote=lambda w: Job.objects.filter(kind="equity.export", state="done").exists(),
    ),
    entry(
        "equity:snapshot",
        "/equity/snapshot/",
        POST=only("official", "admin"),
        wrote=lambda w: Job.objects.filter(kind="equity.snapshot", state="done").exists(),
    ),
    entry("equity-report", "/api/v1/equity/report/", GET=AGGREGATES),
]
