from django.contrib import admin

from healthycity.places.models import District, MemberCity, WelfareCentre


@admin.register(District)
class DistrictAdmin(admin.ModelAdmin):
    list_display = ["code", "name_ko", "name_en", "population"]
    search_fields = ["code", "name_ko", "name_en"]


@admin.register(WelfareCentre)
class WelfareCentreAdmin(admin.ModelAdmin):
    list_display = ["code", "name_ko", "district", "capacity_per_cycle"]
    list_filter = ["district"]
    search_fields = ["code", "name_ko", "name_en"]


@admin.register(MemberCity)
class MemberCityAdmin(admin.ModelAdmin):
    list_display = ["name_en", "name_ko", "country", "unlocode", "membership", "chapter"]
    list_filter = ["membership", "country_code"]
    search_fields = ["name_en", "name_ko", "unlocode"]
