"""Configuration admin (/config/): each station's booking rules. Bookings, sessions, pickups
and van visits are managed through the staff pages, which check roles and audit."""

from django.contrib import admin

from .models import StationBookingConfig


@admin.register(StationBookingConfig)
class StationBookingConfigAdmin(admin.ModelAdmin):
    list_display = ("station", "booking_window_days", "change_cutoff_hours", "max_changes", "noon_duty", "phone_line")
    list_select_related = ("station",)
