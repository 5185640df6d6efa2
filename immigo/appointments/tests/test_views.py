"""The pages: public booking, my appointments, the station's day plan, phone booking, group
sessions of organisations, home pickup and the van schedule."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from immigo.core.models import AuditEntry

from .. import services
from ..models import Appointment, GroupMember, GroupSession, HomePickup
from ..rules import Counter, VanService
from . import factories as f
from .conftest import TODAY, TOMORROW

pytestmark = pytest.mark.usefixtures("frozen")


def _book_url(station, service=Counter.GENERAL, day=None):  # type: ignore[no-untyped-def]
    url = f"{reverse('appointments:book')}?station={station.code}&service={service}"
    return url + (f"&day={day.isoformat()}" if day else "")


def test_start_page_offers_stations_and_services(client, station):
    response = client.get(reverse("appointments:start"))
    assert response.status_code == 200
    body = response.content.decode()
    assert station.code in body and "Permanent residence counter" in body
    assert 'value="employer"' not in body  # booked by phone (D04)


def test_anyone_sees_free_times_and_is_asked_to_sign_in(client, station):
    f.slot(station, TOMORROW, dt.time(10, 0))
    response = client.get(_book_url(station))
    assert response.status_code == 200
    body = response.content.decode()
    assert "10:00–10:30 (2 free)" in body and "Sign in to book" in body
    assert "?next=%2Fappointments%2Fbook%2F%3Fstation%3Dstation-01-taipei%26service%3Dgeneral" in body
    assert 'name="full_name"' not in body


def test_a_signed_in_person_books_and_sees_the_reference_and_qr(client, station, person):
    slot = f.slot(station, TOMORROW, dt.time(10, 0))
    client.force_login(person)
    response = client.post(
        _book_url(station),
        {
            "station": station.code,
            "service": Counter.GENERAL,
            "day": TOMORROW.isoformat(),
            "slot": slot.pk,
            "full_name": "Nguyen Van An",
            "identity_number": "FC12345678",
            "email": "an@example.test",
        },
        headers={"Accept-Language": "vi"},
    )
    appointment = Appointment.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("appointments:mine_detail", args=[appointment.reference])
    assert appointment.language == "vi" and appointment.account == person
    page = client.get(response["Location"])
    assert appointment.reference in page.content.decode() and "<svg" in page.content.decode()


def test_booking_errors_are_shown_beside_the_fields_and_nothing_is_saved(client, station, person):
    slot = f.slot(station, TOMORROW, dt.time(10, 0))
    client.force_login(person)
    response = client.post(
        _book_url(station),
        {
            "station": station.code,
            "service": Counter.GENERAL,
            "day": TOMORROW.isoformat(),
            "slot": slot.pk,
            "full_name": "An",
            "identity_number": "x",
        },
    )
    assert response.status_code == 422
    body = response.content.decode()
    assert "Enter an e-mail address or a mobile number for the confirmation." in body
    assert not Appointment.objects.exists()


def test_my_appointments_list_pins_its_queries(client, station, person, django_assert_num_queries):
    for i in range(5):
        f.booking(f.slot(station, TOMORROW + dt.timedelta(days=i)), person)
    client.force_login(person)
    # Session (read and its refresh), user, one query for the bookings with slot and station:
    # the same for 5 bookings as for 100.
    with django_assert_num_queries(6):
        response = client.get(reverse("appointments:mine"))
    assert response.status_code == 200
    assert response.content.decode().count("badge--booked") == 5


def test_change_and_cancel_from_my_appointment(client, station, person):
    appointment = f.booking(f.slot(station, TOMORROW + dt.timedelta(days=2)), person)
    target = f.slot(station, TOMORROW + dt.timedelta(days=3), dt.time(11, 0))
    client.force_login(person)
    url = reverse("appointments:mine_change", args=[appointment.reference])
    assert client.get(f"{url}?day={target.day.isoformat()}").status_code == 200
    response = client.post(url, {"day": target.day.isoformat(), "slot": target.pk})
    assert response.status_code == 302
    appointment.refresh_from_db()
    assert appointment.slot == target and appointment.changes == 1
    client.post(reverse("appointments:mine_cancel", args=[appointment.reference]))
    appointment.refresh_from_db()
    assert appointment.status == Appointment.Status.CANCELLED


def test_another_persons_booking_is_not_found(client, station, person):
    appointment = f.booking(f.slot(station, TOMORROW), person)
    client.force_login(f.public("stranger@example.test"))
    assert client.get(reverse("appointments:mine_detail", args=[appointment.reference])).status_code == 404


def test_the_day_plan_shows_bookings_groups_pickups_and_vans_and_is_audited(
    client, station, person, supervisor, counter_officer, django_assert_num_queries
):
    for i in range(4):
        slot = f.slot(station, TOMORROW, dt.time(9 + i, 0), capacity=3)
        f.booking(slot, person, number=f"D{i:08d}")
        f.booking(slot, person, number=f"E{i:08d}")
    org, _login = f.organisation()
    session = f.group_session(org, station, TOMORROW)
    GroupMember.objects.bulk_create(
        [GroupMember(session=session, row=i + 2, full_name=f"S{i}", document_number=f"P{i:08d}", nationality="VNM",
                     date_of_birth=dt.date(2004, 1, 1), service="residence_certificate") for i in range(45)]
    )  # fmt: skip
    HomePickup.objects.create(
        reference="PICKUP01", station=station, full_name="Siti", holder_key="AC01234567", phone="0912", address="Taipei",
        reason=HomePickup.Reason.ILLNESS, illness="stroke", what_for="ARC", status=HomePickup.Status.SCHEDULED,
        visit_day=TOMORROW, visit_start=dt.time(14), visit_end=dt.time(15),
    )  # fmt: skip
    visit = services.van_visit_plan(
        station=station,
        by=supervisor,
        plan=services.VisitPlan(
            day=TOMORROW, start=dt.time(9), end=dt.time(12), place="Wanhua", address="Taipei", services=[VanService.CONSULTATION]
        ),
        officers=[counter_officer],
    )
    client.force_login(supervisor)
    url = f"{reverse('appointments:staff_plan')}?station={station.code}&day={TOMORROW.isoformat()}"
    # Constant whatever the day holds: roles, slots, bookings, sessions, pickups, vans (each with
    # its officers in one query), the audit entry.
    with django_assert_num_queries(22):
        response = client.get(url)
    assert response.status_code == 200
    body = response.content.decode()
    assert "8 of 12 places booked." in body
    assert "45 people" in body and "3 officers needed" in body  # 45 / 20 per officer
    assert "PICKUP01" in body and visit.place in body
    entry = AuditEntry.objects.get(object_type="appointments.dayplan")
    assert len(entry.details["appointments"]) == 8 and entry.actor == supervisor


def test_staff_pages_need_a_role_at_a_station(client, person, station):
    client.force_login(person)
    assert client.get(reverse("appointments:staff_plan")).status_code == 403


def test_an_officer_books_for_a_caller_by_phone(client, station, counter_officer):
    slot = f.slot(station, TOMORROW, dt.time(10, 0), counter=Counter.EMPLOYER, capacity=1)
    client.force_login(counter_officer)
    url = f"{reverse('appointments:staff_phone')}?station={station.code}&service={Counter.EMPLOYER}"
    assert client.get(url).status_code == 200
    data = {
        "station": station.code,
        "service": Counter.EMPLOYER,
        "day": TOMORROW.isoformat(),
        "slot": slot.pk,
        "full_name": "大同紡織",
        "identity_number": "12345675",
        "phone": "0223456789",
        "language": "zh-hant",
        "case_count": 3,
    }
    response = client.post(url, data)
    assert response.status_code == 422 and "5 or more" in response.content.decode()
    response = client.post(url, {**data, "case_count": 6})
    appointment = Appointment.objects.get()
    assert response.status_code == 302 and appointment.via == "phone" and appointment.case_count == 6
    page = client.get(reverse("appointments:staff_appointment", args=[appointment.reference]))
    assert "12345675" in page.content.decode()


def test_a_school_uploads_its_list_and_sees_row_errors(client, station):
    _org, login = f.organisation()
    client.force_login(login)
    response = client.post(
        reverse("appointments:org_session_new"),
        {
            "station": station.code,
            "kind": GroupSession.Kind.AT_STATION,
            "day": "2026-03-09",
            "start": "09:00",
            "end": "12:00",
            "contact_name": "Lin Mei",
            "contact_phone": "02-3366-1234",
            "contact_email": "intl@example.test",
        },
    )
    session = GroupSession.objects.get()
    assert response.status_code == 302
    url = reverse("appointments:org_session", args=[session.reference])
    bad = SimpleUploadedFile("list.csv", f.student_csv(2) + b"Bad Row,P1,VNM,2004-01-01,residence_certificate\n", content_type="text/csv")
    response = client.post(url, {"file": bad})
    assert response.status_code == 422 and "Errors in the list" in response.content.decode()
    assert not GroupMember.objects.exists()
    good = SimpleUploadedFile("list.csv", f.student_csv(50), content_type="text/csv")
    assert client.post(url, {"file": good}).status_code == 302
    assert GroupMember.objects.filter(session=session).count() == 50
    page = client.get(url)
    assert page.content.decode().count("P000000") == 50
    assert AuditEntry.objects.filter(actor=login, purpose="group list viewed by the organisation").count() == 1
    listing = client.get(reverse("appointments:org_sessions"))
    assert session.reference in listing.content.decode()


def test_the_van_schedule_is_public(client, station, supervisor, counter_officer):
    visit = services.van_visit_plan(
        station=station,
        by=supervisor,
        plan=services.VisitPlan(
            day=TODAY + dt.timedelta(days=3),
            start=dt.time(9),
            end=dt.time(12),
            place="Wanhua District Office",
            address="Taipei",
            services=[VanService.CONSULTATION, VanService.INTAKE],
            interpreter_languages="Vietnamese",
        ),
        officers=[counter_officer],
    )
    assert "Wanhua District Office" not in client.get(reverse("appointments:vans")).content.decode()
    services.van_visit_publish(visit=visit, by=supervisor)
    body = client.get(reverse("appointments:vans")).content.decode()
    assert "Wanhua District Office" in body and "Application intake" in body and counter_officer.full_name not in body


def test_a_person_asks_for_a_home_pickup(client, station, person):
    client.force_login(person)
    response = client.post(
        reverse("appointments:pickup_request"),
        {
            "station": station.code,
            "full_name": "Siti Rahayu",
            "identity_number": "AC01234567",
            "phone": "0912345678",
            "address": "Taipei",
            "reason": HomePickup.Reason.PREGNANCY,
            "expected_delivery": (TODAY + dt.timedelta(weeks=12)).isoformat(),
            "what_for": "ARC extension",
        },
    )
    assert response.status_code == 422 and "8th month" in response.content.decode()
    assert not HomePickup.objects.exists()


def test_the_api_lists_slots_and_books(client, station, person):
    slot = f.slot(station, TOMORROW, dt.time(10, 0))
    listing = client.get(f"/api/v1/appointments/slots?station={station.code}&service=general")
    assert listing.status_code == 200 and listing.json()[0]["id"] == slot.pk
    client.force_login(person)
    created = client.post(
        "/api/v1/appointments/bookings",
        {"slot_id": slot.pk, "service": "general", "full_name": "An", "identity_number": "FC12345678"},
        content_type="application/json",
    )
    assert created.status_code == 201
    again = client.post(
        "/api/v1/appointments/bookings",
        {"slot_id": slot.pk, "service": "general", "full_name": "An", "identity_number": "FC12345678"},
        content_type="application/json",
    )
    assert again.status_code == 409 and again.json()["code"] == "appointment_already_booked"


def test_booking_attempts_are_rate_limited_per_account(client, station, person, monkeypatch):
    from ..views import public

    monkeypatch.setattr(public, "BOOKING_ATTEMPTS_PER_HOUR", 2)
    slot = f.slot(station, TOMORROW, dt.time(10, 0))
    client.force_login(person)
    data = {"station": station.code, "service": Counter.GENERAL, "day": TOMORROW.isoformat(), "slot": slot.pk, "full_name": "An"}
    assert client.post(_book_url(station), data).status_code == 422
    assert client.post(_book_url(station), data).status_code == 422
    response = client.post(_book_url(station), {**data, "identity_number": "FC12345678", "email": "an@example.test"})
    assert response.status_code == 429 and "Too many attempts" in response.content.decode()
    assert not Appointment.objects.exists()


def test_the_booking_page_without_a_choice_shows_the_chooser(client, station):
    assert client.get(reverse("appointments:book")).status_code == 200


def test_an_officer_moves_a_callers_booking_past_the_public_limits(client, station, person, counter_officer):
    from ..models import StationBookingConfig

    StationBookingConfig.objects.create(station=station, max_changes=0)
    appointment = f.booking(f.slot(station, TOMORROW + dt.timedelta(days=2)), person)
    target = f.slot(station, TOMORROW + dt.timedelta(days=3), dt.time(11, 0))
    client.force_login(counter_officer)
    url = reverse("appointments:staff_appointment_change", args=[appointment.reference])
    assert client.get(f"{url}?day={target.day.isoformat()}").status_code == 200
    response = client.post(url, {"day": target.day.isoformat(), "slot": target.pk})
    assert response.status_code == 302
    appointment.refresh_from_db()
    assert appointment.slot == target and appointment.changes == 1
