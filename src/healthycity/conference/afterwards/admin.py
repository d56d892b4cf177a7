from django.contrib import admin

from healthycity.conference.afterwards.models import Certificate, SessionFeedback


@admin.register(SessionFeedback)
class SessionFeedbackAdmin(admin.ModelAdmin):
    list_display = ("session", "rating", "submitted_at")
    list_filter = ("session__event", "rating")
    raw_id_fields = ("session", "registration")


@admin.register(Certificate)
class CertificateAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "issued_at", "revoked_at")
    search_fields = ("code", "name")
    raw_id_fields = ("registration",)
    readonly_fields = ("code", "issued_at")
