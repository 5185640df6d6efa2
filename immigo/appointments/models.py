"""Appointments at the service stations (D01, D03–D05), group sessions of schools and employers
(D02), home pickups (C03) and mobile service vans (L04).

A slot's `booked` count moves only in the same transaction as the bookings that make it up, and
the database refuses a slot booked beyond its capacity and a second active booking of one
person for one service on one day, whatever the code above it does.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from immigo.core.calendar import TAIPEI
from immigo.core.models import County, Unit

from .rules import Counter, GroupService

REFERENCE_LENGTH = 8


class StationBookingConfig(models.Model):
    """A station's own booking rules; an empty field keeps the agency's value (see rules.py)."""

    station = models.OneToOneField(Unit, verbose_name=_("station"), on_delete=models.CASCADE, related_name="booking_config")
    booking_window_days = models.PositiveSmallIntegerField(_("booking window (days)"), null=True, blank=True)
    min_lead_hours = models.PositiveSmallIntegerField(_("book at least (hours before)"), null=True, blank=True)
    change_cutoff_hours = models.PositiveSmallIntegerField(_("change or cancel up to (hours before)"), null=True, blank=True)
    max_changes = models.PositiveSmallIntegerField(_("changes allowed per booking"), null=True, blank=True)
    slot_minutes = models.PositiveSmallIntegerField(_("slot length (minutes)"), null=True, blank=True)
    opens_at = models.TimeField(_("opens at"), null=True, blank=True)
    closes_at = models.TimeField(_("closes at"), null=True, blank=True)
    lunch_starts_at = models.TimeField(_("lunch break from"), null=True, blank=True)
    lunch_ends_at = models.TimeField(_("lunch break until"), null=True, blank=True)
    noon_duty = models.BooleanField(_("noon duty (open over lunch)"), null=True, blank=True)
    noon_capacity = models.PositiveSmallIntegerField(_("places per slot over lunch"), null=True, blank=True)
    general_capacity = models.PositiveSmallIntegerField(_("places per slot, multi-function counter"), null=True, blank=True)
    permanent_residence_capacity = models.PositiveSmallIntegerField(_("places per slot, permanent residence"), null=True, blank=True)
    employer_capacity = models.PositiveSmallIntegerField(_("places per slot, employers"), null=True, blank=True)
    group_people_per_officer = models.PositiveSmallIntegerField(_("people per officer in group sessions"), null=True, blank=True)
    group_max_people = models.PositiveSmallIntegerField(_("largest group list"), null=True, blank=True)
    phone_line = models.CharField(_("phone appointment line"), max_length=40, blank=True)

    class Meta:
        verbose_name = _("station booking configuration")
        verbose_name_plural = _("station booking configurations")

    def __str__(self) -> str:
        return str(self.station)


class Slot(models.Model):
    """A bookable time at one counter of one station."""

    station = models.ForeignKey(Unit, verbose_name=_("station"), on_delete=models.PROTECT, related_name="appointment_slots")
    counter = models.CharField(_("counter"), max_length=24, choices=Counter.choices)
    day = models.DateField(_("day"))
    start = models.TimeField(_("from"))
    end = models.TimeField(_("until"))
    capacity = models.PositiveSmallIntegerField(_("places"))
    booked = models.PositiveSmallIntegerField(_("booked"), default=0)
    is_noon_duty = models.BooleanField(_("noon duty"), default=False)

    class Meta:
        ordering = ["day", "start", "counter"]
        verbose_name = _("slot")
        verbose_name_plural = _("slots")
        constraints = [
            models.UniqueConstraint(fields=["station", "counter", "day", "start"], name="slot_unique_per_counter_and_time"),
            models.CheckConstraint(condition=Q(booked__lte=F("capacity")), name="slot_not_overbooked"),
            models.CheckConstraint(condition=Q(end__gt=F("start")), name="slot_ends_after_start"),
        ]
        indexes = [models.Index(fields=["station", "day"], name="slot_station_day")]

    def __str__(self) -> str:
        return f"{self.station.code} {self.day} {self.start:%H:%M} {self.counter}"

    @property
    def starts_at(self) -> dt.datetime:
        return dt.datetime.combine(self.day, self.start, tzinfo=TAIPEI)

    @property
    def free(self) -> int:
        return max(0, self.capacity - self.booked)


class Appointment(models.Model):
    class Status(models.TextChoices):
        BOOKED = "booked", _("Booked")
        ARRIVED = "arrived", _("Arrived")
        CANCELLED = "cancelled", _("Cancelled")
        NO_SHOW = "no_show", _("Did not come")

    class Via(models.TextChoices):
        ONLINE = "online", _("Online")
        PHONE = "phone", _("By phone")
        ORGANISATION = "organisation", _("By an organisation")

    # Short, printed on the confirmation and in its QR code; the queue's kiosk reads it.
    reference = models.CharField(_("booking reference"), max_length=REFERENCE_LENGTH, unique=True)
    slot = models.ForeignKey(Slot, verbose_name=_("slot"), on_delete=models.PROTECT, related_name="appointments")
    station = models.ForeignKey(Unit, verbose_name=_("station"), on_delete=models.PROTECT, related_name="appointments")
    day = models.DateField(_("day"))
    # A catalogue service code (e.g. "A11") or a counter category (rules.Counter).
    service_code = models.CharField(_("service"), max_length=32)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.BOOKED)
    via = models.CharField(_("booked"), max_length=14, choices=Via.choices)
    # Identity number, passport number or unified business number, upper case without spaces:
    # one person (or employer) holds at most one booking per service and day.
    holder_key = models.CharField(_("identity or passport number"), max_length=20)
    full_name = models.CharField(_("name"), max_length=120)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("mobile phone"), max_length=32, blank=True)
    notify_by_sms = models.BooleanField(_("send SMS notices"), default=False)
    language = models.CharField(_("language"), max_length=10, default="zh-hant")
    case_count = models.PositiveSmallIntegerField(_("number of cases"), default=1)
    account = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("account"), null=True, blank=True, on_delete=models.SET_NULL, related_name="appointments"
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="appointments",
    )
    booked_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    changes = models.PositiveSmallIntegerField(_("times changed"), default=0)
    arrived_at = models.DateTimeField(_("arrived"), null=True, blank=True)
    created_at = models.DateTimeField(_("booked at"), default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["day", "id"]
        verbose_name = _("appointment")
        verbose_name_plural = _("appointments")
        constraints = [
            models.UniqueConstraint(
                fields=["holder_key", "service_code", "day"],
                condition=Q(status__in=["booked", "arrived"]),
                name="appointment_one_per_person_service_day",
            ),
            models.CheckConstraint(
                condition=~Q(service_code=Counter.EMPLOYER) | Q(case_count__gte=5),
                name="appointment_employer_five_cases",
            ),
        ]
        indexes = [
            models.Index(fields=["station", "day", "status"], name="appointment_station_day"),
            models.Index(fields=["account", "day"], name="appointment_account_day"),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def starts_at(self) -> dt.datetime:
        return dt.datetime.combine(self.day, self.slot.start, tzinfo=TAIPEI)

    @property
    def is_active(self) -> bool:
        return self.status in (self.Status.BOOKED, self.Status.ARRIVED)


class AppointmentEvent(models.Model):
    """One step in a booking's history (booked, changed, arrived, cancelled). Append-only."""

    appointment = models.ForeignKey(Appointment, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(default=timezone.now)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    action = models.CharField(max_length=16)
    before = models.CharField(max_length=12, blank=True)
    after = models.CharField(max_length=12, blank=True)
    details = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.appointment_id} {self.action}"

    def save(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        if self.pk is not None:
            raise PermissionError("booking history is append-only")
        super().save(*args, **kwargs)


class GroupSession(models.Model):
    """A school's or employer's session for many people (D02): at the station, or on campus
    where officers go to the school."""

    class Kind(models.TextChoices):
        AT_STATION = "at_station", _("At the station")
        ON_CAMPUS = "on_campus", _("On campus (officers come to the school)")

    class Status(models.TextChoices):
        REQUESTED = "requested", _("Requested")
        CONFIRMED = "confirmed", _("Confirmed")
        COMPLETED = "completed", _("Completed")
        CANCELLED = "cancelled", _("Cancelled")

    reference = models.CharField(_("session reference"), max_length=REFERENCE_LENGTH, unique=True)
    organisation = models.ForeignKey(
        "organisations.Organisation", verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="group_sessions"
    )
    station = models.ForeignKey(Unit, verbose_name=_("station"), on_delete=models.PROTECT, related_name="group_sessions")
    kind = models.CharField(_("where"), max_length=12, choices=Kind.choices, default=Kind.AT_STATION)
    day = models.DateField(_("day"))
    start = models.TimeField(_("from"))
    end = models.TimeField(_("until"))
    place = models.CharField(_("place on campus"), max_length=200, blank=True)
    contact_name = models.CharField(_("contact person"), max_length=120)
    contact_phone = models.CharField(_("contact phone"), max_length=32)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    language = models.CharField(_("language"), max_length=10, default="zh-hant")
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.REQUESTED)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    officers = models.ManyToManyField(settings.AUTH_USER_MODEL, verbose_name=_("officers"), blank=True, related_name="group_session_duties")
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["day", "start", "id"]
        verbose_name = _("group session")
        verbose_name_plural = _("group sessions")
        constraints = [
            models.CheckConstraint(condition=~Q(kind="on_campus") | ~Q(place=""), name="group_on_campus_has_place"),
            models.CheckConstraint(condition=Q(end__gt=F("start")), name="group_ends_after_start"),
        ]
        indexes = [models.Index(fields=["station", "day"], name="group_station_day")]

    def __str__(self) -> str:
        return self.reference


class GroupMember(models.Model):
    """One person on a group session's list, as uploaded (one CSV row)."""

    session = models.ForeignKey(GroupSession, on_delete=models.CASCADE, related_name="members")
    row = models.PositiveIntegerField(_("row"))
    full_name = models.CharField(_("name"), max_length=120)
    document_number = models.CharField(_("passport or residence certificate number"), max_length=20)
    nationality = models.CharField(_("nationality"), max_length=3)
    date_of_birth = models.DateField(_("date of birth"))
    service = models.CharField(_("applies for"), max_length=24, choices=GroupService.choices)

    class Meta:
        ordering = ["row"]
        verbose_name = _("group member")
        verbose_name_plural = _("group members")
        constraints = [models.UniqueConstraint(fields=["session", "document_number"], name="group_member_once_per_session")]

    def __str__(self) -> str:
        return f"{self.session_id} #{self.row}"


class HomePickup(models.Model):
    """C03: officers take an application in at home for someone who cannot come."""

    class Reason(models.TextChoices):
        PREGNANCY = "pregnancy", _("8 months pregnant or more")
        AFTER_BIRTH = "after_birth", _("Within 2 months after giving birth")
        ILLNESS = "illness", _("Serious injury or illness")

    class Status(models.TextChoices):
        REQUESTED = "requested", _("Requested")
        SCHEDULED = "scheduled", _("Scheduled")
        COMPLETED = "completed", _("Completed")
        DECLINED = "declined", _("Declined")
        CANCELLED = "cancelled", _("Cancelled")

    reference = models.CharField(_("request reference"), max_length=REFERENCE_LENGTH, unique=True)
    account = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("account"), null=True, blank=True, on_delete=models.SET_NULL, related_name="home_pickups"
    )
    station = models.ForeignKey(Unit, verbose_name=_("station"), on_delete=models.PROTECT, related_name="home_pickups")
    full_name = models.CharField(_("name"), max_length=120)
    holder_key = models.CharField(_("identity or passport number"), max_length=20)
    phone = models.CharField(_("phone"), max_length=32)
    email = models.EmailField(_("e-mail"), blank=True)
    language = models.CharField(_("language"), max_length=10, default="zh-hant")
    address = models.CharField(_("address"), max_length=200)
    reason = models.CharField(_("reason"), max_length=12, choices=Reason.choices)
    expected_delivery = models.DateField(_("expected delivery date"), null=True, blank=True)
    birth_date = models.DateField(_("date of the birth"), null=True, blank=True)
    illness = models.TextField(_("the illness or injury"), blank=True)
    what_for = models.CharField(_("what you want to apply for"), max_length=200)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.REQUESTED)
    visit_day = models.DateField(_("visit day"), null=True, blank=True)
    visit_start = models.TimeField(_("visit from"), null=True, blank=True)
    visit_end = models.TimeField(_("visit until"), null=True, blank=True)
    officers = models.ManyToManyField(settings.AUTH_USER_MODEL, verbose_name=_("officers"), blank=True, related_name="home_pickup_visits")
    decision_note = models.TextField(_("note to the requester"), blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("home pickup")
        verbose_name_plural = _("home pickups")
        constraints = [
            models.CheckConstraint(
                condition=~Q(reason="pregnancy") | Q(expected_delivery__isnull=False), name="pickup_pregnancy_has_due_date"
            ),
            models.CheckConstraint(condition=~Q(reason="after_birth") | Q(birth_date__isnull=False), name="pickup_after_birth_has_date"),
            models.CheckConstraint(
                condition=~Q(status__in=["scheduled", "completed"]) | Q(visit_day__isnull=False, visit_start__isnull=False),
                name="pickup_scheduled_has_visit",
            ),
        ]
        indexes = [models.Index(fields=["station", "status"], name="pickup_station_status")]

    def __str__(self) -> str:
        return self.reference


class VanVisit(models.Model):
    """L04: one outing of a station's mobile service van, published on the portal."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        PUBLISHED = "published", _("Published")
        CANCELLED = "cancelled", _("Cancelled")

    station = models.ForeignKey(Unit, verbose_name=_("station"), on_delete=models.PROTECT, related_name="van_visits")
    day = models.DateField(_("day"))
    start = models.TimeField(_("from"))
    end = models.TimeField(_("until"))
    place = models.CharField(_("place"), max_length=120)
    address = models.CharField(_("address"), max_length=200)
    county = models.ForeignKey(County, verbose_name=_("county or city"), null=True, blank=True, on_delete=models.PROTECT)
    services = models.JSONField(_("services"), default=list)
    interpreter_languages = models.CharField(_("interpreters for"), max_length=120, blank=True)
    officers = models.ManyToManyField(settings.AUTH_USER_MODEL, verbose_name=_("crew"), blank=True, related_name="van_duties")
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.PLANNED)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["day", "start", "id"]
        verbose_name = _("van visit")
        verbose_name_plural = _("van visits")
        constraints = [
            models.UniqueConstraint(fields=["station", "day", "start"], name="van_visit_unique_per_station_time"),
            models.CheckConstraint(condition=Q(end__gt=F("start")), name="van_visit_ends_after_start"),
        ]

    def __str__(self) -> str:
        return f"{self.station.code} {self.day} {self.place}"


class VanIntake(models.Model):
    """An application taken in at a van visit: filed through the counter intake, linked here."""

    visit = models.ForeignKey(VanVisit, on_delete=models.PROTECT, related_name="intakes")
    case = models.OneToOneField("applications.Case", on_delete=models.PROTECT, related_name="van_intake")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["recorded_at"]
        verbose_name = _("van intake")
        verbose_name_plural = _("van intakes")

    def __str__(self) -> str:
        return f"{self.visit_id} {self.case_id}"
