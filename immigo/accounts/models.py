"""Accounts: one user model for the public, agencies and staff. Staff powers come only from
roles scoped to organisational units (least privilege); `is_superuser` is for configuration
through the Django admin, never for case work."""

from __future__ import annotations

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from immigo.core.models import Person, Unit


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **extra: object) -> User:
        if not email:
            raise ValueError("an e-mail address is required")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra: object) -> User:
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self.create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    class Kind(models.TextChoices):
        PUBLIC = "public", _("Member of the public")
        STAFF = "staff", _("Agency staff")
        ORGANISATION = "organisation", _("Organisation acting for applicants")

    email = models.EmailField(_("e-mail"), unique=True)
    full_name = models.CharField(_("full name"), max_length=120)
    kind = models.CharField(_("account type"), max_length=16, choices=Kind.choices, default=Kind.PUBLIC)
    preferred_language = models.CharField(_("preferred language"), max_length=10, default="zh-hant")
    person = models.ForeignKey(
        Person, verbose_name=_("person record"), null=True, blank=True, on_delete=models.SET_NULL, related_name="accounts"
    )
    is_active = models.BooleanField(_("active"), default=True)
    is_staff = models.BooleanField(_("may use the configuration admin"), default=False)
    date_joined = models.DateTimeField(_("joined"), default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.email

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.full_name

    @property
    def is_agency_staff(self) -> bool:
        return self.kind == self.Kind.STAFF


class Role(models.TextChoices):
    COUNTER_OFFICER = "counter_officer", _("Counter officer")
    REVIEWER = "reviewer", _("Reviewer")
    SUPERVISOR = "supervisor", _("Supervisor")
    STATION_CHIEF = "station_chief", _("Station chief")
    CONTENT_EDITOR = "content_editor", _("Content editor")
    ADMINISTRATOR = "administrator", _("Administrator")
    BORDER_OFFICER = "border_officer", _("Border officer")
    SPECIAL_OPERATIONS = "special_operations", _("Special-operations officer")
    INTERPRETER = "interpreter", _("Interpreter")
    VOLUNTEER = "volunteer", _("Volunteer")
    QUOTA_OFFICER = "quota_officer", _("Quota officer")


class StaffRole(models.Model):
    """A role held in one unit. It covers that unit and the units under it (a headquarters
    division oversees its stations)."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="staff_roles")
    role = models.CharField(_("role"), max_length=24, choices=Role.choices)
    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="staff_roles")
    granted_at = models.DateTimeField(_("granted"), default=timezone.now)

    class Meta:
        verbose_name = _("staff role")
        verbose_name_plural = _("staff roles")
        constraints = [models.UniqueConstraint(fields=["user", "role", "unit"], name="staff_role_unique")]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()} @ {self.unit}"
