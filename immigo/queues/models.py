"""Queue tickets and counter calling at the service stations (seed C01, C02, C07).

A person takes a numbered ticket for a category at a station (kiosk, phone or booking check-in);
an officer who has opened a counter calls the next ticket the counter serves (priority tickets
first, then in the order taken), serves the person and finishes. Numbers run per station, per day
and per category from 1 without gaps; the database refuses a duplicate number and a second active
ticket at one counter.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from immigo.core.models import Unit


def _token() -> str:
    return secrets.token_urlsafe(24)


class Category(models.TextChoices):
    """The ticket series of a station. Quick-service counters (C07) take the short cases: visa
    endorsement or extension, the entry/exit date certificate (A11), conscript exit approval,
    fingerprinting. Permanent residence and employers with many workers' cases have their own
    counters (D03-D05); people with a booking take a ticket of their own series."""

    GENERAL = "general", _("General applications")
    QUICK = "quick", _("Quick service (entry/exit date certificate, extensions, fingerprints)")
    PERMANENT_RESIDENCE = "permanent_residence", _("Permanent residence")
    EMPLOYER = "employer", _("Employers and their workers")
    APPOINTMENT = "appointment", _("Booked appointments")


# The letter printed before a ticket's number, so the display can tell the series apart.
CATEGORY_LETTERS: dict[str, str] = {
    Category.GENERAL: "A",
    Category.QUICK: "Q",
    Category.PERMANENT_RESIDENCE: "P",
    Category.EMPLOYER: "E",
    Category.APPOINTMENT: "B",
}


class PriorityReason(models.TextChoices):
    """Who is served first at the love counter (愛心櫃檯, seed C02)."""

    ELDERLY = "elderly", _("Elderly person with limited mobility")
    DISABILITY = "disability", _("Person with a disability")
    PREGNANT = "pregnant", _("Pregnant woman")
    CHILD_UNDER_3 = "child_under_3", _("With a child under 3")


class Counter(models.Model):
    """A counter of a station. An officer opens it (choosing which categories it serves today) and
    closes it; one officer staffs at most one counter at a time. The rating tablet at the counter
    reaches its page with `tablet_token`, which is never shown to the public."""

    station = models.ForeignKey(Unit, verbose_name=_("station"), on_delete=models.PROTECT, related_name="counters")
    number = models.PositiveSmallIntegerField(_("counter number"))
    is_love_counter = models.BooleanField(_("love counter"), default=False, help_text=_("The priority counter (C02)."))
    default_categories = models.JSONField(_("categories served by default"), default=list)
    categories = models.JSONField(_("categories served now"), default=list)
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("officer"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    opened_at = models.DateTimeField(_("opened at"), null=True, blank=True)
    tablet_token = models.CharField(_("rating tablet key"), max_length=64, unique=True, default=_token, editable=False)
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        ordering = ["station", "number"]
        verbose_name = _("counter")
        verbose_name_plural = _("counters")
        constraints = [
            models.UniqueConstraint(fields=["station", "number"], name="queue_counter_number_unique"),
            models.UniqueConstraint(fields=["officer"], condition=Q(officer__isnull=False), name="queue_counter_one_per_officer"),
        ]

    def __str__(self) -> str:
        return f"{self.station.code} #{self.number}"

    @property
    def is_open(self) -> bool:
        return self.officer_id is not None


class TicketSequence(models.Model):
    """The last number given in one series (station, day, category). The row is locked while a
    ticket is issued, so numbers are gap-free: a rolled-back issue rolls the counter back too."""

    station = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    service_day = models.DateField()
    category = models.CharField(max_length=24, choices=Category.choices)
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["station", "service_day", "category"], name="queue_sequence_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.station_id} {self.service_day} {self.category}: {self.last_number}"


class Ticket(models.Model):
    class Status(models.TextChoices):
        WAITING = "waiting", _("Waiting")
        CALLED = "called", _("Called")
        SERVING = "serving", _("Being served")
        SERVED = "served", _("Served")
        NO_SHOW = "no_show", _("Did not come")
        CANCELLED = "cancelled", _("Cancelled")

    class Channel(models.TextChoices):
        KIOSK = "kiosk", _("Kiosk at the station")
        PHONE = "phone", _("Own phone")
        CHECK_IN = "check_in", _("Booking check-in")

    station = models.ForeignKey(Unit, verbose_name=_("station"), on_delete=models.PROTECT, related_name="queue_tickets")
    service_day = models.DateField(_("day"))
    category = models.CharField(_("category"), max_length=24, choices=Category.choices)
    number = models.PositiveIntegerField(_("number"))
    priority_reason = models.CharField(_("priority"), max_length=16, choices=PriorityReason.choices, blank=True)
    channel = models.CharField(_("taken at"), max_length=12, choices=Channel.choices)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.WAITING)
    # The secret in the ticket's address (and QR code): whoever holds the ticket follows it.
    token = models.CharField(max_length=64, unique=True, default=_token, editable=False)
    language = models.CharField(_("language"), max_length=10, default="zh-hant")
    # Optional contact for the "almost your turn" notice; personal data, never shown publicly.
    phone = models.CharField(_("mobile phone"), max_length=32, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    notify_places = models.PositiveSmallIntegerField(_("tell me when this many places are left"), default=3)
    near_notified_at = models.DateTimeField(null=True, blank=True)
    appointment_reference = models.CharField(_("booking reference"), max_length=40, blank=True)
    counter = models.ForeignKey(Counter, verbose_name=_("counter"), null=True, blank=True, on_delete=models.PROTECT, related_name="tickets")
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("officer"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recall_count = models.PositiveSmallIntegerField(_("times recalled"), default=0)
    issued_at = models.DateTimeField(_("taken at"), auto_now_add=True)
    called_at = models.DateTimeField(_("called at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        ordering = ["service_day", "station", "category", "number"]
        verbose_name = _("queue ticket")
        verbose_name_plural = _("queue tickets")
        constraints = [
            models.UniqueConstraint(fields=["station", "service_day", "category", "number"], name="queue_ticket_number_unique"),
            # A counter has at most one ticket at its window: the one called or being served.
            models.UniqueConstraint(
                fields=["counter"], condition=Q(status__in=["called", "serving"]), name="queue_ticket_one_active_per_counter"
            ),
            models.CheckConstraint(condition=Q(number__gte=1), name="queue_ticket_number_positive"),
            models.CheckConstraint(condition=Q(notify_places__gte=1, notify_places__lte=20), name="queue_ticket_notify_places_range"),
            models.CheckConstraint(
                condition=Q(status="waiting") | Q(counter__isnull=False) | Q(status="cancelled"),
                name="queue_ticket_called_has_counter",
            ),
        ]
        indexes = [models.Index(fields=["station", "service_day", "status"], name="queue_ticket_waiting_idx")]

    def __str__(self) -> str:
        return f"{self.station.code} {self.service_day} {self.display_number}"

    @property
    def display_number(self) -> str:
        return f"{CATEGORY_LETTERS.get(self.category, '')}{self.number:03d}"

    @property
    def is_priority(self) -> bool:
        return bool(self.priority_reason)


class TicketEvent(models.Model):
    """Append-only history of a ticket: every status change, and every recall."""

    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="events")
    before = models.CharField(max_length=12, blank=True)
    after = models.CharField(max_length=12)
    action = models.CharField(max_length=16)
    counter = models.ForeignKey(Counter, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.ticket_id} {self.action}: {self.before} -> {self.after}"
