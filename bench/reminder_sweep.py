"""Benchmark: the daily B06 expiry-reminder sweep on a national registry.

Creates a fresh PostgreSQL database with every migration and the agency's units, writes N
fictional residents (default 1,000,000) with COPY, one permit each, expiries spread evenly over the
next three years (about N/1095 a day), and the ladder steps the sweep wrote on the previous days
(notices for permits expiring in the next 14 days, calls for the next 6), as on any ordinary day.
Three interpreters per station phone in the residents' languages.

Then it measures:
- the sweep's selection of the day's actions (its one ORM query, materialised as Python objects),
  best of 3, against the same selection written as one raw SQL query run with psycopg, best of 3;
- the whole sweep (select, then create the steps, outbox notices with their rendered text, letter
  batches and call tasks, in batches of one transaction each);
- a second sweep the same day, which must create nothing.

    .venv/bin/python bench/reminder_sweep.py [--residents 1000000] [--keep]

DATABASE_URL names the database to create and drop (default
postgres://postgres@127.0.0.1:5432/immigo_bench_residence_sweep).
Last line: RESULT reminder_sweep seconds=<ORM selection> raw_seconds=<raw selection>
ratio=<raw/seconds> second_run_created=<n>
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import tempfile
import time
from pathlib import Path

from _residence import database_create, database_drop, django_start, log, resident_records

DEFAULT_DB = "postgres://postgres@127.0.0.1:5432/immigo_bench_residence_sweep"

RAW_SELECTION = """
SELECT p.id, p.expires_on, p.resident_id, p.station_id, u.code, u.name_zh, u.phone, u.county_id,
       r.person_id, pe.county_id, pe.email, pe.phone, pe.preferred_language, pe.native_name,
       pe.family_name, pe.given_names, r.sms_allowed, r.protected, r.protected_email,
       r.protected_phone, r.detained_since,
       EXISTS (SELECT 1 FROM residence_ladderstep s
               WHERE s.permit_id = p.id AND s.expires_on = p.expires_on AND s.step = 'notice') AS has_notice,
       EXISTS (SELECT 1 FROM residence_ladderstep s
               WHERE s.permit_id = p.id AND s.expires_on = p.expires_on AND s.step = 'call') AS has_call
FROM residence_permit p
JOIN residence_resident r ON r.id = p.resident_id
JOIN core_person pe ON pe.id = r.person_id
JOIN core_unit u ON u.id = p.station_id
WHERE p.status = 'valid' AND p.expires_on > %(day)s AND p.expires_on <= %(notice)s AND r.departed_on IS NULL
  AND (NOT EXISTS (SELECT 1 FROM residence_ladderstep s
                   WHERE s.permit_id = p.id AND s.expires_on = p.expires_on AND s.step = 'notice')
       OR (p.expires_on <= %(call)s AND r.detained_since IS NULL
           AND NOT EXISTS (SELECT 1 FROM residence_ladderstep s
                           WHERE s.permit_id = p.id AND s.expires_on = p.expires_on AND s.step = 'call')))
ORDER BY p.station_id, p.expires_on, p.id
"""


def load_registry(count: int, today: dt.date) -> None:
    from django.db import connection
    from django.utils import timezone

    log(f"generating {count:,} residents")
    records = resident_records(count, today=today)
    now = timezone.now()
    started = time.perf_counter()
    with connection.cursor() as cursor:
        raw = cursor.cursor
        with raw.copy(
            "COPY core_person (id, ui_number, previous_ui_number, native_name, family_name, given_names, date_of_birth, sex,"
            " nationality, email, phone, preferred_language, address, county_id, created_at, updated_at) FROM STDIN"
        ) as copy:
            for r in records:
                copy.write_row(
                    (
                        r["serial"] + 1,
                        r["ui_number"],
                        "",
                        r["native_name"],
                        r["family_name"],
                        r["given_names"],
                        r["date_of_birth"],
                        r["sex"],
                        r["nationality"],
                        r["email"],
                        r["phone"],
                        r["language"],
                        r["address"],
                        r["county_id"],
                        now,
                        now,
                    )
                )
        with raw.copy(
            "COPY residence_resident (id, person_id, ui_number, passport_country, passport_number, station_id, sms_allowed,"
            " protected, protected_email, protected_phone, departed_on, created_at, updated_at) FROM STDIN"
        ) as copy:
            for r in records:
                protected = bool(r["protected"])
                copy.write_row(
                    (
                        r["serial"] + 1,
                        r["serial"] + 1,
                        r["ui_number"],
                        "",
                        "",
                        r["station_id"],
                        True,
                        protected,
                        "",
                        "+886900000000" if protected else "",
                        today - dt.timedelta(days=30) if r["departed"] else None,
                        now,
                        now,
                    )
                )
        with raw.copy(
            "COPY residence_permit (id, resident_id, number, kind, issued_on, expires_on, status, station_id, renewal_case,"
            " created_at, updated_at) FROM STDIN"
        ) as copy:
            for r in records:
                copy.write_row(
                    (
                        r["serial"] + 1,
                        r["serial"] + 1,
                        r["permit_number"],
                        r["permit_kind"],
                        r["issued_on"],
                        r["expires_on"],
                        "valid",
                        r["station_id"],
                        "",
                        now,
                        now,
                    )
                )
        for table in ("core_person", "residence_resident", "residence_permit"):
            cursor.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))")
        # The steps earlier sweeps wrote: notices up to 14 days ahead, calls up to 6 days ahead.
        for step, days in (("notice", 14), ("call", 6)):
            cursor.execute(
                """
                INSERT INTO residence_ladderstep (permit_id, resident_id, expires_on, step, status, channel, unit_id, language,
                    outcome, note, created_on, due_on)
                SELECT p.id, p.resident_id, p.expires_on, %s, 'done', 'message', p.station_id, 'vi', 'sent', '',
                    p.expires_on - %s, p.expires_on - %s
                FROM residence_permit p JOIN residence_resident r ON r.id = p.resident_id
                WHERE p.expires_on > %s AND p.expires_on <= %s AND r.departed_on IS NULL
                """,
                [step, days + 1, days + 1, today, today + dt.timedelta(days=days)],
            )
        cursor.execute("ANALYZE")
    log(f"registry loaded in {time.perf_counter() - started:.1f} s")


def staff_create() -> None:
    from immigo.accounts.models import Role, StaffRole, User
    from immigo.core.models import Unit
    from immigo.residence.models import StaffLanguage

    languages = (("vi", "id"), ("zh-hant", "en", "th"), ("tl", "ja", "km", "my", "hi"))
    for station in Unit.objects.filter(kind=Unit.Kind.SERVICE_STATION):
        for index, spoken in enumerate(languages):
            user = User.objects.create_user(f"interp{index}.{station.code}@bench.test", "bench-password-1", kind=User.Kind.STAFF)
            StaffRole.objects.create(user=user, role=Role.INTERPRETER, unit=station)
            StaffLanguage.objects.bulk_create(StaffLanguage(user=user, language=code) for code in spoken)


def best_of(runs: int, work) -> tuple[float, int]:  # type: ignore[no-untyped-def]
    best, size = float("inf"), 0
    for _ in range(runs):
        started = time.perf_counter()
        size = work()
        best = min(best, time.perf_counter() - started)
    return best, size


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--residents", type=int, default=1_000_000)
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    args = parser.parse_args()
    url = os.environ.get("DATABASE_URL") or DEFAULT_DB
    database_create(url)
    try:
        with tempfile.TemporaryDirectory() as data_dir:
            django_start(url, Path(data_dir))
            from django.conf import settings
            from django.db import connection
            from django.utils import timezone

            settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
            from immigo.residence.services.ladder import CALL_DAYS, NOTICE_DAYS, ladder_actions_select, ladder_sweep

            today = timezone.localdate()
            load_registry(args.residents, today)
            staff_create()
            params = {"day": today, "notice": today + dt.timedelta(days=NOTICE_DAYS), "call": today + dt.timedelta(days=CALL_DAYS)}

            def raw() -> int:
                with connection.cursor() as cursor:
                    cursor.execute(RAW_SELECTION, params)
                    return len(cursor.fetchall())

            def orm() -> int:
                return len(ladder_actions_select(day=today))

            raw(), orm()  # warm the caches for both alike
            orm_seconds, orm_rows = best_of(3, orm)
            raw_seconds, raw_rows = best_of(3, raw)
            assert orm_rows == raw_rows, (orm_rows, raw_rows)
            log(f"selection: {orm_rows:,} actions; ORM {orm_seconds:.3f} s, raw SQL {raw_seconds:.3f} s")

            # A worker has its URLconf loaded before the morning's sweep: load it here too.
            from django.urls import reverse

            reverse("residence:dashboard")
            first = ladder_sweep(day=today)
            total = first.select_seconds + first.create_seconds
            print(f"residents: {args.residents:,}; today's actions: {first.selected:,}")
            print(f"select the day's ladder actions (ORM, best of 3):   {orm_seconds:8.3f} s")
            print(f"same selection, one raw SQL query (best of 3):      {raw_seconds:8.3f} s")
            print(f"sweep: select {first.select_seconds:.3f} s + create {first.create_seconds:.3f} s = {total:.3f} s")
            print(
                f"created: {first.notices:,} notices ({first.messages:,} outbox messages, {first.letters:,} letters, "
                f"{first.station_tasks:,} station contacts), {first.calls:,} call tasks"
            )
            second = ladder_sweep(day=today)
            print(f"second run the same day: {second.selected} selected, {second.created} created, {second.select_seconds:.3f} s")
            ratio = raw_seconds / orm_seconds if orm_seconds else 0.0
            print(
                f"RESULT reminder_sweep seconds={orm_seconds:.3f} raw_seconds={raw_seconds:.3f} ratio={ratio:.2f} "
                f"second_run_created={second.created}"
            )
            connection.close()
    finally:
        if not args.keep:
            database_drop(url)


if __name__ == "__main__":
    main()
