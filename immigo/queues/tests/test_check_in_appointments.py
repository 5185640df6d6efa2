"""Check-in by booking reference against the appointments app's real interface. Skipped only
while that interface does not exist yet."""

import datetime as dt
import importlib

import pytest
from django.urls import reverse

from immigo.queues.models import Category, Ticket

from . import factories as f

pytestmark = pytest.mark.django_db


def _interface_ready() -> bool:
    try:
        selectors = importlib.import_module("immigo.appointments.selectors")
        services = importlib.import_module("immigo.appointments.services")
    except ImportError:
        return False
    return hasattr(selectors, "appointment_get_for_checkin") and hasattr(services, "appointment_check_in")


@pytest.mark.skipif(not _interface_ready(), reason="the appointments app's check-in interface does not exist yet")
def test_a_booked_person_checks_in_at_the_kiosk_and_the_booking_is_marked_arrived(client, station, time_machine):
    af = importlib.import_module("immigo.appointments.tests.factories")
    f.counter(station, 1, [Category.GENERAL, Category.APPOINTMENT])
    day = dt.date(2026, 11, 24)
    time_machine.move_to(dt.datetime(2026, 11, 20, 1, 0, tzinfo=dt.UTC), tick=False)  # booked four days ahead
    booking = af.booking(af.slot(station, day, dt.time(14, 0)), af.public("booked@example.test"))
    time_machine.move_to(dt.datetime(2026, 11, 24, 5, 30, tzinfo=dt.UTC), tick=False)  # 13:30 on the day

    response = client.post(reverse("queues:check_in", args=[station.code]), {"reference": booking.reference.lower()})
    again = client.post(reverse("queues:check_in", args=[station.code]), {"reference": booking.reference})

    ticket = Ticket.objects.get()
    booking.refresh_from_db()
    assert response.status_code == 201 and again.status_code == 201
    assert (ticket.category, ticket.display_number, ticket.appointment_reference) == (Category.APPOINTMENT, "B001", booking.reference)
    assert booking.status == "arrived"


@pytest.mark.skipif(not _interface_ready(), reason="the appointments app's check-in interface does not exist yet")
def test_a_reference_of_another_station_is_refused(client, station):
    f.counter(station, 1, [Category.GENERAL, Category.APPOINTMENT])

    response = client.post(reverse("queues:check_in", args=[station.code]), {"reference": "ZZZZ9999"})

    assert response.status_code == 404 and not Ticket.objects.exists()
