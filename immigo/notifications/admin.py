"""Outbox messages in the admin: read-only, for following up a notice."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from .models import OutboxMessage


@admin.register(OutboxMessage)
class OutboxMessageAdmin(admin.ModelAdmin):
    list_display = ["created_at", "event", "channel", "recipient", "language", "status", "attempts", "next_attempt_at", "sent_at"]
    list_filter = ["status", "channel", "event", "language"]
    search_fields = ["dedupe_key", "recipient", "provider_message_id"]
    date_hierarchy = "created_at"
    ordering = ["-created_at", "-pk"]
    list_select_related = False
    show_full_result_count = False

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return [field.name for field in self.model._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
