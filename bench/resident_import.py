"""Benchmark: importing the residence registry from CSV.

Creates a fresh PostgreSQL database with every migration and the agency's units, writes a CSV of N
fictional residents (default 1,000,000) with one permit each, and imports it through the
registry's import path (immigo.residence.services.resident_import: every row validated, natural
keys matched, people, residents and permits written in batches). The baseline is the database's
own bulk load of the same records into the same three tables: PostgreSQL's COPY, with no
validation and no key matching, after emptying the tables.

    .venv/bin/python bench/resident_import.py [--residents 1000000] [--keep]

DATABASE_URL names the database to create and drop (default
postgres://postgres@127.0.0.1:5432/immigo_bench_residence_import).
Last line: RESULT resident_import rows_per_s=<n> baseline_rows_per_s=<n> ratio=<n>
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import gc
import os
import tempfile
import time
from pathlib import Path

from _residence import database_create, database_drop, django_start, log, resident_records

DEFAULT_DB = "postgres://postgres@127.0.0.1:5432/immigo_bench_residence_import"
COLUMNS = (
    "ui_number",
    "native_name",
    "family_name",
    "given_names",
    "sex",
    "date_of_birth",
    "nationality",
    "email",
    "phone",
    "language",
    "address",
    "county",
    "station",
    "permit_number",
    "permit_kind",
    "issued_on",
    "expires_on",
)


def write_csv(path: Path, records: list[dict[str, object]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(COLUMNS)
        for r in records:
            writer.writerow([r[name] for name in COLUMNS])


def tables_empty() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE residence_permit, residence_resident, core_person RESTART IDENTITY CASCADE")


def copy_baseline(records: list[dict[str, object]]) -> float:
    """The same records into the same tables with COPY; returns the seconds COPY took."""
    from django.db import connection, transaction
    from django.utils import timezone

    now = timezone.now()
    started = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        raw = cursor.cursor
        with raw.copy(
            "COPY core_person (id, ui_number, previous_ui_number, native_name, family_name, given_names, date_of_birth, sex,"
            " nationality, email, phone, preferred_language, address, county_id, created_at, updated_at) FROM STDIN"
        ) as copy:
            for n, r in enumerate(records, start=1):
                copy.write_row(
                    (
                        n,
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
            " protected, protected_email, protected_phone, created_at, updated_at) FROM STDIN"
        ) as copy:
            for n, r in enumerate(records, start=1):
                copy.write_row((n, n, r["ui_number"], "", "", r["station_id"], True, False, "", "", now, now))
        with raw.copy(
            "COPY residence_permit (id, resident_id, number, kind, issued_on, expires_on, status, station_id, renewal_case,"
            " created_at, updated_at) FROM STDIN"
        ) as copy:
            for n, r in enumerate(records, start=1):
                copy.write_row(
                    (n, n, r["permit_number"], r["permit_kind"], r["issued_on"], r["expires_on"], "valid", r["station_id"], "", now, now)
                )
    return time.perf_counter() - started


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
            from django.db import connection
            from django.utils import timezone

            from immigo.residence.models import Permit, Resident
            from immigo.residence.services import resident_import

            today = timezone.localdate()
            log(f"generating {args.residents:,} residents")
            records = resident_records(args.residents, today=today - dt.timedelta(days=400))
            path = Path(data_dir) / "residents.csv"
            write_csv(path, records)
            log(f"CSV: {path.stat().st_size / 1e6:.0f} MB")

            baseline_seconds = copy_baseline(records)
            tables_empty()
            # The import reads the file, as the command does: the generated records are not kept in
            # memory meanwhile (a million live dicts would make every garbage collection slower).
            sample_records = records[: min(10_000, len(records))]
            del records
            gc.collect()

            started = time.perf_counter()
            with path.open(encoding="utf-8", newline="") as stream:
                result = resident_import(stream=stream, by=None)
            seconds = time.perf_counter() - started
            assert not result.errors, result.errors[:5]
            assert result.created == Resident.objects.count() == Permit.objects.count() == args.residents

            # A re-import of a sample updates and adds nothing.
            sample = Path(data_dir) / "sample.csv"
            write_csv(sample, sample_records)
            with sample.open(encoding="utf-8", newline="") as stream:
                again = resident_import(stream=stream, by=None)
            assert again.created == 0 and Resident.objects.count() == args.residents

            rate = args.residents / seconds
            baseline = args.residents / baseline_seconds
            print(f"rows: {args.residents:,}")
            print(f"import path (read CSV, validate, match keys, write): {seconds:8.2f} s  {rate:12,.0f} rows/s")
            print(f"baseline: COPY of the same records into the same tables: {baseline_seconds:8.2f} s  {baseline:12,.0f} rows/s")
            print(f"re-import of {again.rows:,} rows: {again.updated:,} updated, {again.created} created")
            print(f"RESULT resident_import rows_per_s={rate:.0f} baseline_rows_per_s={baseline:.0f} ratio={rate / baseline:.2f}")
            connection.close()
    finally:
        if not args.keep:
            database_drop(url)


if __name__ == "__main__":
    main()
