"""Done-when of issue 5 (appointments, counter queues and live satisfaction at the stations):

- a new user books, changes and keeps an appointment in their language, takes a ticket, is called
  on the display, rates the service, and the supervisor sees a bad rating arrive;
- a school books a group session with a list of 50 students and the station sees it planned.

Every step goes through the real pages (forms posted as a browser would) and the services behind
them; only the station's counters and staff logins are set up directly, as an administrator would.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from immigo.accounts.models import Role, User
from immigo.appointments import services as appointment_services
from immigo.appointments.models import Appointment, GroupMember, GroupSession, Slot
from immigo.appointments.rules import Counter as BookingCounter
from immigo.appointments.rules import rules_cache_clear
from immigo.appointments.tests import factories as af
from immigo.feedback.models import Alert, Level, Rating
from immigo.notifications.models import OutboxMessage
from immigo.organisations.models import Organisation
from immigo.organisations.services import organisation_member_add
from immigo.queues.models import Category, Ticket
from immigo.queues.tests import factories as qf

pytestmark = pytest.mark.django_db

TAIPEI = dt.timezone(dt.timedelta(hours=8))
# Monday 2 March 2026, 09:00 in Taipei: a working day.
BOOKED_AT = dt.datetime(2026, 3, 2, 9, 0, tzinfo=TAIPEI)
FIRST_DAY = dt.date(2026, 3, 5)  # Thursday
VISIT_DAY = dt.date(2026, 3, 6)  # Friday
GROUP_DAY = dt.date(2026, 3, 9)  # Monday


@pytest.fixture(autouse=True)
def _fresh_state(settings):  # type: ignore[no-untyped-def]
    """Notice tasks run where they are queued (so the outbox holds the rendered notices), the
    throttles and the rules cache start empty."""
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    cache.clear()
    rules_cache_clear()
    yield
    cache.clear()
    rules_cache_clear()


def _vietnamese_browser() -> Client:
    return Client(headers={"Accept-Language": "vi"})


def _staff_browser(user: User) -> Client:
    browser = Client(headers={"Accept-Language": "en"})
    browser.force_login(user)
    return browser


def _slot(station, day: dt.date, start: dt.time) -> Slot:  # type: ignore[no-untyped-def]
    return Slot.objects.get(station=station, counter=BookingCounter.GENERAL, day=day, start=start)


def _squashed(html: str) -> str:
    """The page with each run of white space made one space, so layout changes do not matter."""
    return " ".join(html.split())


def _notice(appointment: Appointment, event: str) -> OutboxMessage:
    return OutboxMessage.objects.get(dedupe_key__startswith=f"appt:{appointment.reference}:", event=event, channel="email")


def test_a_new_user_books_changes_and_keeps_an_appointment_in_vietnamese_is_called_rates_and_the_supervisor_is_alerted(
    time_machine,
):
    time_machine.move_to(BOOKED_AT, tick=False)
    station = af.station()
    officer = af.staff("counter@immigo.test", Role.COUNTER_OFFICER, station, full_name="Chen Yi-chun")
    supervisor = af.staff("supervisor@immigo.test", Role.SUPERVISOR, station, full_name="Huang Shu-fen")
    counter = qf.counter(station, 1, [Category.GENERAL, Category.APPOINTMENT])

    # 0. The supervisor opens the slots of the next two weeks from the working-day calendar.
    boss = _staff_browser(supervisor)
    response = boss.post(reverse("appointments:staff_open_slots"), {"station": station.code, "start": "2026-03-02", "end": "2026-03-13"})
    assert response.status_code == 302
    assert Slot.objects.filter(station=station, day=FIRST_DAY, counter=BookingCounter.GENERAL).exists()
    assert not Slot.objects.filter(station=station, day=dt.date(2026, 3, 7)).exists()  # a Saturday

    # 1. A new user signs up in Vietnamese; the site remembers the language.
    phone = _vietnamese_browser()
    response = phone.post(
        reverse("accounts:signup"),
        {
            "full_name": "Nguyen Van An",
            "email": "an.nguyen@example.test",
            "password1": "a-long-enough-secret-2026",
            "password2": "a-long-enough-secret-2026",
            "preferred_language": "vi",
        },
    )
    assert response.status_code == 302
    person = User.objects.get(email="an.nguyen@example.test")
    assert (person.kind, person.preferred_language) == (User.Kind.PUBLIC, "vi")
    assert phone.cookies[settings.LANGUAGE_COOKIE_NAME].value == "vi"

    # 2. They book the general counter on Thursday at 10:00 through the booking pages.
    book_url = f"{reverse('appointments:book')}?station={station.code}&service={BookingCounter.GENERAL}&day={FIRST_DAY.isoformat()}"
    first = _slot(station, FIRST_DAY, dt.time(10, 0))
    page = phone.get(book_url)
    html = page.content.decode()
    assert page.status_code == 200
    assert "Đặt lịch: Quầy đa năng" in html  # "Book: Multi-function counter"
    assert "Đặt khung giờ này" in html  # the "Book this time" button
    assert f'value="{first.pk}"' in html
    response = phone.post(
        book_url,
        {
            "station": station.code,
            "service": BookingCounter.GENERAL,
            "day": FIRST_DAY.isoformat(),
            "slot": first.pk,
            "full_name": "Nguyen Van An",
            "identity_number": "FC12345678",
            "email": "an.nguyen@example.test",
        },
    )
    appointment = Appointment.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("appointments:mine_detail", args=[appointment.reference])
    assert (appointment.account, appointment.language, appointment.slot) == (person, "vi", first)
    detail = phone.get(response["Location"]).content.decode()
    assert "Lịch hẹn của bạn đã được đặt." in detail  # "Your appointment is booked."
    assert f"Lịch hẹn {appointment.reference}" in detail
    first.refresh_from_db()
    assert first.booked == 1

    # The confirmation is in the outbox, rendered in Vietnamese.
    booked = _notice(appointment, "appointment_booked")
    assert (booked.language, booked.recipient) == ("vi", "an.nguyen@example.test")
    assert booked.subject == f"Lịch hẹn đã được đặt: {appointment.reference}"
    assert "Lịch hẹn của bạn tại trạm dịch vụ đã được đặt." in booked.body
    assert "Dịch vụ: Quầy đa năng" in booked.body  # "Service: Multi-function counter"
    assert "Ngày: Ngày 05 tháng 3 năm 2026" in booked.body and "Thời gian: 10:00–10:30" in booked.body
    assert "Your appointment" not in booked.body

    # 3. They move it to Friday at 14:00 through the change page.
    second = _slot(station, VISIT_DAY, dt.time(14, 0))
    change_url = reverse("appointments:mine_change", args=[appointment.reference])
    page = phone.get(f"{change_url}?day={VISIT_DAY.isoformat()}")
    html = page.content.decode()
    assert page.status_code == 200
    assert f"Thay đổi lịch hẹn {appointment.reference}" in html  # "Change appointment …"
    assert "Chuyển lịch hẹn sang khung giờ này" in html  # "Move my appointment to this time"
    response = phone.post(change_url, {"day": VISIT_DAY.isoformat(), "slot": second.pk})
    assert response.status_code == 302
    assert "Lịch hẹn của bạn đã chuyển sang giờ mới." in phone.get(response["Location"]).content.decode()
    appointment.refresh_from_db()
    first.refresh_from_db()
    second.refresh_from_db()
    assert (appointment.slot, appointment.day, appointment.changes) == (second, VISIT_DAY, 1)
    assert (first.booked, second.booked) == (0, 1)
    changed = _notice(appointment, "appointment_changed")
    assert changed.language == "vi"
    assert changed.subject == f"Lịch hẹn đã thay đổi: {appointment.reference}"
    assert "Ngày: Ngày 06 tháng 3 năm 2026" in changed.body and "Thời gian: 14:00–14:30" in changed.body

    # 4. They keep it: the day before, the reminder goes out in Vietnamese too.
    time_machine.move_to(dt.datetime(2026, 3, 5, 18, 15, tzinfo=TAIPEI), tick=False)
    assert appointment_services.appointment_reminders_send() == 1
    reminder = _notice(appointment, "appointment_reminder")
    assert reminder.language == "vi"
    assert reminder.subject == f"Nhắc lịch: lịch hẹn của bạn vào ngày mai ({appointment.reference})"
    assert "Dịch vụ: Quầy đa năng" in reminder.body and "Ngày: Ngày 06 tháng 3 năm 2026" in reminder.body
    appointment.refresh_from_db()
    assert appointment.status == Appointment.Status.BOOKED

    # 5. On the day they check in at the station's kiosk with the booking reference.
    time_machine.move_to(dt.datetime(2026, 3, 6, 13, 50, tzinfo=TAIPEI), tick=False)
    check_in_url = reverse("queues:check_in", args=[station.code])
    page = phone.get(check_in_url)
    html = page.content.decode()
    assert page.status_code == 200
    assert "Đăng ký có mặt theo lịch hẹn" in html  # "Check in for your booking"
    assert "Đăng ký có mặt và lấy số" in html  # the "Check in and take a ticket" button
    response = phone.post(check_in_url, {"reference": appointment.reference.lower()})
    assert response.status_code == 201
    ticket = Ticket.objects.get()
    assert (ticket.category, ticket.display_number, ticket.appointment_reference) == (Category.APPOINTMENT, "B001", appointment.reference)
    assert (ticket.channel, ticket.language) == (Ticket.Channel.CHECK_IN, "vi")
    kiosk = response.content.decode()
    assert "Số của bạn" in kiosk and "B001" in kiosk  # "Your ticket"
    appointment.refresh_from_db()
    assert appointment.status == Appointment.Status.ARRIVED
    ticket_url = reverse("queues:ticket", args=[ticket.token])

    # 6. The officer opens counter 1 for general and booked tickets, and calls the next one.
    desk = _staff_browser(officer)
    assert counter.number == 1
    assert desk.get(reverse("queues:staff_station", args=[station.code])).status_code == 200
    response = desk.post(reverse("queues:staff_counter_open", args=[counter.pk]), {"categories": [Category.GENERAL, Category.APPOINTMENT]})
    assert response.status_code == 302 and response["Location"] == reverse("queues:staff_counter", args=[counter.pk])
    response = desk.post(reverse("queues:staff_counter_call", args=[counter.pk]))
    assert response.status_code == 302
    assert "Ticket B001 is called to your counter." in desk.get(response["Location"]).content.decode()
    ticket.refresh_from_db()
    assert (ticket.status, ticket.counter, ticket.officer) == (Ticket.Status.CALLED, counter, officer)

    # 7. The public display (and its live part) shows B001 called to counter 1.
    called = 'Đang gọi: <span class="ticket-number">B001</span> → quầy 1'  # "Now calling: B001 → counter 1"
    announced = 'data-announce="Số B001, mời đến quầy 1."'  # "Ticket B001, please go to counter 1."
    board_row = '<tr><td class="mono">B001</td><td>1</td></tr>'
    display = phone.get(reverse("queues:display", args=[station.code])).content.decode()
    assert called in display and announced in display and board_row in display
    live = phone.get(reverse("queues:display_live", args=[station.code]))
    assert live.status_code == 200
    assert called in live.content.decode() and board_row in live.content.decode()

    # 8. The officer serves and finishes; the supervisor, signed in for the day, has no alert yet.
    assert desk.post(reverse("queues:staff_ticket_action", args=[ticket.pk, "start"])).status_code == 302
    assert desk.post(reverse("queues:staff_ticket_action", args=[ticket.pk, "finish"])).status_code == 302
    ticket.refresh_from_db()
    assert ticket.status == Ticket.Status.SERVED
    alerts_url = reverse("feedback:alerts", args=[station.code])
    boss = _staff_browser(supervisor)  # the session of the first day has long expired
    assert "No alert to deal with." in boss.get(alerts_url).content.decode()

    # 9. On their phone, the ticket page leads to the rating; they tap "very dissatisfied".
    rate_url = reverse("feedback:rate_ticket", args=[ticket.token])
    assert rate_url in phone.get(ticket_url).content.decode()
    page = phone.get(rate_url)
    html = page.content.decode()
    assert page.status_code == 200
    assert "Đánh giá dịch vụ" in html  # "Rate the service"
    assert f'name="level" value="{Level.VERY_DISSATISFIED}">Rất không hài lòng</button>' in html
    response = phone.post(rate_url, {"level": Level.VERY_DISSATISFIED})
    assert response.status_code == 200
    assert "Xin cảm ơn. Bạn đã đánh giá dịch vụ: Rất không hài lòng." in response.content.decode()
    rating = Rating.objects.get()
    assert (rating.ticket, rating.counter, rating.officer, rating.level, rating.channel) == (
        ticket,
        counter,
        officer,
        Level.VERY_DISSATISFIED,
        Rating.Channel.PHONE,
    )

    # 10. The supervisor's alert screen (and its live part) shows the new alert at once.
    alert = Alert.objects.get()
    assert (alert.rating, alert.station, alert.status) == (rating, station, Alert.Status.OPEN)
    row = '<td>1</td> <td>Chen Yi-chun</td> <td class="mono">B001</td> <td><strong>Very dissatisfied</strong></td>'
    for url in (alerts_url, reverse("feedback:alerts_live", args=[station.code])):
        html = _squashed(boss.get(url).content.decode())
        assert "1 alert to deal with" in html
        assert row in html
        assert reverse("feedback:alert_move", args=[alert.pk]) in html


def _student_csv(count: int) -> bytes:
    lines = ["name,document_number,nationality,date_of_birth,service"]
    for i in range(1, count + 1):
        lines.append(f"Student {i:02d},C{i:08d},VNM,2005-{(i % 12) + 1:02d}-{(i % 28) + 1:02d},residence_certificate")
    return ("\n".join(lines) + "\n").encode()


def test_a_school_books_a_group_session_for_50_students_and_the_station_plans_it(time_machine):
    time_machine.move_to(BOOKED_AT, tick=False)
    station = af.station()
    supervisor = af.staff("supervisor@immigo.test", Role.SUPERVISOR, station, full_name="Huang Shu-fen")
    officers = [af.staff(f"officer{i}@immigo.test", Role.COUNTER_OFFICER, station, full_name=f"Officer {i}") for i in range(1, 4)]
    school = Organisation.objects.create(
        kind=Organisation.Kind.SCHOOL, name="國立臺灣大學", name_en="National Taiwan University", business_number="04595257"
    )
    login = User.objects.create_user("intl@ntu.example.test", "pw-for-tests-123", full_name="International Office")
    organisation_member_add(organisation=school, user=login)
    login.refresh_from_db()
    assert login.kind == User.Kind.ORGANISATION

    # 1. The school asks the station for a session on Monday morning.
    office = _staff_browser(login)
    new_url = reverse("appointments:org_session_new")
    assert station.code in office.get(new_url).content.decode()
    response = office.post(
        new_url,
        {
            "station": station.code,
            "kind": GroupSession.Kind.AT_STATION,
            "day": GROUP_DAY.isoformat(),
            "start": "09:00",
            "end": "12:00",
            "contact_name": "Lin Mei",
            "contact_phone": "02-3366-1234",
            "contact_email": "intl@ntu.example.test",
        },
    )
    session = GroupSession.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("appointments:org_session", args=[session.reference])
    assert (session.organisation, session.station, session.status, session.day) == (
        school,
        station,
        GroupSession.Status.REQUESTED,
        GROUP_DAY,
    )

    # 2. It uploads the list of its 50 students.
    upload = SimpleUploadedFile("students.csv", _student_csv(50), content_type="text/csv")
    response = office.post(response["Location"], {"file": upload})
    assert response.status_code == 302
    assert "The list of 50 people is saved." in office.get(response["Location"]).content.decode()
    assert GroupMember.objects.filter(session=session).count() == 50

    # 3. The station sees the request with what it needs: 50 people, 3 officers (one per 20).
    boss = _staff_browser(supervisor)
    listing = _squashed(boss.get(f"{reverse('appointments:staff_groups')}?station={station.code}").content.decode())
    assert session.reference in listing and "國立臺灣大學" in listing
    assert "<td>50</td> <td>3</td> <td>0</td>" in listing  # people, officers needed, officers assigned
    group_url = reverse("appointments:staff_group", args=[session.reference])
    page = boss.get(group_url).content.decode()
    assert "<dt>People</dt><dd>50</dd>" in page and "<dt>Officers needed</dt><dd>3</dd>" in page

    # Two officers are not enough for 50 people; three are.
    response = boss.post(group_url, {"action": "confirm", "officers": [officers[0].pk, officers[1].pk]})
    assert response.status_code == 422
    assert "This session needs at least 3 officers for 50 people." in response.content.decode()
    session.refresh_from_db()
    assert session.status == GroupSession.Status.REQUESTED
    response = boss.post(group_url, {"action": "confirm", "officers": [o.pk for o in officers]})
    assert response.status_code == 302
    session.refresh_from_db()
    assert session.status == GroupSession.Status.CONFIRMED
    assert set(session.officers.all()) == set(officers)
    confirmed = OutboxMessage.objects.get(event="group_session_confirmed", channel="email")
    assert confirmed.recipient == "intl@ntu.example.test"
    assert "People on the list: 50" in confirmed.body and "Officers assigned: 3" in confirmed.body

    # 4. The station's day plan shows the session planned: 50 people, 3 officers needed and assigned.
    plan = boss.get(f"{reverse('appointments:staff_plan')}?station={station.code}&day={GROUP_DAY.isoformat()}")
    assert plan.status_code == 200
    html = _squashed(plan.content.decode())
    assert session.reference in html and "國立臺灣大學" in html and "09:00–12:00" in html
    assert "50 people" in html and "3 officers needed" in html and "3 assigned" in html
    assert 'class="badge badge--confirmed"' in html
