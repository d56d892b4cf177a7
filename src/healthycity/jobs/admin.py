from django.contrib import admin

from healthycity.core.admin import ReadOnlyAdmin
from healthycity.jobs.models import Job


@admin.register(Job)
class JobAdmin(ReadOnlyAdmin):
    """Operators read every job (what ran, for whom, how it ended); the runner changes them."""

    list_display = ["created_at", "kind", "owner", "state", "attempts", "finished_at"]
    list_filter = ["state", "kind"]
    search_fields = ["external_id", "owner__username", "kind"]
    date_hierarchy = "created_at"
