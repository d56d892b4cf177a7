"""Role matrix of background jobs: a job is its owner's alone (404 for anyone else)."""

import io

from healthycity.jobs import enqueue
from tests.role_matrix import HIDDEN, LOGIN, entry, everyone, only


def populate(world):
    import tests.jobs.kinds  # noqa: F401 — registers the test job kinds

    upload = io.BytesIO(b"a,b\n")
    upload.name = "in.csv"
    world.job_a = enqueue(
        "tests.file", owner=world.worker_a, params={"text": "c"}, files={"upload": upload}
    )


def _mine(w):
    return only("worker_a", others=HIDDEN)


ENTRIES = [
    entry("jobs:list", "/jobs/", GET=everyone(anonymous=LOGIN)),
    entry("jobs:detail", lambda w: f"/jobs/{w.job_a.external_id}/", GET=_mine(None)),
    entry("jobs:file", lambda w: f"/jobs/{w.job_a.external_id}/file", GET=_mine(None)),
    entry("api-job-list", "/api/v1/jobs/", GET=everyone(anonymous=LOGIN)),
    entry("api-job-detail", lambda w: f"/api/v1/jobs/{w.job_a.external_id}/", GET=_mine(None)),
]
