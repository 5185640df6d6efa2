"""The whole counter path, through the pages: a ticket at the kiosk, called to a counter, served,
rated low on the person's phone, and the alert on the supervisor's screen."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from immigo.feedback.models import Alert
from immigo.queues.models import Category, Ticket
from immigo.queues.tests import factories as qf

pytestmark = pytest.mark.django_db


def test_ticket_call_serve_rate_low_and_the_supervisor_sees_the_alert(station, officer, supervisor, django_assert_num_queries):
    counter = qf.counter(station, 2, [Category.GENERAL, Category.QUICK])
    person, desk, chief = (Client(headers={"Accept-Language": "en"}) for _ in range(3))
    desk.force_login(officer)
    chief.force_login(supervisor)

    # The person takes a quick-service ticket at the kiosk (an entry/exit date certificate, C07).
    kiosk = person.post(reverse("queues:kiosk", args=[station.code]), {"category": "quick", "priority_reason": ""})
    ticket = Ticket.objects.get()
    assert kiosk.status_code == 201 and "Q001" in kiosk.content.decode()

    # The officer opens counter 2, calls, and the display shows the number.
    desk.post(reverse("queues:staff_counter_open", args=[counter.pk]), {"categories": ["general", "quick"]})
    desk.post(reverse("queues:staff_counter_call", args=[counter.pk]))
    board = person.get(reverse("queues:display_live", args=[station.code])).content.decode()
    assert "Q001" in board and "counter 2" in board

    # Served; the ticket page offers the rating, and the person taps "very dissatisfied".
    desk.post(reverse("queues:staff_ticket_action", args=[ticket.pk, "start"]))
    desk.post(reverse("queues:staff_ticket_action", args=[ticket.pk, "finish"]))
    ticket_page = person.get(reverse("queues:ticket", args=[ticket.token])).content.decode()
    rate_url = re.search(r'href="(/feedback/t/[^"]+/)"', ticket_page).group(1)
    person.post(rate_url, {"level": "1"})

    # The supervisor's screen (and its live part) shows the alert at once.
    # session, user, roles, units, station, pending, handled, and the session save: whatever the number of alerts.
    with django_assert_num_queries(10):
        live = chief.get(reverse("feedback:alerts_live", args=[station.code])).content.decode()
    page = chief.get(reverse("feedback:alerts", args=[station.code])).content.decode()
    for html in (live, page):
        assert "1 alert to deal with" in html and "Q001" in html and "Very dissatisfied" in html and officer.full_name in html
    alert = Alert.objects.get()
    assert (alert.rating.counter, alert.rating.officer, alert.status) == (counter, officer, Alert.Status.OPEN)

    # The supervisor goes to the counter and records what was done.
    chief.post(reverse("feedback:alert_move", args=[alert.pk]), {"to": "acknowledged"})
    chief.post(reverse("feedback:alert_move", args=[alert.pk]), {"to": "handled", "note": "Explained the waiting time; resolved."})
    after = chief.get(reverse("feedback:alerts_live", args=[station.code])).content.decode()
    assert "No alert to deal with." in after and "Explained the waiting time; resolved." in after
    assert officer.full_name not in person.get(reverse("queues:display", args=[station.code])).content.decode()


def test_the_alert_screen_is_for_the_station_s_supervisors(client, station, officer, volunteer, supervisor):
    for user in (officer, volunteer):
        client.force_login(user)
        assert client.get(reverse("feedback:alerts", args=[station.code])).status_code == 403
    client.force_login(supervisor)
    assert client.get(reverse("feedback:alerts", args=[station.code])).status_code == 200
