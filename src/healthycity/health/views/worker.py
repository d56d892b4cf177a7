"""Welfare-worker pages: the worklist of my centre, record a measurement, upload a device file."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from healthycity.accounts import roles
from healthycity.accounts.enums import Role
from healthycity.citizens.models import Citizen
from healthycity.core import cache
from healthycity.core.audit import log_access_many
from healthycity.core.cache import fingerprint
from healthycity.health.assessment.adapter import assess_records
from healthycity.health.assessment.explain import badge
from healthycity.health.assessment.rules import HYPERTENSION
from healthycity.health.forms import MeasurementForm, UploadForm
from healthycity.health.models import DailySteps, ImportBatch, Measurement
from healthycity.health.queries import (
    CitizenRecords,
    record_subjects_visible_to,
    records_fingerprint,
)
from healthycity.health.views.access import (
    log_view,
    purpose_of,
    require_worker,
    subject_for_staff,
)

# Programme rules for the worklist: "no measurement for 6 months", and the steps window it reads.
STALE_AFTER = dt.timedelta(days=183)
STEPS_LOOKBACK = dt.timedelta(days=90)

FILTERS = {
    "sarcopenia": (
        gettext_lazy("Possible sarcopenia or worse"),
        {("sarcopenia", o) for o in ("possible_sarcopenia", "sarcopenia", "severe_sarcopenia")},
    ),
    "hypertension": (
        gettext_lazy("Hypertension"),
        {("blood_pressure", o) for o in HYPERTENSION},
    ),
    "obesity": (
        gettext_lazy("Obesity (class I or above)"),
        {("bmi", o) for o in ("obesity_class_1", "obesity_class_2", "obesity_class_3")},
    ),
    "abdominal_obesity": (gettext_lazy("Abdominal obesity"), {("waist", "abdominal_obesity")}),
    "ecw_tbw": (gettext_lazy("ECW/TBW above range"), {("ecw_tbw", "above_range")}),
    "steps": (gettext_lazy("Below the daily steps goal"), {("steps", "below_goal")}),
    "stale": (gettext_lazy("No measurement for 6 months"), set()),
}


def _worklist_rows(user, today: dt.date) -> list[dict]:
    """Every citizen of the worker's scope with care consent, assessed (the filters and the total
    need them all), oldest first: {"pk", "last", "pairs", "findings"}. Assessing a centre takes
    a tenth of a second and more, so the rows are kept in the shared cache under a version of
    everything they are computed from (who is in scope with consent, their birth years and sexes,
    their sittings, their steps of the window, the date): a new measurement or a withdrawn
    consent gives new rows on the next request. Rows hold no names (direct identifiers stay in
    the database) and nothing that depends on the time of day or the language."""
    subjects = record_subjects_visible_to(user)
    since = today - STEPS_LOOKBACK
    key = cache.key(
        "health.worklist",
        today,
        fingerprint(subjects),
        records_fingerprint(subjects, steps_since=since),
    )
    return cache.cached(key, lambda: _assess_scope(subjects, today, since))


def _assess_scope(subjects, today: dt.date, since: dt.date) -> list[dict]:
    """A fixed number of queries whatever the number of citizens (the N+1 guard test holds us
    to it)."""
    citizens = subjects.prefetch_related(
        # Into plain lists (to_attr): `citizen.measurements.all()` on prefetched rows builds
        # a new queryset per citizen, a third of the page's time at a few hundred citizens.
        Prefetch(
            "measurements",
            queryset=Measurement.objects.order_by("taken_at", "id"),
            to_attr="worklist_measurements",
        ),
        Prefetch(
            "daily_steps",
            queryset=DailySteps.objects.filter(date__gte=since).order_by("date", "id"),
            to_attr="worklist_steps",
        ),
    ).order_by("birth_year", "id")
    rows = []
    for citizen in citizens:
        records = CitizenRecords(
            citizen=citizen,
            measurements=citizen.worklist_measurements,
            steps=citizen.worklist_steps,
        )
        assessment = assess_records(records, today)
        rows.append(
            {
                "pk": citizen.pk,
                "last": records.latest.taken_at if records.latest else None,
                "pairs": {(f.topic, f.outcome) for f in assessment.findings if f.assessed},
                # Put into words (badges) for the shown page only, in its language.
                "findings": [
                    f
                    for f in assessment.findings
                    if f.assessed and f.level in ("attention", "alert")
                ],
            }
        )
    return rows


def _matches(row: dict, key: str, now) -> bool:
    if key == "stale":
        return _stale(row, now)
    return bool(row["pairs"] & FILTERS[key][1])


def _stale(row: dict, now) -> bool:
    """Worked out on every request: a row kept since the morning may be stale by the evening."""
    return row["last"] is None or now - row["last"] > STALE_AFTER


@login_required
def worklist(request):
    require_worker(request)
    key = request.GET.get("finding", "")
    if key and key not in FILTERS:
        key = ""
    now = timezone.now()
    rows = _worklist_rows(request.user, timezone.localdate())
    total = len(rows)
    if key:
        rows = [r for r in rows if _matches(r, key, now)]
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    page.object_list = _shown(page.object_list, now)
    log_access_many(
        actor=request.user,
        citizens=[r["citizen"] for r in page],
        action="health.worklist",
        purpose=purpose_of(request.user),
        path=request.get_full_path(),
    )
    return render(
        request,
        "health/worklist.html",
        {
            "page": page,
            "filters": [(k, label) for k, (label, _pairs) in FILTERS.items()],
            "finding": key,
            "total": total,
            "without_consent": _without_consent(request.user, total),
        },
    )


def _shown(rows: list[dict], now) -> list[dict]:
    """The page's rows with their citizens and names (one query) and their findings' badges."""
    citizens = Citizen.objects.select_related("identity").in_bulk([r["pk"] for r in rows])
    shown = []
    for row in rows:
        citizen = citizens.get(row["pk"])
        if citizen is None:  # deleted since the rows were assessed
            continue
        shown.append(
            {
                **row,
                "citizen": citizen,
                "name": getattr(getattr(citizen, "identity", None), "name", ""),
                "stale": _stale(row, now),
                "flagged": [badge(f) for f in row["findings"]],
            }
        )
    return shown


def _without_consent(user, with_consent: int) -> int:
    from healthycity.citizens.queries import citizens_visible_to

    return citizens_visible_to(user).count() - with_consent


@login_required
def record_measurement(request, id):
    require_worker(request)
    citizen = subject_for_staff(request, id)
    form = MeasurementForm(
        request.POST or None,
        citizen=citizen,
        instance=Measurement(citizen=citizen, source="form", recorded_by=request.user),
    )
    if request.method == "POST" and form.is_valid():
        form.save()
        log_view(request, citizen, "health.record_measurement")
        messages.success(request, _("Measurement saved."))
        return redirect("health:citizen_record", id=citizen.external_id)
    return render(request, "health/record_form.html", {"form": form, "citizen": citizen})


@login_required
def upload(request):
    """The file is stored and imported by a background job; the browser goes to the job's page,
    which shows the progress and then the row accounting."""
    require_worker(request)
    from healthycity.jobs import enqueue

    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        f = form.cleaned_data["file"]
        job = enqueue(
            "health.import",
            owner=request.user,
            params={
                "kind": form.cleaned_data["kind"],
                "file_name": f.name,
                "dry_run": form.cleaned_data["dry_run"],
            },
            files={"file": f},
        )
        return redirect("jobs:detail", id=job.external_id)
    return render(request, "health/upload.html", {"form": form})


@login_required
def quarantine(request, id):
    """The rows of one import we could not take, for the person who imported it (or an admin)."""
    require_worker_or_admin(request)
    batches = ImportBatch.objects.filter(external_id=id)
    if Role.ADMIN not in roles.roles_of(request.user):
        batches = batches.filter(by=request.user)
    batch = batches.first()
    if batch is None:
        raise Http404
    rows = Paginator(batch.quarantine.all(), 100).get_page(request.GET.get("page"))
    return render(request, "health/quarantine.html", {"batch": batch, "page": rows})


def require_worker_or_admin(request) -> None:
    from django.core.exceptions import PermissionDenied

    if not (roles.roles_of(request.user) & {Role.WORKER, Role.ADMIN}):
        raise PermissionDenied
