"""Data checks of the aid app for `healthycity verify` (see core/verify.py)."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from healthycity.core.verify import Report, chain_report, verify_check


@verify_check("aid.ledger", label=gettext_lazy("Distribution ledger hash chain"))
def ledger() -> Report:
    from healthycity.aid.domain.ledger import verify_ledger

    report = verify_ledger()
    return chain_report(
        report,
        summary=_("%(n)s hand-overs") % {"n": report.entries},
        broken=_("the chain breaks at entry %(seq)s: %(reason)s"),
        intact=_("chain intact"),
    )


@verify_check("aid.stock", label=gettext_lazy("Stock equals the sum of its movements"))
def stock() -> Report:
    from healthycity.aid.domain.stock import check_stock
    from healthycity.aid.models import StockBalance

    mismatches = check_stock()
    return Report(
        summary=_("%(n)s balances") % {"n": StockBalance.objects.count()},
        problems=[
            _("lot %(lot)s at location %(loc)s: balance %(balance)s, movements %(movements)s")
            % {
                "lot": m.lot_id,
                "loc": m.location_id,
                "balance": m.balance,
                "movements": m.movements,
            }
            for m in mismatches
        ],
    )


@verify_check("aid.append_only", label=gettext_lazy("Ledger and stock movements are append-only"))
def append_only() -> Report:
    from healthycity.aid.models import HandOver, StockMovement
    from healthycity.core.checks_data import append_only_problems

    problems = []
    for model in (HandOver, StockMovement):
        problems += append_only_problems(model._meta.db_table)
    return Report(summary=_("UPDATE and DELETE refused by the database"), problems=problems)
