"""Shared set-up of the residence benchmarks: a fresh PostgreSQL database with every migration and
the agency's units, and fictional residents written with COPY."""

from __future__ import annotations

import datetime as dt
import os
import random
import sys
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

LANGUAGES = ("vi", "vi", "vi", "id", "id", "zh-hant", "zh-hant", "zh-hant", "th", "tl", "en", "ja", "km", "my", "hi")
KINDS = ("foreign_resident", "foreign_resident", "mainland_dependent", "mainland_long_term", "hk_macao")


def log(message: str) -> None:
    sys.stderr.write(f"[bench] {message}\n")
    sys.stderr.flush()


def database_create(url: str) -> None:
    """Drops and creates the database named in `url` (PostgreSQL only)."""
    import psycopg

    parsed = urlparse(url)
    if parsed.scheme not in {"postgres", "postgresql"}:
        raise SystemExit("these benchmarks need PostgreSQL (DATABASE_URL=postgres://...)")
    name = parsed.path.lstrip("/")
    admin = parsed._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def database_drop(url: str) -> None:
    import psycopg

    parsed = urlparse(url)
    name = parsed.path.lstrip("/")
    with psycopg.connect(parsed._replace(path="/postgres").geturl(), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def django_start(url: str, data_dir: Path) -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.test"
    os.environ["DATABASE_URL"] = url
    os.environ["IMMIGO_DATA_DIR"] = str(data_dir)
    os.environ.setdefault("PYTHONWARNINGS", "ignore")
    import logging

    import django

    django.setup()
    logging.getLogger("weasyprint").setLevel(logging.WARNING)
    from django.core.management import call_command

    from immigo.core.services import units_load

    log("migrating")
    call_command("migrate", verbosity=0, skip_checks=True)
    units_load()


def ui_number(serial: int) -> str:
    """A fictional new-format UI number with a valid check digit (block Y8/Y9)."""
    from immigo.core import identifiers

    prefix = f"Y{8 + serial % 2}{serial:07d}"
    return prefix + identifiers.check_digit(prefix)


def resident_records(count: int, *, today: dt.date, seed: int = 20111231) -> list[dict[str, object]]:
    """`count` fictional residents with one permit each, expiries spread evenly over the next three
    years (the longest validity), so every day has about count/1095 permits expiring."""
    from immigo.core.models import Unit

    rng = random.Random(seed)
    stations = list(Unit.objects.filter(kind=Unit.Kind.SERVICE_STATION).order_by("code").values_list("code", "pk", "county_id"))
    out = []
    for serial in range(count):
        code, station_id, county_id = stations[serial % len(stations)]
        expires = today + dt.timedelta(days=1 + serial % 1095)
        contact = rng.random()
        out.append(
            {
                "serial": serial,
                "ui_number": ui_number(serial),
                "family_name": "NGUYEN",
                "given_names": f"THI {serial}",
                "native_name": "阮氏花",
                "sex": "F" if serial % 2 else "M",
                "date_of_birth": dt.date(1970 + serial % 30, 1 + serial % 12, 1 + serial % 28),
                "nationality": "VNM",
                "email": f"r{serial}@example.org" if contact < 0.7 else "",
                "phone": f"+8869{serial % 100000000:08d}" if contact < 0.85 or 0.9 < contact < 0.95 else "",
                "language": LANGUAGES[serial % len(LANGUAGES)],
                "address": f"示範路{serial}號",
                "county_id": county_id,
                "county": "",
                "station": code,
                "station_id": station_id,
                "permit_number": f"RP{serial:010d}",
                "permit_kind": KINDS[serial % len(KINDS)],
                "issued_on": expires - dt.timedelta(days=730),
                "expires_on": expires,
                "protected": serial % 500 == 0,
                "departed": serial % 300 == 1,
            }
        )
    return out
