"""`manage.py queues_demo`: counters, counter officers and past days of served tickets at the five
stations with the five-light system (seed G01: Taipei City, New Taipei City, Taoyuan, Taichung
1st, Kaohsiung 1st), and a few people waiting today (run `demo_data` first).

- Each station has six counters: a love counter (C02) serving every kind of ticket, two general
  counters, a quick-service counter (C07), a permanent-residence counter and an employer
  counter. Five fictional officers staff the first five; the sixth is left for the demo login
  (counter.taipei@demo.immigo.tw at Taipei) to open. Today, officers open counters 1 and 2 and
  call the first number.
- Every working day from the first day of last month until yesterday has served tickets at each
  station (a few no-shows among them), so the feedback demo can rate them and count a month of
  votes. Past days are written directly with their events (the services only issue today's
  numbers); today's waiting tickets go through the services.

Idempotent: counters and officers are found by their keys, a past day that has tickets is left
alone, and today's demo tickets are taken only when the station has none yet today.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from immigo.accounts.models import Role, StaffRole, User
from immigo.core import calendar
from immigo.core.management.commands.demo_data import DEMO_PASSWORD
from immigo.core.models import Unit
from immigo.queues import services
from immigo.queues.models import Category, Counter, PriorityReason, Ticket, TicketEvent, TicketSequence

C = Category
# (number, love counter, categories) of every demo station's counters.
COUNTERS: tuple[tuple[int, bool, tuple[str, ...]], ...] = (
    (1, True, (C.GENERAL, C.QUICK, C.PERMANENT_RESIDENCE, C.EMPLOYER, C.APPOINTMENT)),
    (2, False, (C.GENERAL, C.APPOINTMENT)),
    (3, False, (C.GENERAL, C.APPOINTMENT)),
    (4, False, (C.QUICK,)),
    (5, False, (C.PERMANENT_RESIDENCE,)),
    (6, False, (C.EMPLOYER, C.GENERAL)),
)
STATIONS = (
    "station-01-taipei",
    "station-02-new-taipei",
    "station-04-taoyuan",
    "station-08-taichung-first",
    "station-17-kaohsiung-first",
)
OFFICER_NAMES = (
    ("陳怡君", "林志明", "黃淑芬", "張家豪", "李雅雯"),
    ("王建宏", "吳佩珊", "劉俊傑", "蔡宜庭", "楊宗翰"),
    ("許美玲", "鄭文彬", "謝欣怡", "洪志偉", "郭淑惠"),
    ("曾柏翰", "廖婉婷", "賴冠宇", "周佳穎", "葉承恩"),
    ("蘇怡萱", "莊明輝", "呂思妤", "江俊男", "何雅琪"),
)
TICKETS_PER_DAY = 30
# Share of each category among the day's tickets, and of priority tickets among them.
CATEGORY_WEIGHTS = {C.GENERAL: 45, C.QUICK: 25, C.APPOINTMENT: 12, C.PERMANENT_RESIDENCE: 10, C.EMPLOYER: 8}
PRIORITY_SHARE = 0.08
NO_SHOW_SHARE = 0.03


def _officers(station: Unit, names: tuple[str, ...]) -> list[User]:
    slug = station.code.split("-", 2)[-1]
    officers = []
    for index, name in enumerate(names, start=1):
        email = f"officer{index}.{slug}@demo.immigo.tw"
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User.objects.create_user(email, DEMO_PASSWORD, full_name=name, kind=User.Kind.STAFF)
        StaffRole.objects.get_or_create(user=user, role=Role.COUNTER_OFFICER, unit=station)
        officers.append(user)
    return officers


def _counters(station: Unit) -> list[Counter]:
    counters = []
    for number, love, categories in COUNTERS:
        counter, _created = Counter.objects.get_or_create(
            station=station, number=number, defaults={"is_love_counter": love, "default_categories": list(categories)}
        )
        counters.append(counter)
    return counters


def _past_days(today: dt.date, county_id: int | None) -> list[dt.date]:
    first = (today.replace(day=1) - dt.timedelta(days=1)).replace(day=1)
    days, day = [], first
    while day < today:
        if calendar.is_working_day(day, county_id=county_id):
            days.append(day)
        day += dt.timedelta(days=1)
    return days


def _serving_counter(category: str, counters: list[Counter], rng: random.Random) -> Counter:
    serving = [c for c in counters[:5] if category in c.default_categories]
    return rng.choice(serving or counters[:1])


def _past_day(station: Unit, day: dt.date, counters: list[Counter], officers: list[User]) -> int:
    """One day of tickets at the station, all finished: served, or a no-show."""
    if Ticket.objects.filter(station=station, service_day=day).exists():
        return 0
    rng = random.Random(f"{station.code}:{day.isoformat()}")
    numbers: dict[str, int] = {}
    officer_at = {counter.pk: officers[i] for i, counter in enumerate(counters[:5])}
    opening = dt.datetime.combine(day, dt.time(8, 0), tzinfo=calendar.TAIPEI)
    tickets: list[Ticket] = []
    for index in range(TICKETS_PER_DAY):
        category = rng.choices(list(CATEGORY_WEIGHTS), weights=list(CATEGORY_WEIGHTS.values()))[0]
        numbers[category] = numbers.get(category, 0) + 1
        counter = _serving_counter(category, counters, rng)
        called = opening + dt.timedelta(minutes=15 * index + rng.randint(0, 10))
        no_show = rng.random() < NO_SHOW_SHARE
        tickets.append(
            Ticket(
                station=station,
                service_day=day,
                category=category,
                number=numbers[category],
                priority_reason=rng.choice(PriorityReason.values) if rng.random() < PRIORITY_SHARE else "",
                channel=rng.choice([Ticket.Channel.KIOSK, Ticket.Channel.KIOSK, Ticket.Channel.PHONE]),
                status=Ticket.Status.NO_SHOW if no_show else Ticket.Status.SERVED,
                counter=counter,
                officer=officer_at[counter.pk],
                called_at=called,
                finished_at=called + dt.timedelta(minutes=2 if no_show else rng.randint(4, 14)),
            )
        )
    created = Ticket.objects.bulk_create(tickets)
    # auto_now_add fills today's time: the tickets were taken on their own day.
    for ticket in created:
        ticket.issued_at = (ticket.called_at or opening) - dt.timedelta(minutes=rng.randint(5, 40))
    Ticket.objects.bulk_update(created, ["issued_at"])
    events = []
    for ticket in created:
        events += [
            TicketEvent(ticket=ticket, before="", after="waiting", action="issue"),
            TicketEvent(ticket=ticket, before="waiting", after="called", action="call", counter=ticket.counter, actor=ticket.officer),
            TicketEvent(
                ticket=ticket,
                before="called",
                after=ticket.status,
                action="no_show" if ticket.status == Ticket.Status.NO_SHOW else "finish",
                counter=ticket.counter,
                actor=ticket.officer,
            ),
        ]
    TicketEvent.objects.bulk_create(events)
    TicketSequence.objects.bulk_create(
        [TicketSequence(station=station, service_day=day, category=category, last_number=n) for category, n in numbers.items()]
    )
    return len(created)


def _today(station: Unit, counters: list[Counter], officers: list[User]) -> int:
    """A few people waiting now (through the services, as at the kiosk), two counters open and
    one number called, so the display and the counter pages show a working morning."""
    today = calendar.local_today()
    if Ticket.objects.filter(station=station, service_day=today).exists():
        return 0
    wanted: list[dict[str, Any]] = [
        {"category": C.GENERAL},
        {"category": C.QUICK},
        {"category": C.GENERAL, "priority_reason": PriorityReason.CHILD_UNDER_3},
        {"category": C.PERMANENT_RESIDENCE},
        {"category": C.GENERAL},
    ]
    for item in wanted:
        services.ticket_issue(station=station, channel=Ticket.Channel.KIOSK, **item)
    for counter, officer in zip(counters[:2], officers[:2], strict=True):
        if counter.officer_id is None and not Counter.objects.filter(officer=officer).exists():
            services.counter_open(counter=counter, by=officer, categories=counter.default_categories)
    services.ticket_call_next(counter=counters[1], by=officers[1])
    return len(wanted)


class Command(BaseCommand):
    help = "Counters, officers and past days of served tickets at the five-light stations; a few people waiting today."

    def handle(self, *args: Any, **options: Any) -> None:
        stations = {u.code: u for u in Unit.objects.filter(code__in=STATIONS)}
        if len(stations) != len(STATIONS):
            raise CommandError("The stations are missing: run `manage.py demo_data` first.")
        today = calendar.local_today()
        made = 0
        with transaction.atomic():
            for code, names in zip(STATIONS, OFFICER_NAMES, strict=True):
                station = stations[code]
                officers = _officers(station, names)
                counters = _counters(station)
                for day in _past_days(today, station.county_id):
                    made += _past_day(station, day, counters, officers)
                made += _today(station, counters, officers)
        self.stdout.write(f"queues_demo: {made} tickets written")
