"""Background jobs of the equity app: the analytics snapshot (nightly, and on an official's
request) and report exports (CSV, XLSX), which leave the city and so are always suppressed."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from healthycity.equity import dashboard, exports, snapshot
from healthycity.equity.errors import EquityError
from healthycity.jobs import JobError, job_kind

FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@job_kind(
    "equity.snapshot",
    label=_("Equity analytics snapshot"),
    user_errors=(EquityError,),
    time_limit=3 * 3600,
    result_template="equity/_snapshot_job.html",
)
def make_snapshot(job, *, period: str | None = None) -> dict:
    """Write the pseudonymised snapshot of `period` (default: this year), replacing the previous
    one atomically; rerunning it writes the same file again."""
    chosen = snapshot.parse_period(period)
    result = snapshot.write_snapshot(
        period=chosen, path=snapshot.default_path(chosen), on_progress=job.progress
    )
    return {"period": chosen.label, "rows": result.rows}


@job_kind("equity.export", label=_("Equity report export"), user_errors=(EquityError,))
def export_report(job, *, indicator: str, by: str, standard: str = "", format: str = "csv") -> dict:
    """The dashboard's report (every period) as a file for the owner, small cells suppressed."""
    if job.owner is None or not job.owner.has_perm("equity.view_dashboard"):
        raise JobError(gettext_noop("You may not export equity reports."))
    if format not in FORMATS:
        raise JobError(gettext_noop("Unknown export format %(format)s."), format=format)
    sel = dashboard.select({"indicator": indicator, "by": by, "standard": standard}, suppress=True)
    data = dashboard.build(sel)
    if data is None:
        raise JobError(gettext_noop("There is no snapshot yet."))
    rep = data["report"]
    if format == "csv":
        body = exports.report_csv(rep).encode("utf-8")
    else:
        body = exports.to_xlsx({"estimates": rep.estimates, "measures": rep.measures})
    name = f"equity-{sel.indicator.id}-{sel.stratifier.id}-{data['latest']}.{format}"
    job.save_output(name, body, FORMATS[format])
    return {"rows": len(rep.estimates), "period": data["latest"]}
