from django.contrib import admin

from healthycity.citizens.models import Citizen, CitizenIdentity, Consent


class ConsentInline(admin.TabularInline):
    model = Consent
    extra = 0
    fields = ["purpose", "version", "granted_at", "withdrawn_at"]
    readonly_fields = ["granted_at"]


@admin.register(Citizen)
class CitizenAdmin(admin.ModelAdmin):
    list_display = ["external_id", "birth_year", "sex", "district", "welfare_centre", "income_band"]
    list_filter = ["sex", "income_band", "district", "medical_aid", "living_alone", "disability"]
    raw_id_fields = ["user", "welfare_centre"]
    inlines = [ConsentInline]


@admin.register(CitizenIdentity)
class CitizenIdentityAdmin(admin.ModelAdmin):
    list_display = ["citizen", "name"]
    raw_id_fields = ["citizen"]
    search_fields = ["name", "phone"]
