"""The owner's job pages: the list, one job (a progress bar the page polls with HTMX, then the
result or the reason it failed) and the file it produced."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.files.storage import default_storage
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from healthycity.jobs import registry
from healthycity.jobs.queries import jobs_visible_to


def _job(request, id):
    job = jobs_visible_to(request.user).filter(external_id=id).first()
    if job is None:
        raise Http404
    return job


def _result_template(job) -> str:
    try:
        return registry.get(job.kind).result_template or "jobs/_result.html"
    except LookupError:
        return "jobs/_result.html"


@login_required
def job_list(request):
    page = Paginator(jobs_visible_to(request.user), 25).get_page(request.GET.get("page"))
    return render(request, "jobs/list.html", {"page": page})


@never_cache
@login_required
def job_detail(request, id):
    job = _job(request, id)
    context = {"job": job, "result": job.result or {}, "result_template": _result_template(job)}
    template = "jobs/_status.html" if request.htmx else "jobs/detail.html"
    return render(request, template, context)


@login_required
def job_file(request, id):
    job = _job(request, id)
    file = job.file
    if file is None or not default_storage.exists(file["path"]):
        raise Http404
    response = FileResponse(
        default_storage.open(file["path"], "rb"),
        as_attachment=True,
        filename=file.get("name") or "download",
        content_type=file.get("content_type") or "application/octet-stream",
    )
    response["Cache-Control"] = "private, no-store"
    return response
