"""Configuration admin: the counters of each station (number, love counter, the kinds of ticket
it serves by default) and the address its rating tablet opens."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .models import Category, Counter


class CounterForm(forms.ModelForm):
    default_categories = forms.MultipleChoiceField(
        label=_("categories served by default"), choices=Category.choices, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = Counter
        fields = ["station", "number", "is_love_counter", "default_categories", "is_active"]


@admin.register(Counter)
class CounterAdmin(admin.ModelAdmin):
    form = CounterForm
    list_display = ["station", "number", "is_love_counter", "is_active", "officer"]
    list_filter = ["is_love_counter", "is_active", "station"]
    list_select_related = ["station", "officer"]
    readonly_fields = ["officer", "opened_at", "tablet_address"]

    @admin.display(description=_("rating tablet address"))
    def tablet_address(self, obj: Counter) -> Any:
        return reverse("feedback:tablet", args=[obj.tablet_token]) if obj.pk else "—"
