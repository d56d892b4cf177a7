"""Django admin for operators. Visits and consents are read-only here: they are records of what
visitors did, changed only through the domain (a withdrawal, never an edit)."""

from django.contrib import admin

from healthycity.conference.exhibition.models import (
    Booth,
    BoothMeasurement,
    BoothStaff,
    BoothVisit,
    Exhibitor,
    LeadConsent,
)


class BoothInline(admin.TabularInline):
    model = Booth
    fields = ("number", "hall", "x", "y", "width", "depth", "station")
    extra = 0


@admin.register(Exhibitor)
class ExhibitorAdmin(admin.ModelAdmin):
    list_display = ("name_ko", "name_en", "event", "organisation", "slug")
    list_filter = ("event",)
    search_fields = ("name_ko", "name_en", "slug")
    filter_horizontal = ("products",)
    inlines = [BoothInline]


@admin.register(Booth)
class BoothAdmin(admin.ModelAdmin):
    list_display = ("number", "event", "hall", "width", "depth", "station", "exhibitor")
    list_filter = ("event", "hall", "station")
    search_fields = ("number",)


@admin.register(BoothStaff)
class BoothStaffAdmin(admin.ModelAdmin):
    list_display = ("user", "exhibitor", "added_by", "created_at", "revoked_at")
    list_filter = ("exhibitor__event",)
    raw_id_fields = ("user", "added_by")


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(BoothVisit)
class BoothVisitAdmin(ReadOnly):
    list_display = ("exhibitor", "booth", "category_kind", "scanned_at")
    list_filter = ("exhibitor__event", "category_kind")


@admin.register(LeadConsent)
class LeadConsentAdmin(ReadOnly):
    list_display = ("exhibitor", "granted_at", "withdrawn_at")
    list_filter = ("exhibitor__event",)


@admin.register(BoothMeasurement)
class BoothMeasurementAdmin(ReadOnly):
    list_display = ("booth", "exhibitor", "taken_at", "status", "source", "claim_expires_at")
    list_filter = ("status", "source", "exhibitor__event")
    exclude = ("values", "claim_hash")
