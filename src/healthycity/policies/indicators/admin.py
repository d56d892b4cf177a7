from django.contrib import admin

from healthycity.policies.indicators.models import (
    HeatUpload,
    Indicator,
    IndicatorImport,
    IndicatorValue,
    RejectedRow,
)


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = ["code", "framework", "name_en", "unit", "higher_is_better", "source"]
    list_filter = ["framework"]
    search_fields = ["code", "name_ko", "name_en"]


@admin.register(IndicatorValue)
class IndicatorValueAdmin(admin.ModelAdmin):
    list_display = [
        "indicator",
        "area",
        "period",
        "breakdown",
        "value",
        "lower",
        "upper",
        "synthetic",
    ]
    list_filter = ["synthetic", "indicator__framework"]
    search_fields = ["area", "indicator__code"]
    raw_id_fields = ["indicator", "city", "batch", "entered_by"]


class RejectedRowInline(admin.TabularInline):
    model = RejectedRow
    extra = 0
    readonly_fields = ["line", "reason", "column", "message", "raw"]


@admin.register(IndicatorImport)
class IndicatorImportAdmin(admin.ModelAdmin):
    list_display = [
        "file_name",
        "kind",
        "by",
        "read",
        "imported",
        "duplicates",
        "rejected",
        "created_at",
    ]
    inlines = [RejectedRowInline]


@admin.register(HeatUpload)
class HeatUploadAdmin(admin.ModelAdmin):
    list_display = ["city", "file_name", "by", "synthetic", "created_at"]
