"""Configuration admin for accounts and staff roles. Granting or removing a role is audited."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from immigo.core.audit import audit_record

from .models import StaffRole, User


def _role_audit(*, request: HttpRequest, role: StaffRole, change: str) -> None:
    audit_record(
        actor=request.user,  # type: ignore[arg-type]
        action="update",
        obj=role.user,
        purpose=f"staff role {change} in the configuration admin",
        unit_code=role.unit.code,
        details={"role": role.role, "unit": role.unit.code, "change": change},
    )


class UserCreationAdminForm(AdminUserCreationForm):
    class Meta:
        model = User
        fields = ("email", "full_name", "kind")

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip().lower()
        if User.objects.filter(email__iexact=email).exists():
            raise forms.ValidationError(_("An account with this e-mail address already exists."), code="unique")
        return email


class UserChangeAdminForm(UserChangeForm):
    class Meta:
        model = User
        fields = "__all__"

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip().lower()
        if User.objects.filter(email__iexact=email).exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(_("An account with this e-mail address already exists."), code="unique")
        return email


class StaffRoleInline(admin.TabularInline):
    model = StaffRole
    extra = 0
    autocomplete_fields = ("unit",)
    readonly_fields = ("granted_at",)
    fields = ("role", "unit", "granted_at")


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    form = UserChangeAdminForm
    add_form = UserCreationAdminForm
    inlines = (StaffRoleInline,)
    list_display = ("email", "full_name", "kind", "is_active", "is_staff", "last_login")
    list_filter = ("kind", "is_active", "is_staff", "is_superuser")
    search_fields = ("email", "full_name")
    ordering = ("email",)
    raw_id_fields = ("person",)
    readonly_fields = ("last_login", "date_joined")
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Person"), {"fields": ("full_name", "kind", "preferred_language", "person")}),
        (_("Permissions"), {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")}),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("email", "full_name", "kind", "usable_password", "password1", "password2"),
            },
        ),
    )

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        if formset.model is not StaffRole:
            super().save_formset(request, form, formset, change)
            return
        roles = formset.save(commit=False)
        for role in formset.deleted_objects:
            _role_audit(request=request, role=role, change="removed")
            role.delete()
        for role in roles:
            role.save()
            _role_audit(request=request, role=role, change="granted" if role in formset.new_objects else "changed")
        formset.save_m2m()


@admin.register(StaffRole)
class StaffRoleAdmin(admin.ModelAdmin):
    list_display = ("user", "role", "unit", "granted_at")
    list_filter = ("role", "unit__kind")
    search_fields = ("user__email", "user__full_name", "unit__code", "unit__name_zh", "unit__name_en")
    autocomplete_fields = ("user", "unit")
    list_select_related = ("user", "unit")
    readonly_fields = ("granted_at",)

    def save_model(self, request: HttpRequest, obj: StaffRole, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        _role_audit(request=request, role=obj, change="changed" if change else "granted")

    def delete_model(self, request: HttpRequest, obj: StaffRole) -> None:
        _role_audit(request=request, role=obj, change="removed")
        super().delete_model(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: Any) -> None:
        for role in queryset.select_related("unit", "user"):
            _role_audit(request=request, role=role, change="removed")
        super().delete_queryset(request, queryset)
