"""Many clients racing for the last places, on real connections (one per thread). PostgreSQL
only: SQLite's in-memory test database is shared by every thread through one cache, which
does not show what row locks do. The benchmark bench/booking_burst.py runs the same race at
scale."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
import time_machine
from django.db import connection, connections
from django.db.models import Count

from immigo.core.errors import DomainError

from .. import services
from ..errors import AppointmentAlreadyBookedError, SlotFullError
from ..models import Appointment, Slot
from ..rules import Counter
from . import factories as f
from .conftest import NOW, TOMORROW

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks across connections need PostgreSQL"),
]
THREADS = 12


def _race(work: list[tuple[Slot, str]], by) -> dict[str, int]:  # type: ignore[no-untyped-def]
    outcome = {"booked": 0, "full": 0, "duplicate": 0}
    lock = threading.Lock()
    start = threading.Barrier(THREADS)
    chunks = [work[i::THREADS] for i in range(THREADS)]

    def client(chunk: list[tuple[Slot, str]]) -> None:
        try:
            with time_machine.travel(NOW, tick=False):
                start.wait()
                for slot, number in chunk:
                    try:
                        services.appointment_book(slot=slot, service_code=Counter.GENERAL, holder=f.holder(number), by=by)
                        key = "booked"
                    except SlotFullError:
                        key = "full"
                    except AppointmentAlreadyBookedError:
                        key = "duplicate"
                    with lock:
                        outcome[key] += 1
        finally:
            connections.close_all()

    threads = [threading.Thread(target=client, args=(chunk,)) for chunk in chunks]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return outcome


def test_no_slot_is_overbooked_and_nobody_holds_two_bookings_under_a_race():
    with time_machine.travel(NOW, tick=False):
        station = f.station()
        person = f.public()
        slots = [f.slot(station, TOMORROW, dt.time(9 + i // 2, 30 * (i % 2)), capacity=3) for i in range(4)]  # 12 places
    # 60 people each try every slot once (240 attempts) for 12 places; some try twice with the
    # same number in two threads.
    work = [(slot, f"P{n:08d}") for n in range(60) for slot in slots]
    outcome = _race(work, person)
    assert outcome["booked"] == 12
    assert sum(outcome.values()) == len(work)
    for slot in Slot.objects.filter(pk__in=[s.pk for s in slots]).annotate(active=Count("appointments")):
        assert slot.booked == slot.active == 3
    doubles = Appointment.objects.values("holder_key", "day").annotate(n=Count("id")).filter(n__gt=1)
    assert not doubles.exists()


def test_concurrent_changes_never_deadlock_or_overbook():
    with time_machine.travel(NOW, tick=False):
        station = f.station()
        person = f.public()
        a = f.slot(station, TOMORROW + dt.timedelta(days=2), dt.time(9), capacity=20)
        b = f.slot(station, TOMORROW + dt.timedelta(days=2), dt.time(10), capacity=20)
        bookings = [f.booking(a if i % 2 else b, person, number=f"Q{i:08d}") for i in range(24)]
    errors: list[Exception] = []

    def mover(chunk: list[Appointment]) -> None:
        try:
            with time_machine.travel(NOW, tick=False):
                for appointment in chunk:
                    target = b if appointment.slot_id == a.pk else a
                    try:
                        services.appointment_change(appointment=appointment, new_slot=target, by=person)
                    except DomainError as exc:
                        errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=mover, args=(bookings[i::6],)) for i in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert all(isinstance(e, SlotFullError) for e in errors)
    for slot in Slot.objects.filter(pk__in=[a.pk, b.pk]).annotate(active=Count("appointments")):
        assert slot.booked == slot.active <= slot.capacity
