"""A person's record: the citizen's own portal (/health/me/…) and the staff view of one citizen
(/health/citizens/<id>/…). Both render the same summary; staff views are access-logged."""

from __future__ import annotations

import json

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone, translation
from django.utils.http import content_disposition_header

from healthycity.accounts import roles
from healthycity.accounts.enums import Role
from healthycity.health.queries import records_for
from healthycity.health.report.charts import trend_charts
from healthycity.health.report.pdf import report_pdf
from healthycity.health.report.summary import summarise
from healthycity.health.views.access import log_view, my_citizen, subject_for_staff
from healthycity.health.views.flags import flagged_days


def _page(request, citizen, *, is_self: bool):
    records = records_for(citizen)
    context = {
        "s": summarise(records),
        "charts": trend_charts(records),
        "is_self": is_self,
        "can_record": not is_self and Role.WORKER in roles.roles_of(request.user),
        "flagged": flagged_days(records.steps),
        "today_steps": _today_steps(records.steps),
    }
    return render(request, "health/record.html", context)


def _today_steps(steps) -> int | None:
    """Today's steps (the largest unflagged count of the day), so that an upload shows at once."""
    today = timezone.localdate()
    counts = [d.steps for d in steps if d.date == today and not d.flagged]
    return max(counts) if counts else None


def _pdf(request, citizen) -> HttpResponse:
    """The report of a citizen whom the caller was allowed to see (and, for staff, whose access
    was logged) before this is called; the PDF itself may come from the shared cache."""
    pdf, name = report_pdf(citizen, language=translation.get_language() or "ko")
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(True, name)
    return response


def _fhir(request, citizen) -> HttpResponse:
    from healthycity.health.fhir.export import bundle_for

    bundle = bundle_for(citizen, records_for(citizen))
    response = HttpResponse(
        json.dumps(bundle, ensure_ascii=False, indent=2, default=str),
        content_type="application/fhir+json; charset=utf-8",
    )
    response["Content-Disposition"] = content_disposition_header(True, "my-health-record.json")
    return response


@login_required
def my_health(request):
    return _page(request, my_citizen(request), is_self=True)


@login_required
def my_report_pdf(request):
    return _pdf(request, my_citizen(request))


@login_required
def my_fhir(request):
    return _fhir(request, my_citizen(request))


@login_required
def citizen_record(request, id):
    citizen = subject_for_staff(request, id)
    log_view(request, citizen, "health.view_record")
    return _page(request, citizen, is_self=False)


@login_required
def citizen_report_pdf(request, id):
    citizen = subject_for_staff(request, id)
    log_view(request, citizen, "health.report_pdf")
    return _pdf(request, citizen)
