"""Border crossings: the entry/exit records that certificates and later e-gates build on."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from immigo.core.models import Person


class Crossing(models.Model):
    class Direction(models.TextChoices):
        ENTRY = "entry", _("Entry")
        EXIT = "exit", _("Exit")

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="crossings")
    direction = models.CharField(_("direction"), max_length=5, choices=Direction.choices)
    at = models.DateTimeField(_("date and time"))
    port = models.CharField(_("port"), max_length=80)
    flight = models.CharField(_("flight or voyage"), max_length=20, blank=True)
    document_number = models.CharField(_("travel document number"), max_length=20, blank=True)

    class Meta:
        ordering = ["at"]
        verbose_name = _("border crossing")
        verbose_name_plural = _("border crossings")
        indexes = [models.Index(fields=["person", "at"], name="crossing_person_at")]

    def __str__(self) -> str:
        return f"{self.get_direction_display()} {self.at:%Y-%m-%d} {self.port}"
