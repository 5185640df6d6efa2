"""A filled-in form's life as data: printed and waiting for the counter, filed there (once), or
expired unused. `services.filled_form_move` is the only code that writes `status`."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    READY = "ready", _("Ready to hand in")
    FILED = "filed", _("Filed at a counter")
    EXPIRED = "expired", _("Expired")


ALLOWED: dict[Status, frozenset[Status]] = {
    Status.READY: frozenset({Status.FILED, Status.EXPIRED}),
    Status.FILED: frozenset(),
    Status.EXPIRED: frozenset(),
}
