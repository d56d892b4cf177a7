"""Job kinds used only by the tests of the jobs framework (registered on import)."""

from __future__ import annotations

from django.db import OperationalError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from healthycity.jobs import JobError, job_kind

CALLS: dict[str, int] = {}


class Refused(Exception):
    """A domain error with a message already rendered in the active language."""


@job_kind("tests.echo", label=_("Test job"))
def echo(job, *, value, steps=3):
    CALLS["echo"] = CALLS.get("echo", 0) + 1
    for i in range(steps):
        job.progress(i + 1, steps)
    return {"value": value, "owner": job.owner.username}


@job_kind("tests.keyed_error", label=_("Test job"))
def keyed_error(job, *, name):
    raise JobError(gettext_noop("There is no user '%(name)s'."), name=name)


@job_kind("tests.domain_error", label=_("Test job"), user_errors=(Refused,))
def domain_error(job):
    from django.utils.translation import gettext

    raise Refused(gettext("The file is empty."))


@job_kind("tests.crash", label=_("Test job"))
def crash(job):
    raise RuntimeError("secret internal detail /srv/healthycity/settings.py")


@job_kind("tests.flaky", label=_("Test job"), max_attempts=3)
def flaky(job, *, failures):
    CALLS["flaky"] = CALLS.get("flaky", 0) + 1
    if CALLS["flaky"] <= failures:
        raise OperationalError("server closed the connection unexpectedly")
    return {"calls": CALLS["flaky"]}


@job_kind("tests.file", label=_("Test job"))
def make_file(job, *, text, upload):
    with job.open_input(upload) as f:
        body = f.read() + text.encode()
    job.save_output("report.csv", body, "text/csv")
    return {"length": len(body)}
