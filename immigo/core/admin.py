"""Configuration admin for the core registry: counties, units, office closures, and read-only
views of people and the audit log."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _

from .audit import audit_record
from .models import AuditEntry, Closure, County, Passport, Person, Unit


@admin.register(County)
class CountyAdmin(admin.ModelAdmin):
    list_display = ("code", "name_zh", "name_en", "moi_code", "id_letters")
    search_fields = ("code", "name_zh", "name_en", "moi_code")
    ordering = ("code",)


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ("code", "name_zh", "name_en", "kind", "parent", "county", "phone", "is_active")
    list_filter = ("kind", "is_active", "county")
    search_fields = ("code", "name_zh", "name_en", "address")
    autocomplete_fields = ("parent", "county")
    list_select_related = ("parent", "county")
    fieldsets = (
        (None, {"fields": ("code", "kind", "name_zh", "name_en", "parent", "county", "is_active")}),
        (_("Contact"), {"fields": ("postcode", "address", "phone", "fax", "hours")}),
        (_("Location"), {"fields": ("latitude", "longitude")}),
    )


class PassportInline(admin.TabularInline):
    model = Passport
    extra = 0
    can_delete = False
    fields = ("issuing_country", "number", "kind", "issued_on", "expires_on")
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    """People are personal data: only superusers may look them up here, nobody may change them
    here (changes go through the services that audit them), and every read or search is audited."""

    list_display = ("__str__", "identity_number", "date_of_birth", "nationality", "county")
    list_filter = ("nationality",)
    search_fields = ("native_name", "family_name", "given_names", "=national_id", "=ui_number", "=passports__number")
    list_select_related = ("county",)
    inlines = (PassportInline,)
    readonly_fields = (
        "national_id",
        "ui_number",
        "previous_ui_number",
        "native_name",
        "family_name",
        "given_names",
        "date_of_birth",
        "sex",
        "nationality",
        "email",
        "phone",
        "preferred_language",
        "address",
        "county",
        "created_at",
        "updated_at",
    )
    show_full_result_count = False

    @admin.display(description=_("identity number"))
    def identity_number(self, obj: Person) -> str:
        return obj.identity_number

    def has_module_permission(self, request: HttpRequest) -> bool:
        return request.user.is_active and request.user.is_superuser

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return request.user.is_active and request.user.is_superuser

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def changelist_view(self, request: HttpRequest, extra_context: dict[str, Any] | None = None) -> HttpResponse:
        query = request.GET.get("q", "").strip()
        if query and self.has_view_permission(request):
            audit_record(
                actor=request.user,  # type: ignore[arg-type]
                action=AuditEntry.Action.SEARCH,
                object_type="core.person",
                purpose="configuration admin: person search",
                details={"query": query[:100]},
            )
        return super().changelist_view(request, extra_context)

    def change_view(
        self, request: HttpRequest, object_id: str, form_url: str = "", extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        response = super().change_view(request, object_id, form_url, extra_context)
        if response.status_code == 200 and self.has_view_permission(request):
            person = self.get_object(request, object_id)
            if person is not None:
                audit_record(
                    actor=request.user,  # type: ignore[arg-type]
                    action=AuditEntry.Action.READ,
                    obj=person,
                    person_id=person.pk,
                    purpose="configuration admin: person record viewed",
                )
        return response


@admin.register(Closure)
class ClosureAdmin(admin.ModelAdmin):
    """Typhoon and earthquake days: offices are closed and time limits do not run."""

    list_display = ("date", "county_display", "reason", "created_by", "created_at")
    list_filter = ("county",)
    date_hierarchy = "date"
    search_fields = ("reason",)
    autocomplete_fields = ("county",)
    readonly_fields = ("created_by", "created_at")
    list_select_related = ("county", "created_by")

    @admin.display(description=_("county or city"), ordering="county__code")
    def county_display(self, obj: Closure) -> str:
        return obj.county.name_zh if obj.county is not None else str(_("nationwide"))

    def save_model(self, request: HttpRequest, obj: Closure, form: Any, change: bool) -> None:
        if not change:
            obj.created_by = request.user  # type: ignore[assignment]
        super().save_model(request, obj, form, change)
        audit_record(
            actor=request.user,  # type: ignore[arg-type]
            action=AuditEntry.Action.UPDATE if change else AuditEntry.Action.CREATE,
            obj=obj,
            purpose=f"office closure {obj.date}: {obj.reason}"[:300],
        )


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """The trail is append-only: the admin shows it and nothing else."""

    list_display = ("at", "actor_label", "action", "object_type", "object_id", "unit_code", "purpose", "ip_address")
    list_filter = ("action", "object_type")
    search_fields = ("actor_label", "=object_id", "purpose", "unit_code")
    date_hierarchy = "at"
    show_full_result_count = False
    actions = None

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return [field.name for field in AuditEntry._meta.fields]

    def get_queryset(self, request: HttpRequest) -> QuerySet[AuditEntry]:
        return super().get_queryset(request).select_related("actor")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
