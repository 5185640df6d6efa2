"""The booking rules and what can be booked where.

Every figure has a default here and can be changed for the whole agency in the setting
`IMMIGO_APPOINTMENTS` (a dict with the same keys) and for one station in its
`StationBookingConfig` row (an empty field keeps the agency's value). Settings are read when a
rule is needed, never at import time.
"""

from __future__ import annotations

import datetime as dt
import math
import time
from dataclasses import dataclass, fields
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from immigo.core.models import Unit


class Counter(models.TextChoices):
    """The counters a booking is for. Permanent residence (D03) and employers with 5 or more
    workers' cases (D04) have their own counters and capacities at every station."""

    GENERAL = "general", _("Multi-function counter")
    PERMANENT_RESIDENCE = "permanent_residence", _("Permanent residence counter")
    EMPLOYER = "employer", _("Employer counter (5 or more workers' cases)")


# D04: phone appointments are accepted when an application involves 5 or more cases.
EMPLOYER_MIN_CASES = 5


@dataclass(frozen=True)
class BookingRules:
    # How many calendar days ahead a slot may be booked (the booking window).
    booking_window_days: int = 30
    # A slot may be booked until this many hours before it starts.
    min_lead_hours: int = 1
    # Change or cancel up to this many hours before the slot starts.
    change_cutoff_hours: int = 24
    # How often one booking may be moved to another time.
    max_changes: int = 2
    slot_minutes: int = 30
    opens_at: dt.time = dt.time(8, 0)
    closes_at: dt.time = dt.time(17, 0)
    lunch_starts_at: dt.time = dt.time(12, 0)
    lunch_ends_at: dt.time = dt.time(13, 30)
    # C04 noon duty: counters stay open over lunch with fewer officers.
    noon_duty: bool = True
    noon_capacity: int = 1
    general_capacity: int = 6
    permanent_residence_capacity: int = 1
    employer_capacity: int = 1
    # D02 "one officer serves many at once": people one officer takes in during a group session.
    group_people_per_officer: int = 20
    # The largest list a school or employer may upload for one session.
    group_max_people: int = 300

    def capacity_for(self, counter: str) -> int:
        return {
            Counter.GENERAL: self.general_capacity,
            Counter.PERMANENT_RESIDENCE: self.permanent_residence_capacity,
            Counter.EMPLOYER: self.employer_capacity,
        }[Counter(counter)]

    def staff_needed(self, people: int) -> int:
        """Officers a group session needs for `people` (at least one)."""
        return max(1, math.ceil(people / max(1, self.group_people_per_officer)))


RULE_FIELDS = frozenset(f.name for f in fields(BookingRules))


def _coerce(name: str, value: Any) -> Any:
    default = getattr(BookingRules, name)
    if isinstance(default, dt.time) and isinstance(value, str):
        return dt.time.fromisoformat(value)
    return value


# A station's configuration is read at most every CONFIG_TTL seconds per process (a booking
# burst reads it thousands of times a second); a save in this process applies at once (signal),
# in other processes within the TTL.
CONFIG_TTL = 30.0
_station_values: dict[int, tuple[float, dict[str, Any]]] = {}


def _station_overrides(station_id: int) -> dict[str, Any]:
    cached = _station_values.get(station_id)
    now = time.monotonic()
    if cached is not None and now - cached[0] < CONFIG_TTL:
        return cached[1]
    from .models import StationBookingConfig

    values: dict[str, Any] = {}
    config = StationBookingConfig.objects.filter(station_id=station_id).first()
    if config is not None:
        for name in RULE_FIELDS:
            value = getattr(config, name, None)
            if value is not None:
                values[name] = value
    _station_values[station_id] = (now, values)
    return values


def rules_cache_clear(station_id: int | None = None) -> None:
    if station_id is None:
        _station_values.clear()
    else:
        _station_values.pop(station_id, None)


def rules_for(station: Unit | None = None) -> BookingRules:
    """The rules in force at `station`: the defaults, the agency's setting, then the station's
    own configuration."""
    values: dict[str, Any] = {}
    configured = getattr(settings, "IMMIGO_APPOINTMENTS", {}) or {}
    for name, value in configured.items():
        if name in RULE_FIELDS:
            values[name] = _coerce(name, value)
    if station is not None:
        values.update(_station_overrides(station.pk))
    return BookingRules(**values)


@dataclass(frozen=True)
class Offer:
    """Something that can be booked: a counter category, or a catalogue service taken in at
    the multi-function counter."""

    code: str
    label: Any
    counter: Counter


def offers() -> list[Offer]:
    """Counter categories first, then the catalogue's services offered at a counter."""
    from immigo.applications.catalogue import SERVICES
    from immigo.applications.models import Channel

    found = [Offer(code=c.value, label=c.label, counter=c) for c in Counter]
    for service in SERVICES.values():
        if service.offers(Channel.COUNTER):
            found.append(Offer(code=service.code, label=service.name, counter=Counter.GENERAL))
    return found


def offer_get(code: str) -> Offer | None:
    return next((offer for offer in offers() if offer.code == code), None)


class GroupService(models.TextChoices):
    """What foreign, overseas-Chinese and mainland students apply for in group sessions (D02)."""

    RESIDENCE_CERTIFICATE = "residence_certificate", _("Residence certificate")
    RESIDENCE_EXTENSION = "residence_extension", _("Residence or stay extension")
    REENTRY_PERMIT = "reentry_permit", _("Re-entry permit")


class VanService(models.TextChoices):
    """What a mobile service van offers (L04)."""

    CONSULTATION = "consultation", _("Consultation and help with forms")
    CASE_ENQUIRY = "case_enquiry", _("Case enquiries")
    LAW = "law", _("Legal advice")
    CARE_VISIT = "care_visit", _("First-entry care visits")
    INTAKE = "intake", _("Application intake")
    PERMIT_DELIVERY = "permit_delivery", _("Permit delivery")
