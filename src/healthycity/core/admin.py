from django.contrib import admin

from healthycity.core.models import AccessLog


class ReadOnlyAdmin(admin.ModelAdmin):
    """Rows that change only through the domain (or never): admins read them, nothing more."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AccessLog)
class AccessLogAdmin(ReadOnlyAdmin):
    """Read-only: nobody edits or deletes the access log through the app."""

    list_display = ["at", "actor", "actor_role", "citizen", "action", "purpose"]
    list_filter = ["actor_role", "action"]
    search_fields = ["actor__username", "citizen__external_id", "action", "purpose"]
    date_hierarchy = "at"
