"""`healthycity aid …` commands: approve-allocation, check-stock, refresh-snapshots, sync-outcomes."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from healthycity.aid.domain.allocation import allocate
from healthycity.aid.domain.enrolment import enrol
from healthycity.aid.domain.programmes import approve_cycle
from healthycity.aid.enums import ProgrammeStatus
from healthycity.aid.models import StockBalance
from tests.aid import factories as f


def test_approve_allocation_only_as_an_official(aid, cast):
    enrol(programme=aid.programme, citizen=f.citizen_with_consent(cast.centre_a), by=cast.worker_a)
    approve_cycle(cycle=aid.cycle, by=cast.official)
    allocation = allocate(cycle=aid.cycle)
    with pytest.raises(CommandError, match="not a city official"):
        call_command(
            "aid",
            "approve-allocation",
            "--allocation",
            str(allocation.external_id),
            "--as",
            "worker-a",
        )
    out = StringIO()
    call_command(
        "aid",
        "approve-allocation",
        "--allocation",
        str(allocation.external_id),
        "--as",
        "official",
        stdout=out,
    )
    assert "approved" in out.getvalue()
    with pytest.raises(CommandError, match="Only a dry run"):
        call_command(
            "aid",
            "approve-allocation",
            "--allocation",
            str(allocation.external_id),
            "--as",
            "official",
        )


def test_check_stock_fails_loudly_on_a_tampered_balance(aid):
    out = StringIO()
    call_command("aid", "check-stock", stdout=out)
    assert "consistent" in out.getvalue()
    StockBalance.objects.filter(location=aid.loc_a).update(quantity=3)
    with pytest.raises(CommandError, match="1 balances differ"):
        call_command("aid", "check-stock", stderr=StringIO())


def test_refresh_and_sync_commands_run(aid, cast):
    aid.programme.status = ProgrammeStatus.ACTIVE
    aid.programme.save()
    out = StringIO()
    call_command("aid", "refresh-snapshots", stdout=out)
    call_command("aid", "sync-outcomes", stdout=out)
    assert "snapshots written" in out.getvalue() and aid.programme.name_ko in out.getvalue()
