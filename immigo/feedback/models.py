"""Live satisfaction (the "five lights", seed G01) and the monthly service-expert vote (G02).

After being served a person presses one of five levels; the rating belongs to the ticket (one
per ticket), the counter, the officer who served and the station. The two lowest levels raise an
alert on the supervisor's screen, which a supervisor acknowledges and then handles with a note.
The top level is also a vote for the officer in the month's service-expert vote; stations
without the tablets count paper ballots, which volunteers enter (each ballot number once).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from immigo.core.models import Unit
from immigo.queues.models import Counter, Ticket


class Level(models.IntegerChoices):
    """The five buttons, from the top (seed G01, Table 1-5)."""

    VERY_SATISFIED = 5, _("Very satisfied")
    SATISFIED = 4, _("Satisfied")
    NEUTRAL = 3, _("Neutral")
    DISSATISFIED = 2, _("Dissatisfied")
    VERY_DISSATISFIED = 1, _("Very dissatisfied")


# Satisfaction rate = (very satisfied + satisfied) / all ratings; "dissatisfied" = the two lowest
# levels, which alert the supervisor (seed G01).
SATISFIED_LEVELS = frozenset({Level.VERY_SATISFIED, Level.SATISFIED})
ALERT_LEVELS = frozenset({Level.DISSATISFIED, Level.VERY_DISSATISFIED})
# A top-level rating is a vote for the officer in the service-expert vote (seed G02).
VOTE_LEVEL = Level.VERY_SATISFIED


class Rating(models.Model):
    class Channel(models.TextChoices):
        TABLET = "tablet", _("Tablet at the counter")
        PHONE = "phone", _("Own phone")

    ticket = models.OneToOneField(Ticket, verbose_name=_("ticket"), on_delete=models.PROTECT, related_name="rating")
    station = models.ForeignKey(Unit, verbose_name=_("station"), on_delete=models.PROTECT, related_name="+")
    counter = models.ForeignKey(Counter, verbose_name=_("counter"), on_delete=models.PROTECT, related_name="ratings")
    officer = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("officer"), on_delete=models.PROTECT, related_name="+")
    level = models.PositiveSmallIntegerField(_("level"), choices=Level.choices)
    channel = models.CharField(_("rated on"), max_length=8, choices=Channel.choices)
    # The day of service (Asia/Taipei), which decides the month it counts in.
    service_day = models.DateField(_("day"))
    created_at = models.DateTimeField(_("rated at"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("rating")
        verbose_name_plural = _("ratings")
        constraints = [models.CheckConstraint(condition=Q(level__gte=1, level__lte=5), name="feedback_rating_level_range")]
        indexes = [models.Index(fields=["station", "service_day"], name="feedback_rating_station_day")]

    def __str__(self) -> str:
        return f"{self.ticket} {self.level}"


class Alert(models.Model):
    """The warning light on the supervisor's screen for one unsatisfied rating."""

    class Status(models.TextChoices):
        OPEN = "open", _("New")
        ACKNOWLEDGED = "acknowledged", _("On the way")
        HANDLED = "handled", _("Handled")

    rating = models.OneToOneField(Rating, verbose_name=_("rating"), on_delete=models.PROTECT, related_name="alert")
    station = models.ForeignKey(Unit, verbose_name=_("station"), on_delete=models.PROTECT, related_name="+")
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.OPEN)
    note = models.TextField(_("what was done"), blank=True)
    acknowledged_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    handled_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    handled_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(_("raised at"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("satisfaction alert")
        verbose_name_plural = _("satisfaction alerts")
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="handled") | (Q(handled_at__isnull=False) & ~Q(note="")), name="feedback_alert_handled_has_note"
            ),
        ]
        indexes = [models.Index(fields=["station", "status"], name="feedback_alert_station_status")]

    def __str__(self) -> str:
        return f"{self.rating} {self.status}"


class AlertEvent(models.Model):
    """Append-only history of an alert's status."""

    alert = models.ForeignKey(Alert, on_delete=models.CASCADE, related_name="events")
    before = models.CharField(max_length=16)
    after = models.CharField(max_length=16)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    note = models.TextField(blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.alert_id}: {self.before} -> {self.after}"


class Ballot(models.Model):
    """A paper ballot for the month's service expert, entered by a volunteer. Each printed
    ballot number counts once per station and month (a second entry is refused by the database)."""

    station = models.ForeignKey(Unit, verbose_name=_("station"), on_delete=models.PROTECT, related_name="+")
    ballot_number = models.CharField(_("ballot number"), max_length=20)
    officer = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("officer voted for"), on_delete=models.PROTECT, related_name="+")
    cast_on = models.DateField(_("day cast"))
    # The first day of the month of `cast_on`: ballot numbers start again every month.
    month = models.DateField(_("month"))
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("paper ballot")
        verbose_name_plural = _("paper ballots")
        constraints = [models.UniqueConstraint(fields=["station", "month", "ballot_number"], name="feedback_ballot_number_unique")]

    def __str__(self) -> str:
        return f"{self.station.code} {self.ballot_number}"
