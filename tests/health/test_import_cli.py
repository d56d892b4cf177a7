"""`healthycity import …`: summaries, JSON, dry run, clear errors without tracebacks."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from healthycity.health.models import Measurement
from tests.health import inbody_files as files

pytestmark = pytest.mark.django_db


def cli(*args) -> str:
    out = StringIO()
    call_command("import", *args, stdout=out)
    return out.getvalue()


def test_inbody_json_summary_and_reimport(consented, tmp_path):
    path = tmp_path / "scan.csv"
    path.write_bytes(files.csv_bytes([files.row(), files.row(Weight="abc")]))
    summary = json.loads(cli("inbody", str(path), "--format", "json", "--user", "worker-a"))
    assert {k: summary[k] for k in ("read", "imported", "duplicates", "rejected")} == {
        "read": 2, "imported": 1, "duplicates": 0, "rejected": 1,
    }  # fmt: skip
    assert summary["report"].endswith(".csv")
    again = json.loads(cli("inbody", str(path), "--format", "json"))
    assert (again["imported"], again["duplicates"]) == (0, 1)
    assert Measurement.objects.get().recorded_by == consented.worker_a


def test_dry_run_text_summary(consented, tmp_path):
    path = tmp_path / "scan.csv"
    path.write_bytes(files.csv_bytes([files.row()]))
    text = cli("inbody", str(path), "--dry-run", "--language", "en")
    assert "1 imported" in text and "Dry run" in text
    assert not Measurement.objects.exists()


def test_fhir_with_citizen(consented, tmp_path):
    from tests.health.test_fhir import official_bundle

    path = tmp_path / "b.json"
    path.write_bytes(official_bundle())
    summary = json.loads(
        cli("fhir", str(path), "--citizen", str(consented.citizen.external_id), "--format", "json")
    )
    assert summary["imported"] == 5


@pytest.mark.parametrize(
    "args",
    [
        ["inbody", "/nonexistent.csv"],
        ["steps", "{tmp}/bad.csv"],
        ["inbody", "{tmp}/bad.csv", "--user", "nobody"],
        ["fhir", "{tmp}/bad.csv", "--citizen", "not-a-uuid"],
    ],
)
def test_errors_are_command_errors(consented, tmp_path, args):
    (tmp_path / "bad.csv").write_text("a,b\n1,2\n")
    with pytest.raises(CommandError):
        cli(*[a.format(tmp=tmp_path) for a in args])
