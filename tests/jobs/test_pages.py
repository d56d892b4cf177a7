"""The owner's job page (HTMX polling while it runs), the file download and the API."""

from __future__ import annotations

import io

import pytest
from django.utils import translation

from healthycity.jobs import enqueue
from healthycity.jobs.models import Job
from healthycity.jobs.runner import claim

pytestmark = pytest.mark.django_db


def _running(owner, done=30, total=120):
    job = Job.objects.create(owner=owner, kind="tests.echo", params={"value": 1})
    claim(job.pk)
    Job.objects.filter(pk=job.pk).update(progress_done=done, progress_total=total)
    return job


def test_running_job_page_polls_and_shows_progress(cast, client_for):
    job = _running(cast.worker_a)
    html = client_for(cast.worker_a).get(f"/jobs/{job.external_id}/").content.decode()
    assert 'hx-trigger="every 1s"' in html and f'hx-get="/jobs/{job.external_id}/"' in html
    assert 'aria-valuenow="25"' in html and "width: 25%" in html
    assert "htmx" in html  # the script that does the polling is on the page


def test_htmx_poll_gets_only_the_status_fragment(cast, client_for):
    job = _running(cast.worker_a)
    response = client_for(cast.worker_a).get(f"/jobs/{job.external_id}/", HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert html.lstrip().startswith('<section id="job-status"') and "<html" not in html
    assert response["Cache-Control"].startswith("max-age=0")


def test_finished_job_stops_polling_and_shows_the_result(cast, client_for):
    job = enqueue("tests.echo", owner=cast.worker_a, params={"value": 1})
    html = client_for(cast.worker_a).get(f"/jobs/{job.external_id}/").content.decode()
    assert "hx-trigger" not in html and 'data-state="done"' in html
    assert 'data-testid="job-result"' in html


def test_failed_job_says_why_in_the_users_language(cast, client_for):
    job = enqueue("tests.keyed_error", owner=cast.worker_a, params={"name": "kim"})
    client = client_for(cast.worker_a)
    ko = client.get(f"/jobs/{job.external_id}/", HTTP_ACCEPT_LANGUAGE="ko").content.decode()
    assert "사용자 &#x27;kim&#x27;이(가) 없습니다." in ko and 'role="alert"' in ko
    with translation.override("en"):
        client.cookies["django_language"] = "en"
        en = client.get(f"/jobs/{job.external_id}/").content.decode()
    assert "There is no user &#x27;kim&#x27;." in en


@pytest.mark.parametrize("who", ["worker_b", "official", "partner", "citizen", "delegate", "admin"])
def test_only_the_owner_sees_a_job(cast, client_for, api_for, who):
    job = enqueue("tests.echo", owner=cast.worker_a, params={"value": 1})
    user = cast.users()[who]
    assert client_for(user).get(f"/jobs/{job.external_id}/").status_code == 404
    assert api_for(user).get(f"/api/v1/jobs/{job.external_id}/").status_code == 404
    assert not api_for(user).get("/api/v1/jobs/").json()["results"]


def test_anonymous_is_sent_to_log_in(cast, client_for, api_for):
    job = enqueue("tests.echo", owner=cast.worker_a, params={"value": 1})
    response = client_for(None).get(f"/jobs/{job.external_id}/")
    assert response.status_code == 302 and "/login/" in response["Location"]
    assert api_for(None).get(f"/api/v1/jobs/{job.external_id}/").status_code in (401, 403)


def test_job_list_shows_my_jobs_only(cast, client_for):
    mine = enqueue("tests.echo", owner=cast.worker_a, params={"value": 1})
    enqueue("tests.echo", owner=cast.worker_b, params={"value": 2})
    response = client_for(cast.worker_a).get("/jobs/")
    assert [j.pk for j in response.context["page"]] == [mine.pk]


def test_api_job_answers_state_progress_and_result(cast, api_for):
    job = _running(cast.worker_a, done=1, total=4)
    api = api_for(cast.worker_a)
    body = api.get(f"/api/v1/jobs/{job.external_id}/").json()
    assert (body["state"], body["progress"], body["result"]) == ("running", 25, None)
    done = enqueue("tests.echo", owner=cast.worker_a, params={"value": 5})
    body = api.get(f"/api/v1/jobs/{done.external_id}/").json()
    assert (body["state"], body["progress"], body["result"]["value"]) == ("done", 100, 5)
    assert body["url"].endswith(f"/api/v1/jobs/{done.external_id}/")


def test_file_is_downloaded_by_its_owner_only(cast, client_for, api_for):
    upload = io.BytesIO(b"a;b\n")
    upload.name = "in.csv"
    job = enqueue("tests.file", owner=cast.worker_a, params={"text": "c"}, files={"upload": upload})
    response = client_for(cast.worker_a).get(f"/jobs/{job.external_id}/file")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"a;b\nc"
    assert 'filename="report.csv"' in response["Content-Disposition"]
    assert "no-store" in response["Cache-Control"]
    assert client_for(cast.worker_b).get(f"/jobs/{job.external_id}/file").status_code == 404
    body = api_for(cast.worker_a).get(f"/api/v1/jobs/{job.external_id}/").json()
    assert "path" not in body["result"]["file"] and body["file_url"].endswith("/file")
