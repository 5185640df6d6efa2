"""Organisations that act for applicants: travel agencies (A13–A15, quotas), schools (group
bookings of foreign students), employers and sponsoring companies (A09). Each has logins
(memberships); an organisation acts only for its own customers."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .identifiers import validate_business_number


class Organisation(models.Model):
    class Kind(models.TextChoices):
        TRAVEL_AGENCY = "travel_agency", _("Travel agency")
        SCHOOL = "school", _("School")
        EMPLOYER = "employer", _("Employer")
        SPONSOR_COMPANY = "sponsor_company", _("Sponsoring company")

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        SUSPENDED = "suspended", _("Suspended")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=160)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    # Unified business number (統一編號): 8 digits.
    business_number = models.CharField(_("unified business number"), max_length=8, unique=True, validators=[validate_business_number])
    licence_number = models.CharField(_("licence number"), max_length=40, blank=True)
    licence_valid_until = models.DateField(_("licence valid until"), null=True, blank=True)
    address = models.CharField(_("address"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.ACTIVE)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self) -> str:
        return self.name

    def licence_valid_on(self, day: dt.date) -> bool:
        """Active, and its licence (where the kind needs one) has not lapsed on `day`."""
        if self.status != self.Status.ACTIVE:
            return False
        if self.kind == self.Kind.TRAVEL_AGENCY:
            return bool(self.licence_number) and self.licence_valid_until is not None and self.licence_valid_until >= day
        return True


class Membership(models.Model):
    """A login of an organisation. Administrators manage the other logins; members file."""

    class Role(models.TextChoices):
        ADMINISTRATOR = "administrator", _("Administrator")
        MEMBER = "member", _("Member")

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("role"), max_length=16, choices=Role.choices, default=Role.MEMBER)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("organisation login")
        verbose_name_plural = _("organisation logins")
        constraints = [models.UniqueConstraint(fields=["organisation", "user"], name="membership_unique")]

    def __str__(self) -> str:
        return f"{self.user} @ {self.organisation}"
