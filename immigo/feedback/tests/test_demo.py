from io import StringIO

import pytest
from django.core.management import call_command

from immigo.core.services import units_load
from immigo.feedback.models import Alert, Ballot, Rating
from immigo.feedback.selectors import expert_winner, statistics_for_month
from immigo.queues.models import Counter, Ticket

pytestmark = pytest.mark.django_db


def _counts() -> tuple[int, ...]:
    return (Counter.objects.count(), Ticket.objects.count(), Rating.objects.count(), Alert.objects.count(), Ballot.objects.count())


def test_the_demo_commands_load_a_working_station_and_a_second_run_writes_nothing():
    import datetime as dt

    from immigo.core.models import Unit

    units_load()
    call_command("feedback_demo", stdout=StringIO())  # runs queues_demo first
    first = _counts()
    call_command("feedback_demo", stdout=StringIO())
    call_command("queues_demo", stdout=StringIO())

    assert _counts() == first
    counters, tickets, ratings, alerts, ballots = first
    assert counters == 30 and tickets > 4000 and ratings > 3000 and ballots == 40 and alerts >= 5
    taipei = Unit.objects.get(code="station-01-taipei")
    assert Alert.objects.filter(station=taipei, status=Alert.Status.OPEN).count() == 1  # the last day's
    assert Ticket.objects.filter(station=taipei, status=Ticket.Status.CALLED).count() == 1  # the display shows a call
    stats = statistics_for_month(station=taipei, month=dt.date(2026, 10, 1))
    assert stats.total.satisfaction_rate is not None and stats.total.satisfaction_rate > 95
    assert expert_winner(station=Unit.objects.get(code="station-04-taoyuan"), month=dt.date(2026, 10, 1)) is not None
