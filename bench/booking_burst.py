"""Benchmark: many clients racing for the places of a popular day through the real booking
service (immigo.appointments.services.appointment_book), on PostgreSQL.

Creates its own database (dropped at the end), migrates it, opens one station's slots for the
next working day (the general counter's morning is the popular part), and makes one public
account per person. Then `--clients` processes, each with its own database connection, start
together and book: every person tries the popular morning slots first in random order and moves
on when a slot is full; a share of the people try twice (as if they double-clicked in two tabs).
Each booking writes the appointment, its history row, the slot's count and the e-mail
confirmation in the outbox (with its delivery task), exactly as the web page does.

Afterwards it counts, in SQL: slots holding more active bookings than places, slots whose
counter disagrees with their bookings, and people holding two active bookings for the service
that day. The baseline row is the same bookings made one after another by a single client.

    .venv/bin/python bench/booking_burst.py [--clients 16] [--people 3000] [--keep]

Needs PostgreSQL: DATABASE_URL (default postgres://postgres@127.0.0.1:5432/immigo_bench_booking;
the database is created and dropped).
Last line: RESULT booking_burst per_s=<n> overbooked=<n> double_booked=<n>
"""

from __future__ import annotations

import argparse
import datetime as dt
import multiprocessing as mp
import os
import random
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlparse, urlunparse

from _server import PYTHON, ROOT, log

DEFAULT_DB = "postgres://postgres@127.0.0.1:5432/immigo_bench_booking"
POPULAR_SHARE = 0.6  # of the people want one of the morning's slots
DOUBLE_TRY_SHARE = 0.1  # of the people try to book twice at once
GENERAL_PLACES = 120  # per slot: 15 slots outside lunch -> 1,800 places
NOON_PLACES = 40  # per slot over lunch (noon duty): 3 slots -> 120 places


def _admin_sql(url: str, statement: str) -> None:
    import psycopg

    parts = urlparse(url)
    admin = urlunparse(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(statement)


def _setup_django(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
    os.environ["DATABASE_CONN_MAX_AGE"] = "600"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    import logging

    logging.disable(logging.WARNING)


def _prepare(people: int, seed: int) -> dict[str, object]:
    """One station, the slots of the next working day, one account per person."""
    from django.contrib.auth.hashers import make_password

    from immigo.accounts.models import User
    from immigo.appointments.models import Slot, StationBookingConfig
    from immigo.appointments.services import slot_open_days
    from immigo.core import calendar
    from immigo.core.models import County, Unit

    county = County.objects.get_or_create(code="TW-TPE", defaults={"name_zh": "臺北市", "name_en": "Taipei City"})[0]
    station = Unit.objects.get_or_create(
        code="station-01-taipei",
        defaults={"kind": Unit.Kind.SERVICE_STATION, "name_zh": "臺北市服務站", "name_en": "Taipei City Service Center", "county": county},
    )[0]
    # A popular day: the general counter with 20 officers' worth of places per half hour, noon
    # duty with a third of them (places as a large station has them at the start of term).
    StationBookingConfig.objects.update_or_create(
        station=station, defaults={"general_capacity": GENERAL_PLACES, "noon_capacity": NOON_PLACES}
    )
    today = calendar.local_today()
    day = calendar.add_working_days(today, 1, county_id=county.pk)
    baseline_day = calendar.add_working_days(today, 2, county_id=county.pk)
    slot_open_days(station=station, start=day, end=baseline_day)
    password = make_password(None)
    User.objects.bulk_create(
        [User(email=f"p{n}@bench.immigo.test", full_name=f"Person {n}", kind=User.Kind.PUBLIC, password=password) for n in range(people)],
        batch_size=1000,
    )
    general = list(Slot.objects.filter(station=station, day=day, counter="general").order_by("start").values_list("pk", "start"))
    places = sum(Slot.objects.filter(pk__in=[pk for pk, _ in general]).values_list("capacity", flat=True))
    rng = random.Random(seed)
    users = list(User.objects.filter(email__endswith="@bench.immigo.test").order_by("pk").values_list("pk", flat=True))
    popular = [pk for pk, start in general if start < dt.time(12, 0)]
    rest = [pk for pk, _ in general if pk not in popular]
    plans: list[tuple[int, str, list[int]]] = []
    for n, user_id in enumerate(users):
        first = popular[:] if rng.random() < POPULAR_SHARE else rest[:]
        rng.shuffle(first)
        others = [pk for pk, _ in general if pk not in first]
        rng.shuffle(others)
        identity = f"BENCH{n:07d}"
        plans.append((user_id, identity, first + others))
        if rng.random() < DOUBLE_TRY_SHARE:
            plans.append((user_id, identity, first[:] + others))  # the same person again, at once
    rng.shuffle(plans)
    baseline_slots = list(
        Slot.objects.filter(station=station, day=baseline_day, counter="general").order_by("start").values_list("pk", flat=True)
    )
    return {"day": day, "places": places, "plans": plans, "baseline_slots": baseline_slots, "station_id": station.pk}


def _book_all(plans: list[tuple[int, str, list[int]]]) -> tuple[int, int, int, float]:
    """Books each plan in turn; returns (booked, full slots met, refused as duplicate, seconds)."""
    from immigo.accounts.models import User
    from immigo.appointments.errors import AppointmentAlreadyBookedError, SlotFullError
    from immigo.appointments.models import Slot
    from immigo.appointments.services import Holder, appointment_book

    slots = {s.pk: s for s in Slot.objects.select_related("station").filter(pk__in={pk for _, _, order in plans for pk in order})}
    users = User.objects.in_bulk({user_id for user_id, _, _ in plans})
    full: set[int] = set()
    booked = met_full = duplicates = 0
    started = time.perf_counter()
    for user_id, identity, order in plans:
        for slot_id in order:
            if slot_id in full:
                continue
            holder = Holder(
                full_name=f"Person {identity}", identity_number=identity, email=f"{identity.lower()}@bench.immigo.test", language="en"
            )
            try:
                appointment_book(slot=slots[slot_id], service_code="general", holder=holder, by=users[user_id])
            except SlotFullError:
                full.add(slot_id)
                met_full += 1
                continue
            except AppointmentAlreadyBookedError:
                duplicates += 1
            else:
                booked += 1
            break
    return booked, met_full, duplicates, time.perf_counter() - started


def _client(url: str, plans: list, barrier, results) -> None:  # type: ignore[no-untyped-def]
    _setup_django(url)
    from django.db import connection

    connection.ensure_connection()
    barrier.wait()
    results.put(_book_all(plans))
    connection.close()


def _verify(day: dt.date) -> tuple[int, int, int]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT count(*) FILTER (WHERE s.booked > s.capacity OR coalesce(a.n, 0) > s.capacity),
                   count(*) FILTER (WHERE s.booked <> coalesce(a.n, 0))
            FROM appointments_slot s
            LEFT JOIN (SELECT slot_id, count(*) AS n FROM appointments_appointment
                       WHERE status IN ('booked', 'arrived') GROUP BY slot_id) a ON a.slot_id = s.id
            """
        )
        overbooked, mismatched = cursor.fetchone()
        cursor.execute(
            """
            SELECT count(*) FROM (SELECT holder_key FROM appointments_appointment
                                  WHERE status IN ('booked', 'arrived') AND day = %s
                                  GROUP BY holder_key, service_code, day HAVING count(*) > 1) d
            """,
            [day],
        )
        (double_booked,) = cursor.fetchone()
    return overbooked, mismatched, double_booked


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--people", type=int, default=2400)
    parser.add_argument("--baseline", type=int, default=300, help="bookings of the one-client baseline")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    args = parser.parse_args()

    url = os.environ.get("DATABASE_URL", DEFAULT_DB)
    name = urlparse(url).path.lstrip("/")
    log(f"database {name}: creating and migrating")
    _admin_sql(url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    _admin_sql(url, f'CREATE DATABASE "{name}"')
    try:
        env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "config.settings.local"}
        subprocess.run([PYTHON, str(Path(ROOT) / "manage.py"), "migrate", "--verbosity", "0"], env=env, check=True, cwd=ROOT)
        _setup_django(url)
        setup = _prepare(args.people, args.seed)
        plans: list = setup["plans"]  # type: ignore[assignment]
        log(f"day {setup['day']}: {setup['places']} places at the general counter, {len(plans)} attempts by {args.people} people")

        # Baseline: one client, one booking after another, on another day.
        from immigo.accounts.models import User

        baseline_users = list(
            User.objects.filter(email__endswith="@bench.immigo.test").order_by("-pk").values_list("pk", flat=True)[: args.baseline]
        )
        baseline_plans = [(uid, f"BASE{n:07d}", list(setup["baseline_slots"])) for n, uid in enumerate(baseline_users)]  # type: ignore[call-overload]
        b_booked, _, _, b_seconds = _book_all(baseline_plans)
        baseline_per_s = b_booked / b_seconds if b_seconds else 0.0

        from django.db import connections

        connections.close_all()
        ctx = mp.get_context("fork")
        barrier = ctx.Barrier(args.clients + 1)
        results = ctx.Queue()
        chunks = [plans[i :: args.clients] for i in range(args.clients)]
        procs = [ctx.Process(target=_client, args=(url, chunk, barrier, results)) for chunk in chunks]
        for p in procs:
            p.start()
        barrier.wait()
        started = time.perf_counter()
        outcomes = [results.get() for _ in procs]
        elapsed = time.perf_counter() - started
        for p in procs:
            p.join()
        booked = sum(o[0] for o in outcomes)
        met_full = sum(o[1] for o in outcomes)
        duplicates = sum(o[2] for o in outcomes)
        per_s = booked / elapsed if elapsed else 0.0
        overbooked, mismatched, double_booked = _verify(setup["day"])  # type: ignore[arg-type]

        log("")
        log(f"{'':34} {'bookings':>9} {'seconds':>8} {'per s':>8}")
        log(f"{'baseline: 1 client, sequential':34} {b_booked:9d} {b_seconds:8.2f} {baseline_per_s:8.0f}")
        log(f"{f'burst: {args.clients} clients racing':34} {booked:9d} {elapsed:8.2f} {per_s:8.0f}")
        log(f"places {setup['places']}, booked {booked}; full slots met {met_full}; second tries refused {duplicates}")
        log(f"slots over capacity {overbooked}; slot counters out of step {mismatched}; people with two bookings {double_booked}")
        log(f"RESULT booking_burst per_s={per_s:.0f} overbooked={overbooked + mismatched} double_booked={double_booked}")
    finally:
        from django.db import connections

        connections.close_all()
        if not args.keep:
            _admin_sql(url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


if __name__ == "__main__":
    main()
