"""Opening slots from the working-day calendar and each station's rules."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from immigo.accounts.models import User
from immigo.core import calendar
from immigo.core.audit import audit_record
from immigo.core.models import Unit

from .. import permissions
from ..models import Slot
from ..rules import BookingRules, Counter, rules_for


def slot_times(rules: BookingRules) -> list[tuple[dt.time, dt.time, bool]]:
    """(start, end, over lunch) of each slot of a working day. Over lunch the counters are open
    only with noon duty (C04)."""
    out: list[tuple[dt.time, dt.time, bool]] = []
    step = dt.timedelta(minutes=rules.slot_minutes)
    cursor = dt.datetime.combine(dt.date.min, rules.opens_at)
    closes = dt.datetime.combine(dt.date.min, rules.closes_at)
    lunch_from = dt.datetime.combine(dt.date.min, rules.lunch_starts_at)
    lunch_to = dt.datetime.combine(dt.date.min, rules.lunch_ends_at)
    while cursor + step <= closes:
        end = cursor + step
        at_lunch = cursor < lunch_to and end > lunch_from
        if not at_lunch or rules.noon_duty:
            out.append((cursor.time(), end.time(), at_lunch))
        cursor = end
    return out


def slot_open_days(*, station: Unit, start: dt.date, end: dt.date, by: User | None = None) -> int:
    """Creates the slots of every working day in [start, end] at `station` for each counter, with
    the station's capacities (the noon-duty capacity over lunch). Days that already have a slot
    keep it: running it again creates nothing new. Returns the number of slots created."""
    if by is not None:
        permissions.require_planner(by, station)
    rules = rules_for(station)
    times = slot_times(rules)
    rows: list[Slot] = []
    day = start
    while day <= end:
        if calendar.is_working_day(day, county_id=station.county_id):
            for counter in Counter:
                capacity = rules.capacity_for(counter)
                for begin, finish, at_lunch in times:
                    places = min(capacity, rules.noon_capacity) if at_lunch else capacity
                    if places > 0:
                        rows.append(
                            Slot(station=station, counter=counter, day=day, start=begin, end=finish, capacity=places, is_noon_duty=at_lunch)
                        )
        day += dt.timedelta(days=1)
    with transaction.atomic():
        before = Slot.objects.filter(station=station, day__gte=start, day__lte=end).count()
        Slot.objects.bulk_create(rows, ignore_conflicts=True, batch_size=500)
        created = Slot.objects.filter(station=station, day__gte=start, day__lte=end).count() - before
        if by is not None and created:
            audit_record(
                actor=by,
                action="create",
                object_type="appointments.slot",
                object_id=f"{station.code}:{start}:{end}",
                purpose="open appointment slots",
                unit_code=station.code,
                details={"created": created},
            )
    return created


def slot_open_window(*, today: dt.date | None = None) -> int:
    """Opens the slots of the booking window at every active station (the daily task)."""
    today = today or calendar.local_today()
    created = 0
    for station in Unit.objects.filter(kind=Unit.Kind.SERVICE_STATION, is_active=True):
        rules = rules_for(station)
        created += slot_open_days(station=station, start=today, end=today + dt.timedelta(days=rules.booking_window_days))
    return created
