"""Forms filled in online and printed (A12), waiting to be handed in at a counter.

The printed form carries a code (a QR code and the same reference in letters) that points to
the stored answers; the counter officer scans it and the intake of the service opens pre-filled.
A form is kept for FORM_VALID_DAYS; after that it expires and its answers are erased."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .workflow import Status


class FilledForm(models.Model):
    # 16 characters of base32 (80 random bits): printed in groups of four, never guessable.
    reference = models.CharField(_("form reference"), max_length=16, unique=True)
    form_code = models.CharField(_("form"), max_length=8, db_index=True)
    service_code = models.CharField(_("service"), max_length=8)
    language = models.CharField(_("language"), max_length=10)
    data = models.JSONField(_("answers"), default=dict, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.READY)
    account = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="filled_forms")
    created_at = models.DateTimeField(_("filled in"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires"))
    filed_at = models.DateTimeField(_("filed at the counter"), null=True, blank=True)
    filed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    case = models.OneToOneField(
        "applications.Case", null=True, blank=True, on_delete=models.PROTECT, related_name="online_form", verbose_name=_("case")
    )

    class Meta:
        verbose_name = _("filled-in form")
        verbose_name_plural = _("filled-in forms")
        indexes = [models.Index(fields=["status", "expires_at"], name="filledform_expiry")]
        constraints = [
            models.CheckConstraint(condition=models.Q(expires_at__gt=models.F("created_at")), name="filledform_expires_after_creation"),
            models.CheckConstraint(
                condition=(
                    models.Q(status=Status.FILED, case__isnull=False, filed_at__isnull=False, filed_by__isnull=False)
                    | (~models.Q(status=Status.FILED) & models.Q(case__isnull=True, filed_at__isnull=True))
                ),
                name="filledform_filed_has_case",
            ),
            models.CheckConstraint(condition=models.Q(status__in=Status.values), name="filledform_status_known"),
        ]

    def __str__(self) -> str:
        return f"{self.form_code} {self.reference}"


class FilledFormEvent(models.Model):
    """One step of a filled-in form. Append-only."""

    form = models.ForeignKey(FilledForm, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(default=timezone.now)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    before = models.CharField(max_length=10, blank=True)
    after = models.CharField(max_length=10)
    note = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.form_id} {self.before}→{self.after}"

    def save(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        if self.pk is not None:
            raise PermissionError("form history is append-only")
        super().save(*args, **kwargs)
