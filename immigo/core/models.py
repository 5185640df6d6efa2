"""Core domain: organisational units, people and their identifiers, calendar closures, audit."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import identifiers


class County(models.Model):
    """A first-level administrative division (直轄市/縣/市). Calendar closures and station
    jurisdiction are per county."""

    code = models.CharField(_("ISO 3166-2 code"), max_length=8, unique=True)
    moi_code = models.CharField(_("MOI area code"), max_length=8, blank=True)
    name_zh = models.CharField(_("name (Chinese)"), max_length=40)
    name_en = models.CharField(_("name (English)"), max_length=80)
    id_letters = models.CharField(_("identity-number letters"), max_length=4, blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("county or city")
        verbose_name_plural = _("counties and cities")

    def __str__(self) -> str:
        return self.name_zh


class Unit(models.Model):
    class Kind(models.TextChoices):
        HEADQUARTERS = "headquarters", _("Headquarters division")
        SERVICE_STATION = "service_station", _("Service station")
        SPECIAL_OPERATIONS = "special_operations", _("Special-operations team")
        BORDER = "border", _("Border team")
        DETENTION = "detention", _("Detention centre")

    code = models.SlugField(_("code"), max_length=40, unique=True)
    kind = models.CharField(_("kind"), max_length=24, choices=Kind.choices)
    name_zh = models.CharField(_("name (Chinese)"), max_length=80)
    name_en = models.CharField(_("name (English)"), max_length=120)
    parent = models.ForeignKey(
        "self", verbose_name=_("parent unit"), null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    county = models.ForeignKey(
        County, verbose_name=_("county or city"), null=True, blank=True, on_delete=models.PROTECT, related_name="units"
    )
    postcode = models.CharField(_("postcode"), max_length=8, blank=True)
    address = models.CharField(_("address"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    fax = models.CharField(_("fax"), max_length=40, blank=True)
    hours = models.CharField(_("opening hours"), max_length=120, blank=True)
    latitude = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["kind", "code"]
        verbose_name = _("organisational unit")
        verbose_name_plural = _("organisational units")

    def __str__(self) -> str:
        return self.name_zh


class Person(models.Model):
    """A person the agency deals with: applicant, resident or traveller."""

    class Sex(models.TextChoices):
        FEMALE = "F", _("Female")
        MALE = "M", _("Male")
        OTHER = "X", _("Other / unspecified")

    national_id = models.CharField(_("national ID number"), max_length=10, unique=True, null=True, blank=True)
    ui_number = models.CharField(_("unified ID number"), max_length=10, unique=True, null=True, blank=True)
    previous_ui_number = models.CharField(_("previous unified ID number"), max_length=10, blank=True)
    native_name = models.CharField(_("name in native script"), max_length=120, blank=True)
    family_name = models.CharField(_("family name (romanised)"), max_length=80, blank=True)
    given_names = models.CharField(_("given names (romanised)"), max_length=120, blank=True)
    date_of_birth = models.DateField(_("date of birth"))
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices, default=Sex.OTHER)
    nationality = models.CharField(_("nationality (ISO 3166 alpha-3)"), max_length=3)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("mobile phone"), max_length=32, blank=True)
    preferred_language = models.CharField(_("preferred language"), max_length=10, default="zh-hant")
    address = models.CharField(_("address in Taiwan"), max_length=200, blank=True)
    county = models.ForeignKey(County, verbose_name=_("county or city of residence"), null=True, blank=True, on_delete=models.PROTECT)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        indexes = [models.Index(fields=["family_name", "given_names"], name="person_roman_name")]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        roman = " ".join(p for p in (self.family_name, self.given_names) if p)
        if self.native_name and roman:
            return f"{self.native_name} ({roman})"
        return self.native_name or roman

    @property
    def identity_number(self) -> str:
        return self.national_id or self.ui_number or ""

    def clean(self) -> None:
        errors = {}
        if self.national_id:
            check = identifiers.validate(self.national_id, kinds={identifiers.IdKind.NATIONAL_ID})
            if not check.valid:
                errors["national_id"] = check.message
        if self.ui_number:
            check = identifiers.validate(self.ui_number, kinds={identifiers.IdKind.OLD_UI, identifiers.IdKind.NEW_UI})
            if not check.valid:
                errors["ui_number"] = check.message
        if errors:
            raise ValidationError(errors)


class Passport(models.Model):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="passports")
    number = models.CharField(_("passport number"), max_length=20)
    issuing_country = models.CharField(_("issuing country or authority (ICAO code)"), max_length=3)
    kind = models.CharField(_("document type"), max_length=40, blank=True, help_text=_("e.g. HKSAR passport, BN(O)"))
    issued_on = models.DateField(_("issued on"), null=True, blank=True)
    expires_on = models.DateField(_("expires on"))

    class Meta:
        verbose_name = _("passport")
        verbose_name_plural = _("passports")
        constraints = [models.UniqueConstraint(fields=["issuing_country", "number"], name="passport_unique_per_issuer")]

    def __str__(self) -> str:
        return f"{self.issuing_country} {self.number}"


class Closure(models.Model):
    """A day on which offices close although the published calendar says they work: a typhoon or
    earthquake day decided by a local government (per county), or nationally (county empty)."""

    date = models.DateField(_("date"))
    county = models.ForeignKey(
        County,
        verbose_name=_("county or city"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        help_text=_("Leave empty for a national closure."),
    )
    reason = models.CharField(_("reason"), max_length=200)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-date"]
        verbose_name = _("office closure")
        verbose_name_plural = _("office closures")
        constraints = [
            models.UniqueConstraint(fields=["date", "county"], name="closure_unique_per_county"),
            models.UniqueConstraint(fields=["date"], condition=models.Q(county__isnull=True), name="closure_unique_national"),
        ]

    def __str__(self) -> str:
        where = self.county.name_zh if self.county is not None else _("nationwide")
        return f"{self.date} {where}: {self.reason}"


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):  # type: ignore[no-untyped-def]
        raise PermissionError("audit entries are append-only")

    def delete(self):  # type: ignore[no-untyped-def]
        raise PermissionError("audit entries are append-only")


class AuditEntry(models.Model):
    """Who read or changed which personal data or case, when, from where and why.

    Append-only: the model refuses updates and deletes, and a database trigger (see the
    migration) refuses them too, so not even a raw query can rewrite the trail.
    """

    class Action(models.TextChoices):
        READ = "read", _("Read")
        CREATE = "create", _("Create")
        UPDATE = "update", _("Update")
        TRANSITION = "transition", _("Status change")
        EXPORT = "export", _("Export or print")
        SEARCH = "search", _("Search")
        LOGIN = "login", _("Sign-in")

    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("who"), null=True, on_delete=models.PROTECT, related_name="+")
    actor_label = models.CharField(_("who (as recorded)"), max_length=200)
    unit_code = models.CharField(_("acting unit"), max_length=40, blank=True)
    action = models.CharField(_("what"), max_length=16, choices=Action.choices)
    object_type = models.CharField(_("object type"), max_length=60)
    object_id = models.CharField(_("object id"), max_length=64)
    person_id_ref = models.BigIntegerField(_("person concerned"), null=True, blank=True, db_index=True)
    purpose = models.CharField(_("why"), max_length=300)
    ip_address = models.GenericIPAddressField(_("from where (IP)"), null=True, blank=True)
    user_agent = models.CharField(_("client"), max_length=300, blank=True)
    details = models.JSONField(_("details"), default=dict, blank=True)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit log")
        indexes = [models.Index(fields=["object_type", "object_id"], name="audit_object")]
        default_permissions = ("view",)

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_label} {self.action} {self.object_type}:{self.object_id}"

    def save(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        if self.pk is not None:
            raise PermissionError("audit entries are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        raise PermissionError("audit entries are append-only")


# The unified ID number register lives in its own module; imported here so Django sees its models.
from .ui_number_models import UiNumberRecord, UiNumberSeries  # noqa: E402, F401
