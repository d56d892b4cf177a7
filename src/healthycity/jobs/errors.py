"""Errors a job reports to its owner."""

from __future__ import annotations

from django.utils.translation import gettext_noop

from healthycity.core.errors import MessageError


class JobError(MessageError):
    """A failure the owner can act on. `message` is a message id (mark it with gettext_noop);
    it is stored untranslated with its parameters and shown in the reader's language.

        raise JobError(gettext_noop("Partner %(slug)s has no donations in %(period)s."),
                       slug=slug, period=period)
    """


# Stored as message ids and translated when shown.
UNEXPECTED = gettext_noop(
    "The job stopped because of an error on our side. It has been logged; please try again, "
    "or ask the administrator if it happens again."
)
TEMPORARY = gettext_noop(
    "A temporary problem interrupted the job (attempt %(attempt)s of %(attempts)s); it will be "
    "tried again."
)
GAVE_UP = gettext_noop(
    "The job was interrupted %(attempts)s times by temporary problems and has stopped. "
    "Please try again later."
)
WORKER_LOST = gettext_noop(
    "The worker running this job stopped before it finished (attempt %(attempt)s of %(attempts)s)."
)
TOO_LONG = gettext_noop("The job took longer than the %(minutes)s minutes it is allowed.")
UNKNOWN_KIND = gettext_noop("This kind of job (%(kind)s) is not known to this server.")
