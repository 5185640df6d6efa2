from django.contrib import admin

from .models import Membership, Organisation


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    raw_id_fields = ["user"]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "business_number", "licence_number", "licence_valid_until", "status"]
    list_filter = ["kind", "status"]
    search_fields = ["name", "name_en", "business_number", "licence_number"]
    inlines = [MembershipInline]
