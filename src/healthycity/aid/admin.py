from django import forms
from django.contrib import admin

from healthycity.aid.forms import check_programme
from healthycity.aid.models import (
    Allocation,
    BenefitItem,
    Cycle,
    DonationLot,
    Enrolment,
    HandOver,
    Location,
    Programme,
    StockBalance,
    StockMovement,
)
from healthycity.core.admin import (
    ReadOnlyAdmin,  # stock, ledger, allocations change only through the domain
)


class BenefitItemInline(admin.TabularInline):
    model = BenefitItem
    extra = 1


class ProgrammeAdminForm(forms.ModelForm):
    class Meta:
        model = Programme
        fields = "__all__"  # noqa: DJ007 — the admin edits every field

    def clean(self):
        data = super().clean()
        candidate = Programme(**{k: v for k, v in data.items() if k not in ("sponsors", "centres")})
        check_programme(self, candidate)
        return data


@admin.register(Programme)
class ProgrammeAdmin(admin.ModelAdmin):
    form = ProgrammeAdminForm
    list_display = ["name_ko", "name_en", "status", "starts_on", "ends_on"]
    list_filter = ["status"]
    filter_horizontal = ["sponsors", "centres"]
    inlines = [BenefitItemInline]


@admin.register(Cycle)
class CycleAdmin(admin.ModelAdmin):
    list_display = ["programme", "number", "starts_on", "ends_on", "status"]
    list_filter = ["status"]


@admin.register(Enrolment)
class EnrolmentAdmin(admin.ModelAdmin):
    list_display = ["programme", "citizen", "centre", "status", "need_tier"]
    list_filter = ["status", "programme"]
    raw_id_fields = ["citizen"]


@admin.register(Location)
class LocationAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "kind"]


@admin.register(DonationLot)
class DonationLotAdmin(admin.ModelAdmin):
    list_display = ["product", "lot_number", "partner", "quantity", "expires_on", "status"]
    list_filter = ["status", "partner"]


@admin.register(StockMovement)
class StockMovementAdmin(ReadOnlyAdmin):
    list_display = ["at", "kind", "lot", "source", "destination", "quantity"]


@admin.register(StockBalance)
class StockBalanceAdmin(ReadOnlyAdmin):
    list_display = ["lot", "location", "quantity"]


@admin.register(HandOver)
class HandOverAdmin(ReadOnlyAdmin):
    list_display = ["seq", "recorded_at", "enrolment", "lot", "quantity", "hash"]


@admin.register(Allocation)
class AllocationAdmin(ReadOnlyAdmin):
    list_display = ["cycle", "status", "objective", "greedy_objective", "created_at"]
