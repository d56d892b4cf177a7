"""Background jobs of the partners app: the ESG impact report as a PDF (WeasyPrint takes
seconds to minutes for a year of a large partner)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from healthycity.accounts.enums import OrganisationKind
from healthycity.accounts.models import Organisation
from healthycity.jobs import JobError, job_kind
from healthycity.partners.esg import report as esg
from healthycity.partners.periods import Period


@job_kind(
    "partners.esg_pdf",
    label=_("ESG impact report (PDF)"),
    user_errors=(ValidationError,),
    time_limit=900,
)
def esg_pdf(job, *, partner: str, period: str) -> dict:
    """Render the partner's report for `period` (aggregates only, small cells suppressed) as a
    PDF the owner downloads from the job's page; a rerun replaces the file."""
    org = Organisation.objects.filter(slug=partner, kind=OrganisationKind.PARTNER).first()
    if org is None:
        raise JobError(gettext_noop("There is no partner '%(slug)s'."), slug=partner)
    if job.owner is None or not job.owner.has_perm("partners.view_report", org):
        raise JobError(gettext_noop("You may not see this partner's report."))
    chosen = Period.parse(period)
    job.progress(0, 2)
    report = esg.build_report(org, chosen)
    job.progress(1, 2)
    pdf = esg.as_pdf(report)
    job.save_output(f"esg-{org.slug}-{chosen}.pdf", pdf, "application/pdf")
    return {"partner": org.slug, "period": str(chosen)}
