"""`healthycity aid …` — allocation, ledger and stock checks, snapshot refresh.

healthycity aid allocate --cycle ID [--dry-run] [--format json|table]
healthycity aid approve-allocation --allocation UUID --as USERNAME
healthycity aid verify-ledger
healthycity aid check-stock
healthycity aid refresh-snapshots
"""

from __future__ import annotations

import json
import uuid

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from healthycity.aid.domain.allocation import allocate, approve_allocation
from healthycity.aid.domain.ledger import verify_ledger
from healthycity.aid.domain.snapshots import refresh_snapshots, sync_observations
from healthycity.aid.domain.stock import check_stock
from healthycity.aid.models import Allocation, Cycle


class _Rollback(Exception):
    pass


class Command(BaseCommand):
    help = "Aid programmes: allocate a cycle, verify the distribution ledger, check stock."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        alloc = sub.add_parser("allocate", help="Solve the allocation of a cycle.")
        alloc.add_argument("--cycle", required=True, help="cycle id (number or UUID)")
        alloc.add_argument(
            "--dry-run", action="store_true", help="compute and print; store nothing"
        )
        alloc.add_argument("--format", choices=["json", "table"], default="table")
        alloc.add_argument("--time-limit", type=float, default=120.0)
        approve = sub.add_parser("approve-allocation", help="Approve a stored dry run.")
        approve.add_argument("--allocation", required=True)
        approve.add_argument("--as", dest="username", required=True)
        sub.add_parser("verify-ledger", help="Check the hash chain; exit 1 at the first break.")
        sub.add_parser("check-stock", help="Check that every balance is the sum of movements.")
        sub.add_parser("refresh-snapshots", help="Copy the latest assessments for eligibility.")
        sub.add_parser(
            "sync-outcomes",
            help="Copy target-indicator measurements of beneficiaries and comparison citizens.",
        )

    def handle(self, *args, action: str, **options):
        return getattr(self, "do_" + action.replace("-", "_"))(**options)

    def do_allocate(self, *, cycle, dry_run, format, time_limit, **_):
        found = _cycle(cycle)
        try:
            with transaction.atomic():
                allocation = allocate(cycle=found, time_limit=time_limit)
                summary = dict(allocation.summary, allocation=str(allocation.external_id))
                summary["stored"] = not dry_run
                if dry_run:
                    raise _Rollback
        except _Rollback:
            pass
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        if format == "json":
            self.stdout.write(json.dumps(summary, ensure_ascii=False, indent=2))
        else:
            self._table(summary)

    def _table(self, s: dict) -> None:
        w = self.stdout.write
        w(
            f"allocation {s['allocation']} ({'stored as a dry run' if s['stored'] else 'not stored'})"
        )
        w(f"status {s['status']}, solved in {s['solve_seconds']} s")
        w(
            f"covered {s['covered']} of {s['enrolled']} enrolled; need-weighted coverage "
            f"{s['objective']:.0f} (greedy baseline {s['greedy_objective']:.0f})"
        )
        w(
            f"{'centre':<14}{'capacity':>9}{'eligible':>9}{'enrolled':>9}{'covered':>8}  by tier 1..5"
        )
        for c in s["centres"]:
            tiers = " ".join(
                f"{c['tiers'].get(str(t), {}).get('covered', 0)}/"
                f"{c['tiers'].get(str(t), {}).get('enrolled', 0)}"
                for t in range(1, 6)
            )
            w(
                f"{c['code']:<14}{c['capacity']:>9}{c['eligible']:>9}{c['enrolled']:>9}"
                f"{c['covered']:>8}  {tiers}"
            )
        for d in s["districts"]:
            flag = f" SHORT {d['short']}" if d["short"] else ""
            w(
                f"district {d['district']}: covered {d['covered']}/{d['enrolled']}, floor {d['floor']}{flag}"
            )

    def do_approve_allocation(self, *, allocation, username, **_):
        from healthycity.accounts.models import User

        user = User.objects.filter(username=username).first()
        if user is None or not user.has_perm("aid.manage_programme"):
            raise CommandError(f"{username} is not a city official.")
        found = Allocation.objects.filter(external_id=allocation).first()
        if found is None:
            raise CommandError(f"No allocation {allocation}.")
        try:
            approve_allocation(allocation=found, by=user)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        self.stdout.write(f"Allocation {allocation} approved.")

    def do_verify_ledger(self, **_):
        report = verify_ledger()
        if report.ok:
            self.stdout.write(f"Ledger verified: {report.entries} entries, chain intact.")
            return
        raise CommandError(f"Ledger broken at entry {report.broken_seq}: {report.reason}.")

    def do_check_stock(self, **_):
        mismatches = check_stock()
        if not mismatches:
            self.stdout.write("Stock consistent: every balance equals the sum of its movements.")
            return
        for m in mismatches:
            self.stderr.write(
                f"lot {m.lot_id} at location {m.location_id}: balance {m.balance}, "
                f"movements {m.movements}"
            )
        raise CommandError(f"{len(mismatches)} balances differ from their movements.")

    def do_refresh_snapshots(self, **_):
        self.stdout.write(f"{refresh_snapshots()} assessment snapshots written.")

    def do_sync_outcomes(self, **_):
        from healthycity.aid.domain.outcomes import beneficiary_ids, comparison_ids
        from healthycity.aid.enums import ProgrammeStatus
        from healthycity.aid.models import Programme

        for programme in Programme.objects.exclude(status=ProgrammeStatus.DRAFT):
            treated = beneficiary_ids(programme)
            ids = treated | comparison_ids(programme, treated)
            written = sync_observations(programme=programme, citizen_ids=ids)
            self.stdout.write(
                f"{programme.name_ko}: {written} observations of {len(ids)} citizens."
            )


def _cycle(value: str) -> Cycle:
    queryset = Cycle.objects.select_related("programme")
    try:
        found = (
            queryset.filter(pk=int(value)).first()
            if value.isdigit()
            else queryset.filter(external_id=uuid.UUID(value)).first()
        )
    except ValueError:
        found = None
    if found is None:
        raise CommandError(f"No cycle {value}.")
    return found
