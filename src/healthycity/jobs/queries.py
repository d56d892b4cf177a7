"""Whose jobs a user may see: their own. A job's parameters and result can name people (an
import's rows, an allocation), so not even an official sees another user's job here; operators
read them in /admin/."""

from __future__ import annotations

from healthycity.jobs.models import Job


def jobs_visible_to(user):
    if user is None or not user.is_authenticated:
        return Job.objects.none()
    return Job.objects.filter(owner=user)
