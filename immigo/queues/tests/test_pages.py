import pytest
from django.urls import reverse

from immigo.core.models import AuditEntry
from immigo.queues import services
from immigo.queues.models import Category, PriorityReason, Ticket

from . import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def counters(station):  # type: ignore[no-untyped-def]
    return [f.counter(station, 1, [Category.GENERAL, Category.QUICK], love=True), f.counter(station, 2, [Category.GENERAL])]


# --- public pages ------------------------------------------------------------------------------


def test_the_station_list_links_each_station_s_ticket_and_display_pages(client, station, counters, django_assert_num_queries):
    f.station(f.KAOHSIUNG)  # no counters: no queue online

    with django_assert_num_queries(1):
        response = client.get(reverse("queues:station_list"))

    html = response.content.decode()
    assert reverse("queues:take", args=[station.code]) in html and reverse("queues:display", args=[station.code]) in html
    assert f.KAOHSIUNG not in html


def test_the_kiosk_gives_a_numbered_ticket_with_its_qr_code(client, station, counters):
    page = client.get(reverse("queues:kiosk", args=[station.code]))
    assert page.status_code == 200
    assert 'name="category" value="quick"' in page.content.decode()

    response = client.post(reverse("queues:kiosk", args=[station.code]), {"category": "quick", "priority_reason": PriorityReason.ELDERLY})

    ticket = Ticket.objects.get()
    html = response.content.decode()
    assert response.status_code == 201 and response["Cache-Control"] == "private, no-store"
    assert (ticket.display_number, ticket.channel, ticket.priority_reason) == ("Q001", "kiosk", "elderly")
    assert "Q001" in html and "<svg" in html and "Priority ticket" in html
    assert reverse("queues:kiosk", args=[station.code]) in html  # back to the start by itself


def test_the_kiosk_refuses_a_category_the_station_does_not_give(client, station, counters):
    response = client.post(reverse("queues:kiosk", args=[station.code]), {"category": "employer"})

    assert response.status_code == 422 and not Ticket.objects.exists()


def test_a_ticket_on_the_phone_with_a_bad_number_shows_the_error_beside_the_field(client, station, counters):
    response = client.post(
        reverse("queues:take", args=[station.code]), {"category": "general", "priority_reason": "", "phone": "12ab", "notify_places": "3"}
    )

    assert response.status_code == 422
    assert "Enter a mobile number of 8 to 15 digits" in response.content.decode()
    assert not Ticket.objects.exists()


def test_a_ticket_on_the_phone_leads_to_its_secret_page(client, station, counters):
    f.ticket(station)
    response = client.post(
        reverse("queues:take", args=[station.code]),
        {"category": "general", "priority_reason": "", "phone": "0912-345-678", "email": "", "notify_places": "2"},
    )

    ticket = Ticket.objects.get(channel="phone")
    assert response.status_code == 302 and response["Location"] == reverse("queues:ticket", args=[ticket.token])
    page = client.get(response["Location"])
    html = page.content.decode()
    assert page["Referrer-Policy"] == "no-referrer" and page["Cache-Control"] == "private, no-store"
    assert "A002" in html and "1 person is ahead of you" in html and "Your turn is near" in html
    assert "0912345678" not in html  # the contact is never shown back
    assert 'data-live-url="{}"'.format(reverse("queues:ticket_live", args=[ticket.token])) in html
    assert '<noscript><meta http-equiv="refresh"' in html


def test_the_ticket_page_tells_the_counter_when_called(client, station, officer, counters):
    ticket = f.ticket(station)
    services.counter_open(counter=counters[1], by=officer, categories=[Category.GENERAL])
    services.ticket_call_next(counter=counters[1], by=officer)

    html = client.get(reverse("queues:ticket_live", args=[ticket.token])).content.decode()

    assert "please go to counter 2" in html


def test_an_unknown_ticket_is_not_found(client):
    assert client.get(reverse("queues:ticket", args=["no-such-token"])).status_code == 404


def test_the_holder_can_give_up_a_waiting_ticket(client, station, counters):
    ticket = f.ticket(station)

    client.post(reverse("queues:ticket_cancel", args=[ticket.token]))

    ticket.refresh_from_db()
    assert ticket.status == Ticket.Status.CANCELLED


def test_the_display_shows_numbers_only_and_refreshes_without_javascript(client, station, officer, counters, django_assert_num_queries):
    f.ticket(station, channel=Ticket.Channel.PHONE, phone="0987654321", email="secret@example.test")
    f.ticket(station)
    services.counter_open(counter=counters[0], by=officer, categories=[Category.GENERAL])
    services.ticket_call_next(counter=counters[0], by=officer)

    page = client.get(reverse("queues:display", args=[station.code]))
    with django_assert_num_queries(4):  # station, calls, waiting counts, categories
        live = client.get(reverse("queues:display_live", args=[station.code]))

    for html in (page.content.decode(), live.content.decode()):
        assert "A001" in html and "counter 1" in html
        assert "0987654321" not in html and "secret@example.test" not in html and officer.full_name not in html
    assert 'aria-live="polite"' in page.content.decode() and '<noscript><meta http-equiv="refresh"' in page.content.decode()
    assert 'data-announce="Ticket A001, please go to counter 1."' in live.content.decode()


def test_the_booking_check_in_page_works_without_the_appointments_interface(client, station, counters):
    response = client.post(reverse("queues:check_in", args=[station.code]), {"reference": "AB12CD34"})

    assert response.status_code in (404, 503)  # unknown reference, or check-in not available yet
    assert not Ticket.objects.exists()


# --- staff pages -------------------------------------------------------------------------------


def test_an_officer_opens_a_counter_and_calls_the_next_number(client, station, officer, counters):
    f.ticket(station)
    client.force_login(officer)

    assert client.get(reverse("queues:staff_home")).status_code == 302  # one station: straight there
    assert client.get(reverse("queues:staff_station", args=[station.code])).status_code == 200
    opened = client.post(reverse("queues:staff_counter_open", args=[counters[1].pk]), {"categories": ["general"]})
    assert opened["Location"] == reverse("queues:staff_counter", args=[counters[1].pk])
    client.post(reverse("queues:staff_counter_call", args=[counters[1].pk]))
    console = client.get(reverse("queues:staff_counter", args=[counters[1].pk])).content.decode()

    assert "A001" in console and "Service finished" in console
    ticket = Ticket.objects.get()
    client.post(reverse("queues:staff_ticket_action", args=[ticket.pk, "finish"]))
    ticket.refresh_from_db()
    assert ticket.status == Ticket.Status.SERVED
    assert AuditEntry.objects.filter(object_type="queues.ticket", actor=officer).count() == 2


def test_staff_without_a_counter_role_there_may_not(client, station, volunteer, other_officer, counters):
    for user in (volunteer, other_officer):
        client.force_login(user)
        assert client.get(reverse("queues:staff_station", args=[station.code])).status_code == 403
        assert client.post(reverse("queues:staff_counter_open", args=[counters[0].pk]), {"categories": ["general"]}).status_code == 403


def test_an_anonymous_visitor_is_sent_to_sign_in(client, station, counters):
    response = client.get(reverse("queues:staff_station", args=[station.code]))

    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]


# --- API ---------------------------------------------------------------------------------------


def test_the_api_takes_a_ticket_and_shows_the_board(client, station, officer, counters):
    created = client.post(f"/api/v1/queue/stations/{station.code}/tickets", {"category": "quick"}, content_type="application/json")
    assert created.status_code == 201
    body = created.json()
    assert body["number"] == "Q001" and body["places_ahead"] == 0 and "/queue/t/" in body["url"]

    services.counter_open(counter=counters[0], by=officer, categories=[Category.QUICK])
    client.force_login(officer)
    called = client.post(f"/api/v1/queue/counters/{counters[0].pk}/call-next")
    board = client.get(f"/api/v1/queue/stations/{station.code}/board").json()

    assert called.json()["status"] == "called"
    assert board["calls"] == [{"number": "Q001", "counter": 1}]


def test_the_api_refuses_a_category_with_a_field_error(client, station, counters):
    response = client.post(f"/api/v1/queue/stations/{station.code}/tickets", {"category": "employer"}, content_type="application/json")

    assert response.status_code == 422 and response.json()["code"] == "queue_ticket_category_unavailable"


def test_the_kiosk_and_the_display_speak_traditional_chinese_by_default(station, counters):
    from django.test import Client

    browser = Client()  # no language preference: the interface default
    kiosk = browser.get(reverse("queues:kiosk", args=[station.code])).content.decode()
    display = browser.get(reverse("queues:display", args=[station.code])).content.decode()

    assert "請選擇號碼類別" in kiosk and "快速服務（入出國日期證明、加簽延期、按捺指紋）" in kiosk
    assert "目前沒有叫號。" in display
