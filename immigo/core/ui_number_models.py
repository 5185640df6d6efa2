"""The register of unified ID (UI) numbers the agency issued, and the counters they come from.

A number is never issued twice: every issued number has a row in `UiNumberRecord` (unique), the
person holds it in `Person.ui_number` (unique), and each series hands out serials from one
counter row that a single UPDATE advances (a row lock on PostgreSQL, the write lock on SQLite).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import Person


class UiCategory(models.TextChoices):
    """What the third character of a new-format number says about the holder."""

    FOREIGN = "foreign", _("Foreign national or stateless person")  # third digit 0-6
    NATIONAL_NO_REGISTRATION = "national_no_registration", _("National without household registration")  # 7
    HK_MACAO = "hk_macao", _("Hong Kong or Macao resident")  # 8
    MAINLAND = "mainland", _("Mainland Chinese resident")  # 9


class UiNumberSeries(models.Model):
    """One series of new-format numbers: the area letter, the sex digit (8 male, 9 female) and
    the category; `next_serial` is the next serial to hand out."""

    letter = models.CharField(_("area letter"), max_length=1)
    sex_digit = models.CharField(_("sex digit"), max_length=1)
    category = models.CharField(_("category"), max_length=24, choices=UiCategory.choices)
    next_serial = models.PositiveIntegerField(_("next serial"), default=1)

    class Meta:
        verbose_name = _("unified ID number series")
        verbose_name_plural = _("unified ID number series")
        constraints = [
            models.UniqueConstraint(fields=["letter", "sex_digit", "category"], name="ui_series_unique"),
            models.CheckConstraint(condition=models.Q(sex_digit__in=["8", "9"]), name="ui_series_sex_digit_8_or_9"),
        ]

    def __str__(self) -> str:
        return f"{self.letter}{self.sex_digit} {self.category}"


class UiNumberRecord(models.Model):
    """One issued number, for ever. A converted old-format number (N04) is kept in `replaces`,
    so the old and the new number stay linked to the same person."""

    class Reason(models.TextChoices):
        NEW = "new", _("First number (A05)")
        CONVERSION = "conversion", _("Conversion of an old-format number (N04)")

    number = models.CharField(_("unified ID number"), max_length=10, unique=True)
    person = models.ForeignKey(Person, verbose_name=_("holder"), on_delete=models.PROTECT, related_name="ui_number_records")
    category = models.CharField(_("category"), max_length=24, choices=UiCategory.choices)
    reason = models.CharField(_("reason"), max_length=12, choices=Reason.choices)
    replaces = models.CharField(_("old-format number replaced"), max_length=10, blank=True)
    case_receipt = models.CharField(_("case"), max_length=24, blank=True)
    issued_at = models.DateTimeField(_("issued"), default=timezone.now)
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-issued_at", "-id"]
        verbose_name = _("issued unified ID number")
        verbose_name_plural = _("issued unified ID numbers")
        constraints = [
            # One conversion per old number: converting again returns the same new number.
            models.UniqueConstraint(fields=["replaces"], condition=~models.Q(replaces=""), name="ui_record_one_conversion_per_old_number"),
            models.CheckConstraint(
                condition=models.Q(reason="new", replaces="") | models.Q(reason="conversion") & ~models.Q(replaces=""),
                name="ui_record_conversion_names_old_number",
            ),
        ]

    def __str__(self) -> str:
        return self.number
