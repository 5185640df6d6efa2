import datetime as dt
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from immigo.core.errors import PermissionDeniedError
from immigo.core.models import AuditEntry
from immigo.feedback import selectors, services
from immigo.feedback.errors import (
    AlertNoteMissingError,
    AlertTransitionNotAllowedError,
    RatingAlreadyGivenError,
    RatingLevelInvalidError,
    RatingNotOpenError,
)
from immigo.feedback.models import Alert, Level, Rating
from immigo.feedback.selectors import LevelCounts
from immigo.feedback.workflow import ALLOWED
from immigo.queues import services as queue_services
from immigo.queues.tests import factories as qf

from . import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def counter(station, officer):  # type: ignore[no-untyped-def]
    return qf.opened(station, 3, officer)


# --- the rating --------------------------------------------------------------------------------


def test_a_rating_belongs_to_the_ticket_counter_officer_and_station(station, officer, counter):
    rating = f.rated(station, counter, officer, Level.VERY_SATISFIED)

    assert (rating.station, rating.counter, rating.officer, rating.service_day) == (station, counter, officer, dt.date(2026, 11, 24))
    assert not Alert.objects.exists()


def test_one_rating_per_ticket(station, officer, counter):
    rating = f.rated(station, counter, officer, Level.SATISFIED)

    with pytest.raises(RatingAlreadyGivenError):
        services.rating_submit(ticket=rating.ticket, level=Level.VERY_DISSATISFIED, channel=Rating.Channel.PHONE)
    with pytest.raises(IntegrityError), transaction.atomic():
        Rating.objects.create(
            ticket=rating.ticket,
            station=station,
            counter=counter,
            officer=officer,
            level=1,
            channel="phone",
            service_day=rating.service_day,
        )
    assert not Alert.objects.exists()


def test_only_a_served_ticket_is_rated_and_only_on_five_levels(station, officer, counter):
    waiting = qf.ticket(station)
    with pytest.raises(RatingNotOpenError):
        services.rating_submit(ticket=waiting, level=Level.VERY_SATISFIED, channel=Rating.Channel.PHONE)
    served = queue_services.ticket_finish(ticket=queue_services.ticket_call_next(counter=counter, by=officer), by=officer)
    for level in (0, 6):
        with pytest.raises(RatingLevelInvalidError):
            services.rating_submit(ticket=served, level=level, channel=Rating.Channel.PHONE)


def test_a_rating_is_taken_until_the_day_after_the_service(station, officer, counter, time_machine):
    served = qf.served(station, counter, officer)
    time_machine.move_to(dt.datetime(2026, 11, 26, 1, 0, tzinfo=dt.UTC), tick=False)

    with pytest.raises(RatingNotOpenError):
        services.rating_submit(ticket=served, level=Level.VERY_SATISFIED, channel=Rating.Channel.PHONE)


@pytest.mark.parametrize(("level", "alerts"), [(5, 0), (4, 0), (3, 0), (2, 1), (1, 1)])
def test_the_two_lowest_levels_alert_the_supervisor(station, officer, counter, level, alerts):
    f.rated(station, counter, officer, level)

    assert Alert.objects.filter(station=station, status=Alert.Status.OPEN).count() == alerts


# --- the supervisor's alert ----------------------------------------------------------------------


def test_an_alert_is_acknowledged_then_handled_with_a_note(station, officer, counter, supervisor):
    alert = f.rated(station, counter, officer, Level.VERY_DISSATISFIED).alert

    services.alert_move(alert=alert, to=Alert.Status.ACKNOWLEDGED, by=supervisor)
    with pytest.raises(AlertNoteMissingError):
        services.alert_move(alert=alert, to=Alert.Status.HANDLED, by=supervisor, note="  ")
    done = services.alert_move(
        alert=alert, to=Alert.Status.HANDLED, by=supervisor, note="Explained the fee again; the applicant was satisfied."
    )

    assert (done.status, done.acknowledged_by, done.handled_by) == (Alert.Status.HANDLED, supervisor, supervisor)
    assert list(done.events.values_list("after", flat=True)) == ["acknowledged", "handled"]
    assert AuditEntry.objects.filter(object_type="feedback.alert", object_id=str(alert.pk), actor=supervisor).count() == 2
    with pytest.raises(AlertTransitionNotAllowedError):
        services.alert_move(alert=done, to=Alert.Status.ACKNOWLEDGED, by=supervisor)


def test_the_database_refuses_a_handled_alert_without_a_note(station, officer, counter):
    alert = f.rated(station, counter, officer, Level.DISSATISFIED).alert

    with pytest.raises(IntegrityError), transaction.atomic():
        Alert.objects.filter(pk=alert.pk).update(status=Alert.Status.HANDLED, note="")


def test_only_the_station_s_supervisors_handle_its_alerts(station, officer, counter, volunteer):
    alert = f.rated(station, counter, officer, Level.DISSATISFIED).alert

    for user in (officer, volunteer):
        with pytest.raises(PermissionDeniedError):
            services.alert_move(alert=alert, to=Alert.Status.ACKNOWLEDGED, by=user)


def test_every_alert_status_has_a_row_in_the_table():
    assert set(ALLOWED) == set(Alert.Status)


# --- statistics (seed G01, Table 1-5) --------------------------------------------------------------


def test_the_seed_s_2011_figures_give_its_shares_and_satisfaction_rate():
    counts = LevelCounts(counts={5: 66659, 4: 2063, 3: 173, 2: 21, 1: 54}, served=0)

    assert (counts.total, counts.satisfied, counts.neutral, counts.dissatisfied) == (68970, 68722, 173, 75)
    assert counts.satisfaction_rate == Decimal("99.64")
    shares = {level: share for level, _n, share in counts.ordered()}
    assert (shares[5], shares[4], shares[3], shares[2]) == (Decimal("96.65"), Decimal("2.99"), Decimal("0.25"), Decimal("0.03"))
    assert counts.usage_rate is None  # nothing served: no rate rather than a division by zero


def test_the_seed_s_2010_satisfaction_computes_to_99_58():
    # The rows sum to 24,745 (the printed total 24,756 is a misprint); 24,642 / 24,745 = 99.58%.
    counts = LevelCounts(counts={5: 23606, 4: 1036, 3: 80, 2: 6, 1: 17}, served=0)

    assert (counts.total, counts.satisfaction_rate) == (24745, Decimal("99.58"))


def test_monthly_statistics_per_counter_with_the_usage_rate(station, officer, officer2, counter, django_assert_num_queries):
    other = qf.opened(station, 4, officer2)
    for level in (5, 5, 4, 1):
        f.rated(station, counter, officer, level)
    qf.served(station, counter, officer)  # served, not rated
    f.rated(station, other, officer2, 3)

    with django_assert_num_queries(3):
        stats = selectors.statistics_for_month(station=station, month=dt.date(2026, 11, 1))

    first, second = stats.counters
    assert (first.counter, first.counts.total, first.counts.served) == (counter, 4, 5)
    assert first.counts.satisfaction_rate == Decimal("75.00") and first.counts.usage_rate == Decimal("80.00")
    assert (second.counts.neutral, second.counts.usage_rate) == (1, Decimal("100.00"))
    assert (stats.total.total, stats.total.served, stats.total.dissatisfied) == (5, 6, 1)
    assert selectors.statistics_for_month(station=station, month=dt.date(2026, 10, 1)).total.total == 0


def test_the_statistics_page_and_csv_are_for_the_station_s_supervisors(client, station, officer, counter, supervisor):
    f.rated(station, counter, officer, Level.VERY_SATISFIED)
    f.rated(station, counter, officer, Level.DISSATISFIED)

    client.force_login(officer)
    assert client.get(reverse("feedback:statistics", args=[station.code])).status_code == 403
    client.force_login(supervisor)
    page = client.get(reverse("feedback:statistics", args=[station.code]), {"month": "2026-11"})
    csv = client.get(reverse("feedback:statistics_csv", args=[station.code]), {"month": "2026-11"})

    assert page.status_code == 200 and "50.00%" in page.content.decode()
    lines = csv.content.decode("utf-8-sig").splitlines()
    assert csv["Content-Type"].startswith("text/csv")
    assert lines[0].startswith("station,month,counter,Very satisfied,Satisfied,Neutral,Dissatisfied,Very dissatisfied,total")
    assert lines[1] == f"{station.code},2026-11,3,1,0,0,1,0,2,1,0,1,50.00,2,100.00"
    assert lines[2].startswith(f"{station.code},2026-11,all,1,0,0,1,0,2")


def test_a_bad_month_falls_back_to_this_month(client, station, supervisor):
    client.force_login(supervisor)

    response = client.get(reverse("feedback:statistics", args=[station.code]), {"month": "2026-13"})

    assert response.status_code == 200 and "Enter a month as year and month" in response.content.decode()


# --- rating pages ------------------------------------------------------------------------------------


def test_the_phone_rating_page_takes_one_tap(client, station, officer, counter):
    ticket = qf.served(station, counter, officer)
    url = reverse("feedback:rate_ticket", args=[ticket.token])

    page = client.get(url)
    assert page.status_code == 200 and page.content.decode().count('name="level"') == 5
    client.post(url, {"level": "4"})
    again = client.post(url, {"level": "1"})

    assert Rating.objects.get().level == 4 and "You rated the service: Satisfied" in again.content.decode()
    assert not Alert.objects.exists()


def test_the_counter_tablet_asks_about_the_ticket_just_served(client, station, officer, counter):
    tablet = reverse("feedback:tablet", args=[counter.tablet_token])
    waiting = client.get(tablet).content.decode()
    assert "please rate it here with one tap" in waiting and 'data-live-url="' in waiting  # nobody served yet: it waits
    ticket = qf.served(station, counter, officer)

    page = client.get(reverse("feedback:tablet_live", args=[counter.tablet_token])).content.decode()
    assert ticket.display_number in page and f'name="ticket" value="{ticket.pk}"' in page
    done = client.post(tablet, {"ticket": ticket.pk, "level": "2"})

    rating = Rating.objects.get()
    assert done.status_code == 200 and "Thank you for your rating." in done.content.decode()
    assert (rating.channel, rating.level, rating.counter) == ("tablet", 2, counter) and hasattr(rating, "alert")


def test_the_tablet_of_one_counter_cannot_rate_another_s_ticket(client, station, officer, officer2, counter):
    other = qf.opened(station, 4, officer2)
    ticket = qf.served(station, counter, officer)

    response = client.post(reverse("feedback:tablet", args=[other.tablet_token]), {"ticket": ticket.pk, "level": "1"})

    assert response.status_code == 409 and not Rating.objects.exists()


def test_the_api_rates_a_ticket(client, station, officer, counter):
    ticket = qf.served(station, counter, officer)

    response = client.post(f"/api/v1/feedback/tickets/{ticket.token}/rating", {"level": 1}, content_type="application/json")
    again = client.post(f"/api/v1/feedback/tickets/{ticket.token}/rating", {"level": 5}, content_type="application/json")

    assert response.status_code == 201 and response.json() == {"level": 1, "alert_raised": True}
    assert again.status_code == 409 and again.json()["code"] == "feedback_rating_already_given"
