from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from healthycity.accounts.models import Membership, Organisation, User


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["organisation"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    inlines = [MembershipInline]
    fieldsets = (*BaseUserAdmin.fieldsets, ("healthycity", {"fields": ("preferred_language",)}))


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name_ko", "name_en", "kind", "slug"]
    list_filter = ["kind"]
    search_fields = ["name_ko", "name_en", "slug"]
