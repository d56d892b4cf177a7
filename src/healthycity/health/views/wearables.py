"""Uploading a phone or watch export: the citizen for themself on the portal, or a worker for a
citizen of their centre. The format is recognised from the file; the import runs as a background
job (the browser goes to the job's page: progress, then the days recorded)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render

from healthycity.health.forms import WearableUploadForm
from healthycity.health.imports import ImportFailed
from healthycity.health.imports.wearables import check_citizen
from healthycity.health.imports.wearables.detect import detect
from healthycity.health.views.access import log_view, my_citizen, require_worker, subject_for_staff


def _upload(request, citizen, *, is_self: bool):
    from healthycity.jobs import enqueue

    form = WearableUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        f = form.cleaned_data["file"]
        try:
            check_citizen(citizen, by=request.user, scoped=True)
            kind = detect(f, f.name)
        except ImportFailed as exc:
            form.add_error("file", str(exc))
        else:
            job = enqueue(
                "health.import_wearable",
                owner=request.user,
                params={
                    "kind": str(kind),
                    "file_name": f.name,
                    "citizen": str(citizen.external_id),
                },
                files={"file": f},
            )
            if not is_self:
                log_view(request, citizen, "health.upload_wearable")
            return redirect("jobs:detail", id=job.external_id)
    return render(
        request,
        "health/wearable_upload.html",
        {"form": form, "citizen": citizen, "is_self": is_self},
    )


@login_required
def my_upload(request):
    return _upload(request, my_citizen(request), is_self=True)


@login_required
def citizen_upload(request, id):
    require_worker(request)
    return _upload(request, subject_for_staff(request, id), is_self=False)
