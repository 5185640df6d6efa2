"""Booking, changing, cancelling, checking in, reminders and opening slots."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.db import IntegrityError, transaction

from immigo.core.errors import PermissionDeniedError
from immigo.core.models import Closure
from immigo.notifications.models import OutboxMessage

from .. import selectors, services
from ..errors import (
    AppointmentAlreadyBookedError,
    AppointmentChangeClosedError,
    AppointmentChangeLimitError,
    AppointmentTransitionError,
    EmployerCaseCountError,
    SlotFullError,
    SlotOutsideWindowError,
)
from ..models import Appointment, Slot, StationBookingConfig
from ..rules import Counter, rules_for
from ..workflow import APPOINTMENT_ALLOWED, GROUP_ALLOWED, PICKUP_ALLOWED, VAN_ALLOWED
from . import factories as f
from .conftest import NOW, TODAY, TOMORROW

pytestmark = pytest.mark.usefixtures("frozen")


def test_every_status_has_a_row_in_each_table():
    assert set(APPOINTMENT_ALLOWED) == set(Appointment.Status)
    from ..models import GroupSession, HomePickup, VanVisit

    assert set(GROUP_ALLOWED) == set(GroupSession.Status)
    assert set(PICKUP_ALLOWED) == set(HomePickup.Status)
    assert set(VAN_ALLOWED) == set(VanVisit.Status)


def test_online_booking_takes_a_place_and_queues_the_confirmation_in_the_persons_language(station, person):
    slot = f.slot(station, TOMORROW)
    appointment = f.booking(slot, person, email="an@example.test", phone="0912 345 678", notify_by_sms=True)

    slot.refresh_from_db()
    assert slot.booked == 1
    assert appointment.account == person and appointment.status == Appointment.Status.BOOKED
    assert len(appointment.reference) == 8 and appointment.reference.isalnum()
    messages = OutboxMessage.objects.filter(dedupe_key=f"appt:{appointment.reference}:booked")
    assert sorted(m.channel for m in messages) == ["email", "sms"]
    email = messages.get(channel="email")
    assert email.language == "vi"
    assert appointment.reference in email.body and "Thời gian" in email.body  # "Time" in Vietnamese
    assert appointment.events.get().action == "book"


def test_a_person_holds_one_booking_per_service_and_day(station, person):
    f.booking(f.slot(station, TOMORROW), person, number="A123456789")
    later = f.slot(station, TOMORROW, dt.time(14, 0))
    with pytest.raises(AppointmentAlreadyBookedError):
        f.booking(later, person, number="a-123 456 789")  # the same number, written differently
    later.refresh_from_db()
    assert later.booked == 0
    # Another service the same day, or the same service another day, is fine.
    f.booking(f.slot(station, TOMORROW, counter=Counter.PERMANENT_RESIDENCE), person, service=Counter.PERMANENT_RESIDENCE)
    f.booking(f.slot(station, TOMORROW + dt.timedelta(days=1)), person)


def test_the_database_refuses_a_second_active_booking_and_an_overbooked_slot(station, person):
    appointment = f.booking(f.slot(station, TOMORROW), person)
    with pytest.raises(IntegrityError), transaction.atomic():
        Appointment.objects.create(
            reference="XXXXXXXX", slot=appointment.slot, station=station, day=TOMORROW, service_code=Counter.GENERAL,
            via="online", holder_key=appointment.holder_key, full_name="x",
        )  # fmt: skip
    with pytest.raises(IntegrityError), transaction.atomic():
        Slot.objects.filter(pk=appointment.slot_id).update(booked=3)  # capacity 2


def test_a_full_slot_refuses_the_next_booking_and_saves_nothing(station, person):
    slot = f.slot(station, TOMORROW, capacity=2)
    f.booking(slot, person, number="A100000001")
    f.booking(slot, person, number="A100000002")
    with pytest.raises(SlotFullError):
        f.booking(slot, person, number="A100000003")
    slot.refresh_from_db()
    assert slot.booked == 2
    assert Appointment.objects.filter(slot=slot).count() == 2
    assert not Appointment.objects.filter(holder_key="A100000003").exists()


def test_booking_window_and_lead_time(station, person):
    window = rules_for(station).booking_window_days
    assert window == 30
    with pytest.raises(SlotOutsideWindowError):
        f.booking(f.slot(station, TODAY + dt.timedelta(days=window + 1)), person)
    f.booking(f.slot(station, TODAY + dt.timedelta(days=window)), person)
    with pytest.raises(SlotOutsideWindowError):  # 09:30 today starts within the hour
        f.booking(f.slot(station, TODAY, dt.time(9, 30)), person, number="B100000001")
    f.booking(f.slot(station, TODAY, dt.time(10, 0)), person, number="B100000001")


def test_a_station_may_widen_its_own_window(station, person):
    StationBookingConfig.objects.create(station=station, booking_window_days=60)
    f.booking(f.slot(station, TODAY + dt.timedelta(days=45)), person)


def test_the_service_must_belong_to_the_slots_counter(station, person):
    from ..errors import SlotUnavailableError

    with pytest.raises(SlotUnavailableError):
        f.booking(f.slot(station, TOMORROW, counter=Counter.PERMANENT_RESIDENCE), person, service=Counter.GENERAL)


def test_employer_counter_needs_five_cases(station, counter_officer):
    slot = f.slot(station, TOMORROW, counter=Counter.EMPLOYER, capacity=1)
    employer = f.holder("12345675", full_name="大同紡織股份有限公司")
    with pytest.raises(EmployerCaseCountError):
        services.appointment_book(slot=slot, service_code=Counter.EMPLOYER, holder=employer, by=counter_officer, via="phone", case_count=4)
    appointment = services.appointment_book(
        slot=slot, service_code=Counter.EMPLOYER, holder=employer, by=counter_officer, via="phone", case_count=5
    )
    assert appointment.case_count == 5 and appointment.via == "phone" and appointment.account is None
    with pytest.raises(IntegrityError), transaction.atomic():
        Appointment.objects.filter(pk=appointment.pk).update(case_count=4)


def test_phone_booking_needs_an_officer_of_the_station_and_is_audited(station, other_station, person):
    from immigo.accounts.models import Role
    from immigo.core.models import AuditEntry

    elsewhere = f.staff("other@immigo.test", Role.COUNTER_OFFICER, other_station)
    slot = f.slot(station, TOMORROW)
    with pytest.raises(PermissionDeniedError):
        services.appointment_book(slot=slot, service_code=Counter.GENERAL, holder=f.holder(), by=elsewhere, via="phone")
    with pytest.raises(PermissionDeniedError):  # the public cannot book "by phone"
        services.appointment_book(slot=slot, service_code=Counter.GENERAL, holder=f.holder(), by=person, via="phone")
    officer = f.staff("counter@immigo.test", Role.COUNTER_OFFICER, station)
    appointment = services.appointment_book(slot=slot, service_code=Counter.GENERAL, holder=f.holder(), by=officer, via="phone")
    entry = AuditEntry.objects.get(object_type="appointments.appointment", object_id=str(appointment.pk))
    assert entry.actor == officer and entry.purpose == "appointment booked phone"


def test_change_moves_the_place_and_counts_the_changes(station, person):
    first = f.slot(station, TOMORROW + dt.timedelta(days=2))
    appointment = f.booking(first, person)
    second = f.slot(station, TOMORROW + dt.timedelta(days=3))
    third = f.slot(station, TOMORROW + dt.timedelta(days=4))
    appointment = services.appointment_change(appointment=appointment, new_slot=second, by=person)
    appointment = services.appointment_change(appointment=appointment, new_slot=third, by=person)
    for s in (first, second, third):
        s.refresh_from_db()
    assert (first.booked, second.booked, third.booked) == (0, 0, 1)
    assert appointment.changes == 2 and appointment.day == third.day
    assert OutboxMessage.objects.filter(dedupe_key__startswith=f"appt:{appointment.reference}:changed:").count() == 2
    # max_changes is 2: a third change is refused and nothing moves.
    with pytest.raises(AppointmentChangeLimitError):
        services.appointment_change(appointment=appointment, new_slot=first, by=person)
    third.refresh_from_db()
    assert third.booked == 1


def test_change_and_cancel_close_24_hours_before(station, person):
    slot = f.slot(station, TOMORROW, dt.time(10, 0))
    appointment = f.booking(slot, person)
    other = f.slot(station, TOMORROW + dt.timedelta(days=1))
    with time_machine.travel(NOW + dt.timedelta(hours=1, minutes=1), tick=False):  # 23h59 before
        with pytest.raises(AppointmentChangeClosedError):
            services.appointment_change(appointment=appointment, new_slot=other, by=person)
        with pytest.raises(AppointmentChangeClosedError):
            services.appointment_cancel(appointment=appointment, by=person)
    with time_machine.travel(NOW + dt.timedelta(hours=1), tick=False):  # exactly 24h before
        services.appointment_cancel(appointment=appointment, by=person)


def test_cancel_frees_the_place_for_someone_else(station, person):
    slot = f.slot(station, TOMORROW + dt.timedelta(days=2), capacity=1)
    appointment = f.booking(slot, person)
    services.appointment_cancel(appointment=appointment, by=person)
    slot.refresh_from_db()
    assert slot.booked == 0
    assert OutboxMessage.objects.filter(dedupe_key=f"appt:{appointment.reference}:cancelled").exists()
    # The same person may book the same service that day again.
    f.booking(slot, person)
    with pytest.raises(AppointmentTransitionError):
        services.appointment_cancel(appointment=Appointment.objects.get(pk=appointment.pk), by=person)


def test_someone_else_cannot_change_or_cancel_my_booking(station, person):
    appointment = f.booking(f.slot(station, TOMORROW + dt.timedelta(days=2)), person)
    stranger = f.public("stranger@example.test")
    with pytest.raises(PermissionDeniedError):
        services.appointment_cancel(appointment=appointment, by=stranger)


def test_check_in_finds_todays_booking_by_reference_and_is_idempotent(station, other_station, person, counter_officer):
    slot = f.slot(station, TODAY, dt.time(11, 0))
    appointment = f.booking(slot, person)
    code = appointment.reference
    spaced = f"{code[:4]}-{code[4:].lower()}"
    found = selectors.appointment_get_for_checkin(reference=spaced, unit_code=station.code)
    assert found == appointment
    assert selectors.appointment_get_for_checkin(reference=code, unit_code=other_station.code) is None
    assert selectors.appointment_get_for_checkin(reference="", unit_code=station.code) is None

    arrived = services.appointment_check_in(appointment=found, by=counter_officer)
    assert arrived.status == Appointment.Status.ARRIVED and arrived.arrived_at is not None
    again = services.appointment_check_in(appointment=found)
    assert again.arrived_at == arrived.arrived_at
    assert appointment.events.filter(action="check_in").count() == 1
    # Still found after arrival (the kiosk may scan twice); not once cancelled.
    assert selectors.appointment_get_for_checkin(reference=code, unit_code=station.code) == appointment


def test_check_in_refuses_another_days_booking(station, person):
    appointment = f.booking(f.slot(station, TOMORROW), person)
    assert selectors.appointment_get_for_checkin(reference=appointment.reference, unit_code=station.code) is None
    with pytest.raises(AppointmentTransitionError):
        services.appointment_check_in(appointment=appointment)


def test_reminders_go_once_the_day_before(station, person):
    appointment = f.booking(f.slot(station, TOMORROW, dt.time(15, 0)), person, phone="0912345678", notify_by_sms=True)
    f.booking(f.slot(station, TOMORROW + dt.timedelta(days=1)), person, number="C100000001")
    assert services.appointment_reminders_send() == 1
    assert services.appointment_reminders_send() == 1  # the hourly run again: nothing new
    reminders = OutboxMessage.objects.filter(event="appointment_reminder")
    assert reminders.count() == 2  # e-mail and SMS of the one booking of tomorrow
    assert {m.dedupe_key for m in reminders} == {f"appt:{appointment.reference}:reminder:{TOMORROW.isoformat()}"}


def test_bookings_nobody_came_for_become_no_shows(station, person):
    appointment = f.booking(f.slot(station, TOMORROW), person)
    assert services.appointment_no_shows_mark(today=TOMORROW) == 0
    assert services.appointment_no_shows_mark(today=TOMORROW + dt.timedelta(days=1)) == 1
    appointment.refresh_from_db()
    assert appointment.status == Appointment.Status.NO_SHOW


def test_slots_follow_the_working_day_calendar_and_noon_duty(station):
    rules = rules_for(station)
    times = services.slot_times(rules)
    # 08:00–17:00 in 30-minute slots: 18, of which 12:00–13:30 (3) are noon duty (C04).
    assert len(times) == 18
    assert [t[0].strftime("%H:%M") for t in times if t[2]] == ["12:00", "12:30", "13:00"]
    saturday = dt.date(2026, 3, 7)
    closure_day = dt.date(2026, 3, 4)
    Closure.objects.create(date=closure_day, county=station.county, reason="typhoon")
    created = services.slot_open_days(station=station, start=TODAY, end=saturday)
    # Mon, Tue, Thu, Fri (Wednesday is a typhoon closure, Saturday is off), 3 counters each.
    assert created == 4 * 3 * 18
    assert not Slot.objects.filter(day__in=[saturday, closure_day]).exists()
    noon = Slot.objects.get(station=station, day=TODAY, counter=Counter.GENERAL, start=dt.time(12, 0))
    assert noon.is_noon_duty and noon.capacity == 1
    assert Slot.objects.get(station=station, day=TODAY, counter=Counter.GENERAL, start=dt.time(9, 0)).capacity == 6
    assert Slot.objects.get(station=station, day=TODAY, counter=Counter.PERMANENT_RESIDENCE, start=dt.time(9, 0)).capacity == 1
    assert services.slot_open_days(station=station, start=TODAY, end=saturday) == 0


def test_without_noon_duty_the_lunch_break_has_no_slots(station):
    StationBookingConfig.objects.create(station=station, noon_duty=False)
    times = services.slot_times(rules_for(station))
    assert len(times) == 15
    assert all(not t[2] for t in times)


def test_available_slots_leave_out_full_and_past_ones(station, person):
    from ..rules import offer_get

    full = f.slot(station, TOMORROW, dt.time(9, 0), capacity=1)
    f.booking(full, person)
    free = f.slot(station, TOMORROW, dt.time(9, 30))
    f.slot(station, TODAY, dt.time(9, 30))  # within the hour
    offer = offer_get(Counter.GENERAL)
    assert offer is not None
    assert selectors.slot_list_available(station=station, offer=offer) == [free]


def test_an_organisation_books_only_as_itself(station):
    from immigo.organisations.errors import OrganisationAccessDeniedError
    from immigo.organisations.models import Organisation

    employer, login = f.organisation(kind=Organisation.Kind.EMPLOYER)
    other, _other_login = f.organisation(kind=Organisation.Kind.EMPLOYER, number="22099131", email="other@example.test")
    slot = f.slot(station, TOMORROW, counter=Counter.EMPLOYER, capacity=2)
    holder = f.holder("04595257", full_name="大同紡織")
    with pytest.raises(OrganisationAccessDeniedError):
        services.appointment_book(
            slot=slot, service_code=Counter.EMPLOYER, holder=holder, by=login, via="organisation", organisation=other, case_count=6
        )
    appointment = services.appointment_book(
        slot=slot, service_code=Counter.EMPLOYER, holder=holder, by=login, via="organisation", organisation=employer, case_count=6
    )
    assert appointment.organisation == employer and appointment.account is None
