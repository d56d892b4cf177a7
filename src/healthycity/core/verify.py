"""`healthycity verify`: a registry of data-safety checks that apps contribute.

Each app may define `<app>/verify.py` with checks:

    from healthycity.core.verify import Report, Skip, verify_check

    @verify_check("aid.ledger", label=_("Distribution ledger hash chain"))
    def ledger() -> Report:
        report = verify_ledger()
        if not report.ok:
            return Report(problems=[f"entry {report.broken_seq}: {report.reason}"])
        return Report(summary=f"{report.entries} hand-overs, chain intact")

A check returns a `Report` (no problems: it passed) or raises `Skip(reason)` when it does not
apply here (e.g. a PostgreSQL trigger on SQLite). It only reads. The command runs them all (or
`--only` some), prints one line each and exits 1 naming every check that found a problem.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from healthycity.core.discovery import app_modules


@dataclass
class Report:
    summary: str = ""
    problems: list[str] = field(default_factory=list)


class Skip(Exception):  # noqa: N818 — a check that does not apply is not an error
    """The check does not apply to this installation; the message says why."""


@dataclass(frozen=True)
class Check:
    name: str
    label: str  # a lazy translation
    run: Callable[[], Report]


@dataclass
class Result:
    name: str
    label: str
    status: str  # ok | problem | skipped | error
    summary: str = ""
    problems: list[str] = field(default_factory=list)
    seconds: float = 0.0


_CHECKS: dict[str, Check] = {}
_loaded = False


def verify_check(name: str, *, label):
    def register(func):
        _CHECKS[name] = Check(name=name, label=label, run=func)
        return func

    return register


def checks() -> dict[str, Check]:
    global _loaded
    if not _loaded:
        app_modules("verify")
        _loaded = True
    return dict(sorted(_CHECKS.items()))


def run(names: list[str] | None = None) -> list[Result]:
    """Run the checks (all, or those named); a check that crashes is reported, not raised."""
    found = checks()
    unknown = sorted(set(names or ()) - set(found))
    if unknown:
        raise LookupError(
            _("Unknown checks: %(names)s. Known: %(known)s.")
            % {"names": ", ".join(unknown), "known": ", ".join(found)}
        )
    results = []
    for check in found.values():
        if names and check.name not in names:
            continue
        results.append(_run_one(check))
    return results


def _run_one(check: Check) -> Result:
    started = time.monotonic()
    result = Result(name=check.name, label=str(check.label), status="ok")
    try:
        report = check.run()
    except Skip as exc:
        result.status, result.summary = "skipped", str(exc)
    except Exception as exc:  # noqa: BLE001 — a broken check is a finding, not a crash
        result.status = "error"
        result.problems = [f"{type(exc).__name__}: {exc}"]
    else:
        result.summary, result.problems = report.summary, list(report.problems)
        if report.problems:
            result.status = "problem"
    result.seconds = time.monotonic() - started
    return result


# ---------------------------------------------------------------------------------------------
# The checks of the foundation (apps add theirs in <app>/verify.py).

from django.utils.translation import gettext_lazy  # noqa: E402


@verify_check("core.migrations", label=gettext_lazy("Database schema up to date"))
def _migrations() -> Report:
    from healthycity.core.checks_data import unapplied_migrations

    missing = unapplied_migrations()
    if missing:
        return Report(
            problems=[
                _("%(n)s migrations are not applied (run healthycity migrate): %(names)s")
                % {"n": len(missing), "names": ", ".join(missing[:10])}
            ]
        )
    return Report(summary=_("every migration applied"))


@verify_check("core.orphans", label=gettext_lazy("No orphaned rows"))
def _orphans() -> Report:
    from healthycity.core.checks_data import orphaned_rows

    checked, problems = orphaned_rows()
    return Report(summary=_("%(n)s foreign keys checked") % {"n": checked}, problems=problems)


def chain_report(report, *, summary: str, broken: str, intact: str) -> Report:
    """The Report of a walked hash chain (core.chain.ChainReport): `broken` is formatted with
    the first broken entry's `seq` and the `reason`."""
    if not report.ok:
        return Report(
            summary=summary,
            problems=[broken % {"seq": report.broken_seq, "reason": report.reason}],
        )
    return Report(summary=summary + " · " + intact)


@verify_check("core.access_log", label=gettext_lazy("Access log is append-only"))
def _access_log() -> Report:
    from healthycity.core.checks_data import append_only_problems
    from healthycity.core.models import AccessLog

    problems = append_only_problems(AccessLog._meta.db_table)
    return Report(
        summary=_("%(n)s entries; UPDATE and DELETE refused by the database")
        % {"n": AccessLog.objects.count()},
        problems=problems,
    )


@verify_check("core.access_log_chain", label=gettext_lazy("Access log hash chain"))
def _access_log_chain() -> Report:
    from healthycity.core.audit import verify_access_log

    report = verify_access_log()
    return chain_report(
        report,
        summary=_("%(n)s access-log entries") % {"n": report.entries},
        broken=_("the access log's chain breaks at entry %(seq)s: %(reason)s"),
        intact=_("access-log chain intact"),
    )
