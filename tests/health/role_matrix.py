"""Role matrix of health records: the citizen's own pages, the worker's pages and the API.
Centre A's citizen and worker A's import are what worker B must not reach (404)."""

import io

from healthycity.health.imports import import_file
from tests.health.health_data import history
from tests.role_matrix import HIDDEN, LOGIN, WRITE, entry, everyone, only


def populate(world):
    history(world.citizen)
    steps = f"citizen,date,steps,device\n{world.citizen.external_id},2025-03-01,abc,watch\n"
    result = import_file(
        fileobj=io.BytesIO(steps.encode()), kind="steps", by=world.worker_a, file_name="s.csv"
    )
    world.batch_a = result.batch


def _record(w):
    return f"/health/citizens/{w.citizen.external_id}/"


# A person's record: their centre's worker, officials (programme duty, logged) and the operator.
RECORD = only("worker_a", "official", "admin", worker_b=HIDDEN)
# Through the API the citizen reads their own record too; outside the scope it does not exist.
API_RECORD = only("citizen", "worker_a", "official", "admin", others=HIDDEN, anonymous=LOGIN)
# Who records: the worker who measured, the citizen themself, the operator — never an official.
API_WRITE = only("citizen", "worker_a", "worker_b", "admin", ok=WRITE)

ENTRIES = [
    entry("health:my_health", "/health/me/", GET=only("citizen")),
    entry("health:my_report_pdf", "/health/me/report.pdf", GET=only("citizen")),
    entry("health:my_fhir", "/health/me/fhir.json", GET=only("citizen")),
    entry("health:worklist", "/health/worklist/", GET=only("worker_a", "worker_b")),
    entry(
        "health:upload",
        "/health/upload/",
        GET=only("worker_a", "worker_b"),
        POST=only("worker_a", "worker_b", ok=WRITE),
    ),
    entry(
        "health:quarantine",
        lambda w: f"/health/imports/{w.batch_a.external_id}/quarantine/",
        GET=only("worker_a", "admin", worker_b=HIDDEN),
    ),
    entry("health:citizen_record", _record, GET=RECORD),
    entry("health:citizen_report_pdf", lambda w: _record(w) + "report.pdf", GET=RECORD),
    entry(
        "health:record_measurement",
        lambda w: _record(w) + "record/",
        GET=only("worker_a", worker_b=HIDDEN),
        POST=only("worker_a", worker_b=HIDDEN),
    ),
    entry(
        "health-measurements",
        "/api/v1/measurements/",
        GET=everyone(anonymous=LOGIN),
        POST=API_WRITE,
        json=True,
        data={},
    ),
    entry("health-steps", "/api/v1/steps/", GET=everyone(anonymous=LOGIN)),
    entry(
        "health-citizen-fhir",
        lambda w: f"/api/v1/citizens/{w.citizen.external_id}/fhir/",
        GET=API_RECORD,
    ),
    entry(
        "health-citizen-assessment",
        lambda w: f"/api/v1/citizens/{w.citizen.external_id}/assessment/",
        GET=API_RECORD,
    ),
    entry("health-fhir-upload", "/api/v1/fhir/", POST=API_WRITE, json=True, data={}),
    entry("health-imports", "/api/v1/health/imports/", POST=API_WRITE, data={"kind": "inbody"}),
]
