"""Benchmark: a burst of quota applications (A10) from many agencies at the same moment.

10,000 applications from 200 concurrent clients for 5,000 places of one day, one traveller each.
Each client is a thread with its own database connection (spread over several processes, so
Python's GIL is not the bottleneck). Two measurements on two days of their own:

- allocation (the RESULT figure): 10,000 stored applications are received at once through
  `quotas.allocation.places_take`, the step that runs under the day's counter lock: receipt
  number, status, places or waiting list and the place rows, all or nothing. Receipts are taken
  in batches (whoever holds the lock receives every application stored before it, up to
  RECEIVE_BATCH, in one statement and one commit); a client whose application was received by
  another's batch reads its receipt. The number of batches (counter writes) is printed;
- whole filing: 10,000 agency requests through `quotas.services.group_application_submit`
  (membership and licence checks, the application and its traveller, the audit entry, then the
  allocation step). On a small machine this is bound by the clients' CPU, not by the lock.

Side by side, the same clients run the raw single-statement decrement on the same database:

    UPDATE quota_burst_raw SET remaining = remaining - 1 WHERE id = 1 AND remaining >= 1

Then the invariants are checked from the rows: no oversold place, no duplicate place number,
counters equal to the rows, receipt numbers 1..N, strict receipt order (a prefix holds places,
everyone after the first refusal waits).

    .venv/bin/python bench/quota_burst.py [--applications 10000] [--clients 200] [--places 5000]

PostgreSQL: a database of its own is created and dropped on the server of BENCH_DATABASE_URL
(default postgres://postgres@127.0.0.1:5432/postgres). When that server does not accept enough
connections for the clients, a private PostgreSQL cluster (Debian's binaries, default settings,
fsync on) is started in a temporary folder for the run and removed after it.
Last line: RESULT quota_burst per_s=<n> baseline_per_s=<n> ratio=<n> oversold=<n> duplicates=<n>
"""

from __future__ import annotations

import argparse
import datetime as dt
import glob
import multiprocessing as mp
import os
import secrets
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from _server import PYTHON, ROOT, free_port, log

DEFAULT_SERVER = "postgres://postgres@127.0.0.1:5432/postgres"
RAW_TABLE = "quota_burst_raw"


# --- PostgreSQL: a database (and, when needed, a cluster) of its own ----------------------------


class PrivateCluster:
    """A throwaway PostgreSQL cluster with room for the clients (run as the postgres user when
    this runs as root, as initdb requires)."""

    def __init__(self, max_connections: int) -> None:
        bindir = sorted(glob.glob("/usr/lib/postgresql/*/bin"))
        if not bindir:
            raise SystemExit("PostgreSQL server binaries not found (/usr/lib/postgresql/*/bin)")
        self.bin = Path(bindir[-1])
        self.dir = Path(tempfile.mkdtemp(prefix="quota-burst-pg-"))
        self.port = free_port()
        self.as_user: list[str] = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        if self.as_user:
            shutil.chown(self.dir, "postgres", "postgres")
        self._run("initdb", "-D", str(self.dir / "data"), "-A", "trust", "-U", "postgres", "--no-sync")
        options = f"-p {self.port} -c max_connections={max_connections} -c listen_addresses=127.0.0.1 -k {self.dir}"
        self._run("pg_ctl", "-D", str(self.dir / "data"), "-o", options, "-l", str(self.dir / "log"), "-w", "start")
        self.url = f"postgres://postgres@127.0.0.1:{self.port}/postgres"

    def _run(self, tool: str, *args: str) -> None:
        subprocess.run([*self.as_user, str(self.bin / tool), *args], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def stop(self) -> None:
        try:
            self._run("pg_ctl", "-D", str(self.dir / "data"), "-m", "fast", "-w", "stop")
        finally:
            shutil.rmtree(self.dir, ignore_errors=True)


def server_room(url: str) -> int:
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        limit = int(conn.execute("SHOW max_connections").fetchone()[0])  # type: ignore[index]
        reserved = int(conn.execute("SHOW superuser_reserved_connections").fetchone()[0])  # type: ignore[index]
        in_use = int(conn.execute("SELECT count(*) FROM pg_stat_activity").fetchone()[0])  # type: ignore[index]
    return limit - reserved - in_use


def database_create(server_url: str, name: str) -> str:
    import psycopg

    with psycopg.connect(server_url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return urlparse(server_url)._replace(path=f"/{name}").geturl()


def database_drop(server_url: str, name: str) -> None:
    import psycopg

    with psycopg.connect(server_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def django_env(database_url: str) -> dict[str, str]:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "DATABASE_URL": database_url,
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "0",
        "DATABASE_CONN_MAX_AGE": "600",
        "LOG_LEVEL": "ERROR",
    }
    env.pop("REDIS_URL", None)
    if redis_reachable():
        env["REDIS_URL"] = "redis://127.0.0.1:6379/6"
    return env


def redis_reachable() -> bool:
    import socket

    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=0.5):
            return True
    except OSError:
        return False


# --- the clients ---------------------------------------------------------------------------------


def _django_setup(env: dict[str, str]) -> None:
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    os.chdir(ROOT)
    import django

    django.setup()


def _client_service(jobs: list[int], ctx: dict[str, Any], barrier: Any, out: list[float]) -> None:
    from django.db import connection

    from immigo.accounts.models import User
    from immigo.organisations.models import Organisation
    from immigo.quotas.services import TravellerData, group_application_submit

    user = User.objects.get(pk=ctx["user_ids"][jobs[0] % len(ctx["user_ids"])]) if jobs else None
    organisation = Organisation.objects.get(pk=ctx["organisation_id"])
    day = dt.date.fromisoformat(ctx["day"])
    barrier.wait()
    for job in jobs:
        traveller = TravellerData(
            name_zh="旅客", name_roman=f"LU Ke {job}", sex="F", date_of_birth=dt.date(1990, 1, 1), permit_number=f"T{job:08d}"
        )
        group_application_submit(
            by=user,  # type: ignore[arg-type]
            organisation=organisation,
            category=ctx["category"],
            day=day,
            tour_name=f"burst {job}",
            travellers=[traveller],
        )
    out.append(time.perf_counter())
    connection.close()


def _client_take(jobs: list[int], ctx: dict[str, Any], barrier: Any, out: list[float]) -> None:
    from django.db import connection

    from immigo.quotas.allocation import places_take
    from immigo.quotas.models import GroupApplication

    ids = ctx["stored_ids"]
    day_id = ctx["take_day_id"]
    connection.ensure_connection()
    barrier.wait()
    for job in jobs:
        places_take(application=GroupApplication(pk=ids[job], quota_day_id=day_id, size=1))
    out.append(time.perf_counter())
    connection.close()


def _client_raw(jobs: list[int], ctx: dict[str, Any], barrier: Any, out: list[float]) -> None:
    import psycopg

    with psycopg.connect(ctx["database_url"], autocommit=True) as conn:
        sql = f"UPDATE {RAW_TABLE} SET remaining = remaining - %s WHERE id = 1 AND remaining >= %s"
        barrier.wait()
        for _job in jobs:
            conn.execute(sql, (1, 1))
        out.append(time.perf_counter())


def _process(kind: str, env: dict[str, str], ctx: dict[str, Any], client_jobs: list[list[int]], barrier: Any, results: Any) -> None:
    _django_setup(env)
    client = {"service": _client_service, "take": _client_take, "raw": _client_raw}[kind]
    ends: list[float] = []
    threads = [threading.Thread(target=client, args=(jobs, ctx, barrier, ends)) for jobs in client_jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    # perf_counter is the same clock across processes of one machine (CLOCK_MONOTONIC).
    results.put(max(ends) if ends else 0.0)


def burst(kind: str, *, env: dict[str, str], ctx: dict[str, Any], applications: int, clients: int, processes: int) -> float:
    """Runs the applications from `clients` threads over `processes` processes; returns seconds
    from the moment all clients are connected and ready to the last one's end."""
    spawn = mp.get_context("spawn")
    barrier = spawn.Barrier(clients + 1)
    results = spawn.Queue()
    jobs = [list(range(i, applications, clients)) for i in range(clients)]
    per_process = [jobs[p::processes] for p in range(processes)]
    procs = [spawn.Process(target=_process, args=(kind, env, ctx, chunk, barrier, results)) for chunk in per_process]
    for proc in procs:
        proc.start()
    barrier.wait()
    start = time.perf_counter()
    ends = [results.get(timeout=600) for _ in procs]
    for proc in procs:
        proc.join()
        if proc.exitcode != 0:
            raise SystemExit(f"a client process failed ({kind})")
    return max(ends) - start


# --- set-up and checks (in this process, through Django) ----------------------------------------


def seed(clients: int, places: int) -> dict[str, Any]:
    from django.contrib.auth.hashers import make_password

    from immigo.accounts.models import User
    from immigo.core import calendar
    from immigo.organisations.models import Membership, Organisation
    from immigo.quotas.models import Category, QuotaDay

    organisation = Organisation.objects.create(
        kind=Organisation.Kind.TRAVEL_AGENCY,
        name="壓測旅行社",
        business_number="12345675",
        licence_number="交觀甲 0001",
        licence_valid_until=calendar.local_today() + dt.timedelta(days=365),
        email="burst@agency.test",
    )
    password = make_password(None)
    users = User.objects.bulk_create(
        User(email=f"agent{i}@burst.test", full_name=f"agent {i}", kind=User.Kind.ORGANISATION, password=password) for i in range(clients)
    )
    Membership.objects.bulk_create(Membership(organisation=organisation, user=u, role=Membership.Role.MEMBER) for u in users)
    day = QuotaDay.objects.create(category=Category.INDIVIDUAL, day=calendar.local_today() + dt.timedelta(days=7), total=places)
    return {
        "organisation_id": organisation.pk,
        "user_ids": [u.pk for u in users],
        "day": day.day.isoformat(),
        "category": Category.INDIVIDUAL.value,
        "quota_day_id": day.pk,
    }


def store(ctx: dict[str, Any], applications: int, places: int) -> dict[str, Any]:
    """Applications already stored with their traveller (the first step of filing), waiting for
    their receipt on a day of their own: the allocation step alone is measured on them."""
    from immigo.quotas.models import GroupApplication, QuotaDay, Traveller

    day = QuotaDay.objects.create(category=ctx["category"], day=dt.date.fromisoformat(ctx["day"]) + dt.timedelta(days=1), total=places)
    stored = GroupApplication.objects.bulk_create(
        GroupApplication(
            quota_day=day,
            organisation_id=ctx["organisation_id"],
            filed_by_id=ctx["user_ids"][i % len(ctx["user_ids"])],
            tour_name=f"stored {i}",
            size=1,
        )
        for i in range(applications)
    )
    Traveller.objects.bulk_create(
        Traveller(
            application=a, line=1, name_zh="旅客", name_roman="LU Ke", sex="M", date_of_birth=dt.date(1990, 1, 1), permit_number=f"S{i:08d}"
        )
        for i, a in enumerate(stored)
    )
    return {"take_day_id": day.pk, "stored_ids": [a.pk for a in stored]}


def check(quota_day_id: int) -> dict[str, int]:
    """The invariants, from the rows."""
    from django.db.models import Count

    from immigo.quotas.models import GroupApplication, QuotaDay, QuotaPlace

    day = QuotaDay.objects.get(pk=quota_day_id)
    active = QuotaPlace.objects.filter(quota_day=day, released_at__isnull=True).count()
    oversold = max(0, active - day.total) + max(0, day.used - day.total)
    duplicates = QuotaPlace.objects.filter(quota_day=day).values("number").annotate(n=Count("number")).filter(n__gt=1).count()
    statuses = list(GroupApplication.objects.filter(quota_day=day).order_by("receipt_seq").values_list("receipt_seq", "status"))
    seqs = [s for s, _ in statuses]
    allocated = sum(1 for _, s in statuses if s == "allocated")
    first_waiting = next((i for i, (_, s) in enumerate(statuses) if s == "waiting"), len(statuses))
    order_kept = all(s == "allocated" for _, s in statuses[:first_waiting]) and all(s == "waiting" for _, s in statuses[first_waiting:])
    return {
        "applications": len(statuses),
        "allocated": allocated,
        "waiting": len(statuses) - allocated,
        "places_held": active,
        "counter_used": day.used,
        "counter_waiting": day.waiting,
        "total": day.total,
        "oversold": oversold,
        "duplicates": duplicates,
        "receipts_ok": int(seqs == list(range(1, len(statuses) + 1))),
        "order_kept": int(order_kept),
        "counters_match": int(day.used == active and day.waiting == len(statuses) - allocated),
        "counter_writes": day.version,
    }


def raw_prepare(database_url: str, places: int) -> None:
    import psycopg

    with psycopg.connect(database_url, autocommit=True) as conn:
        conn.execute(f"DROP TABLE IF EXISTS {RAW_TABLE}")
        conn.execute(f"CREATE TABLE {RAW_TABLE} (id integer PRIMARY KEY, remaining integer NOT NULL CHECK (remaining >= 0))")
        conn.execute(f"INSERT INTO {RAW_TABLE} VALUES (1, %s)", (places,))


def raw_remaining(database_url: str) -> int:
    import psycopg

    with psycopg.connect(database_url, autocommit=True) as conn:
        return int(conn.execute(f"SELECT remaining FROM {RAW_TABLE} WHERE id = 1").fetchone()[0])  # type: ignore[index]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--applications", type=int, default=10000)
    parser.add_argument("--clients", type=int, default=200)
    parser.add_argument("--places", type=int, default=5000)
    parser.add_argument("--processes", type=int, default=8)
    args = parser.parse_args()
    processes = min(args.processes, args.clients)

    server = os.environ.get("BENCH_DATABASE_URL") or DEFAULT_SERVER
    cluster: PrivateCluster | None = None
    if server_room(server) < args.clients + 10:
        log(f"{server} has no room for {args.clients} more connections: starting a private cluster")
        cluster = PrivateCluster(max_connections=args.clients + 30)
        server = cluster.url
    name = f"immigo_quota_burst_{os.getpid()}"
    try:
        database_url = database_create(server, name)
        env = django_env(database_url)
        log(f"database {name}: migrating")
        subprocess.run([PYTHON, "manage.py", "migrate", "--noinput", "-v0", "--skip-checks"], cwd=ROOT, env=env, check=True)
        _django_setup(env)
        ctx = seed(args.clients, args.places) | {"database_url": database_url}
        from django.db import connections

        raw_prepare(database_url, args.places)
        ctx |= store(ctx, args.applications, args.places)
        connections.close_all()
        common = {"env": env, "ctx": ctx, "applications": args.applications, "clients": args.clients, "processes": processes}

        log(f"{args.applications} decrements from {args.clients} clients ({processes} processes), raw SQL")
        raw_seconds = burst("raw", **common)
        remaining = raw_remaining(database_url)
        baseline = args.applications / raw_seconds

        log(f"{args.applications} stored applications received from {args.clients} clients: the allocation step")
        take_seconds = burst("take", **common)
        per_s = args.applications / take_seconds
        take = check(ctx["take_day_id"])

        log(f"{args.applications} applications filed from {args.clients} clients through the whole service")
        filing_seconds = burst("service", **common)
        filing_per_s = args.applications / filing_seconds
        filing = check(ctx["quota_day_id"])
        connections.close_all()
    finally:
        try:
            database_drop(server, name)
        finally:
            if cluster is not None:
                cluster.stop()

    given_raw = args.places - remaining
    log("")
    log(f"{'':36}{'allocation':>12}{'whole filing':>14}{'raw decrement':>15}")
    log(f"{'seconds':36}{take_seconds:>12.2f}{filing_seconds:>14.2f}{raw_seconds:>15.2f}")
    log(f"{'per second':36}{per_s:>12.0f}{filing_per_s:>14.0f}{baseline:>15.0f}")
    log(f"{'places given':36}{take['places_held']:>12}{filing['places_held']:>14}{given_raw:>15}")
    log(f"{'waiting (service) / refused (raw)':36}{take['waiting']:>12}{filing['waiting']:>14}{args.applications - given_raw:>15}")
    log(f"{'counter writes (receipt batches)':36}{take['counter_writes']:>12}{filing['counter_writes']:>14}{given_raw:>15}")
    log("")
    log("allocation: the receipt of a stored application (locks, counter, receipt number, status, places or waiting list)")
    log("whole filing: the agency's request (membership, licence, application, traveller, audit) and then the allocation")
    oversold = take["oversold"] + filing["oversold"] + max(0, given_raw - args.places)
    duplicates = take["duplicates"] + filing["duplicates"]
    passed = True
    for label, figures in (("allocation", take), ("whole filing", filing)):
        log(f"invariants ({label}): " + ", ".join(f"{k}={v}" for k, v in figures.items()))
        passed = passed and bool(figures["receipts_ok"] and figures["order_kept"] and figures["counters_match"])
        passed = passed and figures["places_held"] == args.places and not figures["oversold"] and not figures["duplicates"]
    log(f"invariant check: {'PASSED' if passed else 'FAILED'} (raw decrement: {given_raw} of {args.places} given, remaining {remaining})")
    log(
        f"RESULT quota_burst per_s={per_s:.0f} baseline_per_s={baseline:.0f} ratio={per_s / baseline:.2f} oversold={oversold} duplicates={duplicates}"
    )


if __name__ == "__main__":
    main()
