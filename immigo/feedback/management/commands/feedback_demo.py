"""`manage.py feedback_demo`: five-light ratings of the demo tickets, the alerts of the unsatisfied
ones, and paper ballots of the service-expert vote (run `queues_demo` first).

- About four in five served tickets are rated, with the levels in the proportions of the seed's
  2011 figures (G01, Table 1-5: 96.65% very satisfied, 2.99% satisfied, 0.25% neutral, 0.03%
  dissatisfied, 0.07% very dissatisfied); the tickets of a station's last day add one
  dissatisfied rating, so each station has an alert.
- Alerts of earlier days were handled by the station's supervisor (Taipei: the demo supervisor)
  with a note; the last day's stay open, for the supervisor's screen.
- Last month, the Taoyuan station also counted 40 paper ballots entered by its volunteer.

Runs `queues_demo` first. Ratings of past days are written directly (the service only takes a rating on the day of
service or the day after). Idempotent: a ticket is rated once, an alert exists once per rating,
and ballots are found by their numbers.
"""

from __future__ import annotations

import datetime as dt
import io
import random
from typing import Any, cast

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from immigo.accounts.models import Role, StaffRole, User
from immigo.core import calendar
from immigo.core.management.commands.demo_data import DEMO_PASSWORD
from immigo.core.models import Unit
from immigo.feedback.models import Alert, AlertEvent, Ballot, Level, Rating
from immigo.feedback.selectors import officers_of_station
from immigo.queues.management.commands.queues_demo import STATIONS
from immigo.queues.models import Ticket

RATED_SHARE = 0.8
LEVEL_WEIGHTS = {5: 96.65, 4: 2.99, 3: 0.25, 2: 0.03, 1: 0.07}
BALLOT_STATION = "station-04-taoyuan"
BALLOTS = 40
HANDLED_NOTE = "Went to the counter, apologised and explained the procedure again; the applicant left satisfied."


def _supervisor(station: Unit) -> User:
    existing = StaffRole.objects.filter(role=Role.SUPERVISOR, unit=station).select_related("user").first()
    if existing is not None:
        return existing.user
    slug = station.code.split("-", 2)[-1]
    email = f"supervisor.{slug}@demo.immigo.tw"
    user = User.objects.filter(email=email).first() or User.objects.create_user(
        email, DEMO_PASSWORD, full_name=f"{station.name_zh}主管", kind=User.Kind.STAFF
    )
    StaffRole.objects.get_or_create(user=user, role=Role.SUPERVISOR, unit=station)
    return user


def _ratings(station: Unit) -> int:
    served = list(
        Ticket.objects.filter(station=station, status=Ticket.Status.SERVED, rating__isnull=True, service_day__lt=calendar.local_today())
        .exclude(officer__isnull=True)
        .order_by("service_day", "number", "id")
    )
    if not served:
        return 0
    last_day = max(t.service_day for t in served)
    ratings = []
    low_on_last_day = False
    for ticket in served:
        # Decided per ticket, so a second run skips the same tickets again.
        rng = random.Random(f"rating:{ticket.pk}")
        if rng.random() > RATED_SHARE:
            continue
        level = rng.choices(list(LEVEL_WEIGHTS), weights=list(LEVEL_WEIGHTS.values()))[0]
        if ticket.service_day == last_day and not low_on_last_day:
            level, low_on_last_day = Level.DISSATISFIED, True
        ratings.append(
            Rating(
                ticket=ticket,
                station=station,
                counter_id=cast(int, ticket.counter_id),  # a served ticket has both
                officer_id=cast(int, ticket.officer_id),
                level=level,
                channel=rng.choice([Rating.Channel.TABLET, Rating.Channel.TABLET, Rating.Channel.PHONE]),
                service_day=ticket.service_day,
            )
        )
    created = Rating.objects.bulk_create(ratings)
    finished = {t.pk: t.finished_at for t in served}
    for rating in created:
        rating.created_at = (finished[rating.ticket_id] or rating.created_at) + dt.timedelta(minutes=1)
    Rating.objects.bulk_update(created, ["created_at"])
    supervisor = _supervisor(station)
    for rating in created:
        if rating.level > Level.DISSATISFIED:
            continue
        alert = Alert.objects.create(rating=rating, station=station)
        if rating.service_day == last_day:
            continue
        handled_at = rating.created_at + dt.timedelta(minutes=6)
        Alert.objects.filter(pk=alert.pk).update(
            created_at=rating.created_at,
            status=Alert.Status.HANDLED,
            note=HANDLED_NOTE,
            acknowledged_by=supervisor,
            acknowledged_at=rating.created_at + dt.timedelta(minutes=1),
            handled_by=supervisor,
            handled_at=handled_at,
        )
        AlertEvent.objects.create(alert=alert, before=Alert.Status.OPEN, after=Alert.Status.HANDLED, actor=supervisor, note=HANDLED_NOTE)
    return len(created)


def _ballots(station: Unit) -> int:
    slug = station.code.split("-", 2)[-1]
    email = f"volunteer.{slug}@demo.immigo.tw"
    volunteer = User.objects.filter(email=email).first() or User.objects.create_user(
        email, DEMO_PASSWORD, full_name="志工 " + station.name_zh, kind=User.Kind.STAFF
    )
    StaffRole.objects.get_or_create(user=volunteer, role=Role.VOLUNTEER, unit=station)
    officers = list(officers_of_station(station=station))
    if not officers:
        return 0
    today = calendar.local_today()
    month = (today.replace(day=1) - dt.timedelta(days=1)).replace(day=1)
    rng = random.Random(f"ballots:{station.code}:{month}")
    made = 0
    for serial in range(1, BALLOTS + 1):
        # Most ballots name the same two officers: the vote has a clear winner.
        officer = officers[0] if serial % 3 else rng.choice(officers)
        _ballot, created = Ballot.objects.get_or_create(
            station=station,
            month=month,
            ballot_number=f"B{month:%Y%m}-{serial:03d}",
            defaults={"officer": officer, "cast_on": month + dt.timedelta(days=serial % 28), "entered_by": volunteer},
        )
        made += created
    return made


class Command(BaseCommand):
    help = "Five-light ratings of the demo tickets, their alerts, and last month's paper ballots at Taoyuan."

    def handle(self, *args: Any, **options: Any) -> None:
        stations = {u.code: u for u in Unit.objects.filter(code__in=STATIONS)}
        if len(stations) != len(STATIONS):
            raise CommandError("The stations are missing: run `manage.py demo_data` and `manage.py queues_demo` first.")
        # The tickets to rate come from the queue demo (idempotent, so running it again is harmless).
        call_command("queues_demo", verbosity=0, stdout=io.StringIO())
        made = 0
        with transaction.atomic():
            for code in STATIONS:
                made += _ratings(stations[code])
            made += _ballots(stations[BALLOT_STATION])
        self.stdout.write(f"feedback_demo: {made} ratings and ballots written")
