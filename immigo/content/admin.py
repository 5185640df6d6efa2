"""Configuration admin (/config/) for the content categories: their order and their names in
each language. Content itself is edited in the back office at /editor/, never here, so that
every change goes through review and keeps its revision."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from .models import SOURCE_LANGUAGE, Category


def _name_field(code: str) -> str:
    return f"name_{code.replace('-', '_')}"


class CategoryFormBase(forms.ModelForm):
    """One text box per site language instead of the raw JSON of `names`."""

    class Meta:
        model = Category
        fields = ("scheme", "audience", "code", "position")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        names = self.instance.names or {}
        for code, _label in settings.LANGUAGES:
            self.fields[_name_field(code)].initial = names.get(code, "")

    def save(self, commit: bool = True) -> Category:
        self.instance.names = {
            code: self.cleaned_data[_name_field(code)].strip()
            for code, _label in settings.LANGUAGES
            if self.cleaned_data.get(_name_field(code), "").strip()
        }
        return super().save(commit=commit)


def category_form() -> type[CategoryFormBase]:
    """The form with a name field for each of the site's languages."""
    fields = {
        _name_field(code): forms.CharField(
            label=_("Name in %(language)s") % {"language": label}, required=code == SOURCE_LANGUAGE, max_length=120
        )
        for code, label in settings.LANGUAGES
    }
    return type("CategoryForm", (CategoryFormBase,), fields)


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ("code", "__str__", "scheme", "audience", "position")
    list_filter = ("scheme", "audience")
    ordering = ("scheme", "audience", "position")
    search_fields = ("code",)

    def get_form(self, request: HttpRequest, obj: Category | None = None, change: bool = False, **kwargs: Any) -> Any:
        kwargs["form"] = category_form()
        return super().get_form(request, obj, change, **kwargs)

    def get_fields(self, request: HttpRequest, obj: Category | None = None) -> Any:
        return ["scheme", "audience", "code", "position", *(_name_field(code) for code, _label in settings.LANGUAGES)]

    def has_delete_permission(self, request: HttpRequest, obj: Category | None = None) -> bool:
        # A category with items is protected by the database; one without may go.
        return super().has_delete_permission(request, obj) and (obj is None or not obj.items.exists())
